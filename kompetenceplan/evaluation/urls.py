"""The evaluation app's URLs."""

from django.urls import URLPattern

app_name = "evaluation"

urlpatterns: list[URLPattern] = []
