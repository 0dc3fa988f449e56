"""The front page. config/urls.py mounts these patterns in the ``core``
namespace, so the front page keeps its name ``core:home`` (used by every
breadcrumb, the header logo and LOGIN_REDIRECT_URL)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="home"),
]
