"""URLs of the coverage dashboard pages (views_dashboard.py)."""

from django.urls import URLPattern, path

from . import views_dashboard as views

urlpatterns: list[URLPattern] = [
    path("", views.CoverageOverviewView.as_view(), name="dashboard"),
    path("skoler/<int:pk>/", views.CoverageSchoolView.as_view(), name="school"),
    path(
        "skoler/<int:pk>/klasser/",
        views.CoverageDrilldownView.as_view(),
        name="drilldown",
    ),
]
