"""URLs of the competences records pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
