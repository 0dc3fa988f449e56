"""URLs of the lesson allocation import page (docs/competences.md)."""

from django.urls import URLPattern, path

from . import views_imports

urlpatterns: list[URLPattern] = [
    path(
        "import/fagfordeling/",
        views_imports.AllocationsImportView.as_view(),
        name="import_allocations",
    ),
]
