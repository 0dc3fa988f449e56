"""The project's URLs plus a view that fails, for the 500 page test."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [*project_urlpatterns, path("test-fejl/", failing_view)]
