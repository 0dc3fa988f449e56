"""The followup app's URLs (/opfoelgning/)."""

from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("generer/", views.GenerateView.as_view(), name="generate"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/rediger/", views.MeetingEditView.as_view(), name="meeting_edit"),
]
