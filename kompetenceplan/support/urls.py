"""The support app's URLs (/henvendelser/)."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.RequestListView.as_view(), name="request_list"),
    path("ny/", views.RequestCreateView.as_view(), name="request_create"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("<int:pk>/rediger/", views.RequestEditView.as_view(), name="request_edit"),
    path("<int:pk>/send/", views.RequestSubmitView.as_view(), name="request_submit"),
    path("<int:pk>/accepter/", views.RequestAcceptView.as_view(), name="request_accept"),
    path("<int:pk>/afvis/", views.RequestDeclineView.as_view(), name="request_decline"),
    path("<int:pk>/planlaeg/", views.RequestPlanView.as_view(), name="request_plan"),
    path("<int:pk>/afslut/", views.RequestCompleteView.as_view(), name="request_complete"),
    path("vikarpuljen/", views.ApplicationListView.as_view(), name="application_list"),
    path("vikarpuljen/ny/", views.ApplicationCreateView.as_view(), name="application_create"),
    path("vikarpuljen/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path(
        "vikarpuljen/<int:pk>/bevilg/",
        views.ApplicationApproveView.as_view(),
        name="application_approve",
    ),
    path(
        "vikarpuljen/<int:pk>/afvis/",
        views.ApplicationRejectView.as_view(),
        name="application_reject",
    ),
    path("lokale-planer/", views.LocalPlanListView.as_view(), name="local_plan_list"),
    path("lokale-planer/ny/", views.LocalPlanCreateView.as_view(), name="local_plan_create"),
    path("lokale-planer/<int:pk>/", views.LocalPlanDetailView.as_view(), name="local_plan_detail"),
    path(
        "lokale-planer/<int:pk>/rediger/",
        views.LocalPlanEditView.as_view(),
        name="local_plan_edit",
    ),
]
