from django.urls import path

from . import views

# The front page (name "home") lives in the frontpage app; config/urls.py
# mounts its patterns in this namespace, so it stays ``core:home``.

app_name = "core"

urlpatterns = [
    path("tilgaengelighed/", views.AccessibilityView.as_view(), name="accessibility"),
]
