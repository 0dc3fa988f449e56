"""URLs of the coverage dashboard pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
