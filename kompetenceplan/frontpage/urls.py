"""The front page and the overviews. config/urls.py mounts these patterns in
the ``core`` namespace, so the front page keeps its name ``core:home`` (used by
every breadcrumb, the header logo and LOGIN_REDIRECT_URL)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="home"),
    path("overblik/", views.AdministrationOverviewView.as_view(), name="overview"),
    path("overblik/min-institution/", views.MyInstitutionView.as_view(), name="my_institution"),
    path(
        "overblik/institution/<int:pk>/",
        views.InstitutionOverviewView.as_view(),
        name="institution_overview",
    ),
]
