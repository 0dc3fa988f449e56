"""URLs of the coverage planner pages."""

from django.urls import URLPattern, path

from . import views_planner as views

urlpatterns: list[URLPattern] = [
    path("planlaegning/", views.PlannerView.as_view(), name="planner"),
    path("planlaegning/indstil/", views.KiuNominateView.as_view(), name="kiu_nominate"),
    path(
        "planlaegning/indstillinger/",
        views.KiuNominationListView.as_view(),
        name="kiu_nominations",
    ),
    path(
        "planlaegning/indstillinger/<int:pk>/status/",
        views.KiuNominationStatusView.as_view(),
        name="kiu_nomination_status",
    ),
    path("kursusmuligheder/", views.CourseOptionListView.as_view(), name="course_options"),
    path(
        "kursusmuligheder/ny/",
        views.CourseOptionCreateView.as_view(),
        name="course_option_add",
    ),
    path(
        "kursusmuligheder/<int:pk>/",
        views.CourseOptionEditView.as_view(),
        name="course_option_edit",
    ),
]
