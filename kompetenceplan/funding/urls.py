from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.BudgetOverviewView.as_view(), name="overview"),
    path("kilder/ny/", views.SourceCreateView.as_view(), name="source_create"),
    path("kilder/<int:pk>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("kilder/<int:pk>/rediger/", views.SourceEditView.as_view(), name="source_edit"),
    path("kilder/<int:pk>/beloeb/ny/", views.BudgetCreateView.as_view(), name="budget_create"),
    path("beloeb/<int:pk>/rediger/", views.BudgetEditView.as_view(), name="budget_edit"),
    path("beloeb/<int:pk>/slet/", views.BudgetDeleteView.as_view(), name="budget_delete"),
    path(
        "kilder/<int:pk>/oeremaerkning/ny/",
        views.EarmarkCreateView.as_view(),
        name="earmark_create",
    ),
    path("oeremaerkning/<int:pk>/rediger/", views.EarmarkEditView.as_view(), name="earmark_edit"),
    path("oeremaerkning/<int:pk>/slet/", views.EarmarkDeleteView.as_view(), name="earmark_delete"),
    path("bevillinger/ny/", views.AllocationCreateView.as_view(), name="allocation_create"),
    path(
        "bevillinger/<int:pk>/rediger/",
        views.AllocationEditView.as_view(),
        name="allocation_edit",
    ),
    path(
        "bevillinger/<int:pk>/slet/",
        views.AllocationDeleteView.as_view(),
        name="allocation_delete",
    ),
]
