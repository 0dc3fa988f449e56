"""URLs of the competences rules pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
