"""URLs of the competences records pages (docs/competences.md)."""

from django.urls import URLPattern, path

from . import views_imports
from . import views_records as views

urlpatterns: list[URLPattern] = [
    path(
        "import/undervisningskompetencer/",
        views_imports.CompetencesImportView.as_view(),
        name="import",
    ),
    path(
        "medarbejder/<int:pk>/kompetence/ny/",
        views.CompetenceCreateView.as_view(),
        name="competence_add",
    ),
    path("kompetence/<int:pk>/", views.CompetenceEditView.as_view(), name="competence_edit"),
    path(
        "kompetence/<int:pk>/fjern/",
        views.CompetenceDeleteView.as_view(),
        name="competence_delete",
    ),
    path(
        "medarbejder/<int:pk>/kvalifikation/ny/",
        views.QualificationCreateView.as_view(),
        name="qualification_add",
    ),
    path(
        "kvalifikation/<int:pk>/",
        views.QualificationEditView.as_view(),
        name="qualification_edit",
    ),
    path(
        "kvalifikation/<int:pk>/fjern/",
        views.QualificationDeleteView.as_view(),
        name="qualification_delete",
    ),
    path(
        "kvalifikation/<int:pk>/bekraeft/",
        views.KiuConfirmView.as_view(),
        name="kiu_confirm",
    ),
    path(
        "indsats/<int:pk>/giver/",
        views.CompletionGrantSetView.as_view(),
        name="completion_grant_set",
    ),
    path(
        "indsats/<int:pk>/giver/fjern/",
        views.CompletionGrantRemoveView.as_view(),
        name="completion_grant_remove",
    ),
]
