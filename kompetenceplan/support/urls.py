"""The support app's URLs."""

from django.urls import URLPattern

app_name = "support"

urlpatterns: list[URLPattern] = []
