"""The competences' URLs: each part of the app keeps its own list."""

from . import urls_records, urls_rules

app_name = "competences"

urlpatterns = [*urls_records.urlpatterns, *urls_rules.urlpatterns]
