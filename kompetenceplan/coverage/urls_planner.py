"""URLs of the coverage planner pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
