"""The followup app's URLs (/opfoelgning/)."""

from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("generer/", views.GenerateView.as_view(), name="generate"),
    path("typer/", views.KindListView.as_view(), name="kind_list"),
    path("typer/ny/", views.KindCreateView.as_view(), name="kind_create"),
    path("typer/<int:pk>/", views.KindDetailView.as_view(), name="kind_detail"),
    path("typer/<int:pk>/rediger/", views.KindEditView.as_view(), name="kind_edit"),
    path("typer/<int:pk>/slet/", views.KindDeleteView.as_view(), name="kind_delete"),
    path("typer/<int:pk>/generer/", views.KindGenerateView.as_view(), name="kind_generate"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/rediger/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("<int:pk>/aflys/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("<int:pk>/genoptag/", views.MeetingReinstateView.as_view(), name="meeting_reinstate"),
    path("<int:pk>/slet/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
]
