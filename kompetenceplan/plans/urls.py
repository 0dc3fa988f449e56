from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/historik/", views.PlanHistoryView.as_view(), name="plan_history"),
    path("<int:pk>/kopier/", views.PlanCopyView.as_view(), name="plan_copy"),
    path("<int:pk>/rediger/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/ny-indsats/", views.InitiativeCreateView.as_view(), name="initiative_create"),
    path(
        "<int:pk>/indsatsomraader/ny/", views.FocusAreaFormView.as_view(), name="focus_area_create"
    ),
    path(
        "<int:pk>/indsatsomraader/<int:area_pk>/",
        views.FocusAreaFormView.as_view(),
        name="focus_area_edit",
    ),
    path("katalog/", views.CatalogueView.as_view(), name="catalogue"),
    path("indsatser/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("indsatser/<int:pk>/rediger/", views.InitiativeEditView.as_view(), name="initiative_edit"),
]
