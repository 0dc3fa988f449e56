from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.BudgetOverviewView.as_view(), name="overview"),
    path("kilder/<int:pk>/", views.SourceDetailView.as_view(), name="source_detail"),
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
