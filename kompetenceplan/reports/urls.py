from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path(
        "planer/<int:plan_pk>/dokument/<str:fmt>/",
        views.DocumentCreateView.as_view(),
        name="document_create",
    ),
    path("job/<int:pk>/", views.DocumentJobView.as_view(), name="job"),
    path("job/<int:pk>/hent/", views.DocumentDownloadView.as_view(), name="job_download"),
]
