"""URLs of the competences rules pages: the mandatory rules and the compliance lists."""

from django.urls import URLPattern, path

from . import views_rules

urlpatterns: list[URLPattern] = [
    path("regler/", views_rules.RuleListView.as_view(), name="rule_list"),
    path("regler/ny/", views_rules.RuleCreateView.as_view(), name="rule_create"),
    path("regler/<int:pk>/rediger/", views_rules.RuleEditView.as_view(), name="rule_edit"),
    path("regler/<int:pk>/slet/", views_rules.RuleDeleteView.as_view(), name="rule_delete"),
    path(
        "obligatoriske/",
        views_rules.ComplianceOverviewView.as_view(),
        name="compliance_overview",
    ),
    path(
        "obligatoriske/<int:pk>/",
        views_rules.ComplianceListView.as_view(),
        name="compliance_list",
    ),
    path(
        "obligatoriske/<int:pk>/tilmeld/",
        views_rules.ComplianceEnrolView.as_view(),
        name="compliance_enrol",
    ),
]
