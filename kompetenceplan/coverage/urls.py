"""The coverage's URLs: each part of the app keeps its own list."""

from . import urls_dashboard, urls_imports, urls_planner

app_name = "coverage"

urlpatterns = [
    *urls_dashboard.urlpatterns,
    *urls_planner.urlpatterns,
    *urls_imports.urlpatterns,
]
