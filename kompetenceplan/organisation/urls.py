from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("institutioner/", views.InstitutionListView.as_view(), name="institution_list"),
    path(
        "institutioner/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution_detail"
    ),
    path(
        "institutioner/<int:institution_pk>/teams/nyt/",
        views.TeamCreateView.as_view(),
        name="team_create",
    ),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team_detail"),
    path("teams/<int:pk>/rediger/", views.TeamEditView.as_view(), name="team_edit"),
    path("medarbejdere/", views.PersonListView.as_view(), name="person_list"),
    path("medarbejdere/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("medarbejdere/<int:pk>/rediger/", views.PersonEditView.as_view(), name="person_edit"),
    path("medarbejdere/<int:pk>/visninger/", views.PersonReadsView.as_view(), name="person_reads"),
    path("import/", views.ImportView.as_view(), {"kind": "medarbejdere"}, name="import_people"),
    path("import/<slug:kind>/", views.ImportView.as_view(), name="import"),
]
