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
    path("udvalgsmateriale/", views.CommitteeDocumentsView.as_view(), name="committee_documents"),
    path(
        "planer/<int:plan_pk>/status/",
        views.StatusReportLatestView.as_view(),
        name="status_report_latest",
    ),
    path(
        "planer/<int:plan_pk>/status/<int:year>/",
        views.StatusReportView.as_view(),
        name="status_report",
    ),
    path(
        "planer/<int:plan_pk>/status/<int:year>/dokument/<str:fmt>/",
        views.StatusReportCreateView.as_view(),
        name="status_report_create",
    ),
]
