"""The evaluation app's URLs (/evaluering/)."""

from django.urls import URLPattern, path

from . import views

app_name = "evaluation"

urlpatterns: list[URLPattern] = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("hold/<int:pk>/", views.CohortResultsView.as_view(), name="cohort_results"),
    path("indsats/<int:pk>/", views.InitiativeResultsView.as_view(), name="initiative_results"),
    path(
        "indsatsomraade/<int:pk>/",
        views.FocusAreaResultsView.as_view(),
        name="focus_area_results",
    ),
    path("skemaer/", views.TemplateListView.as_view(), name="template_list"),
    path("skemaer/ny/", views.TemplateCreateView.as_view(), name="template_create"),
    path("skemaer/<int:pk>/", views.TemplateDetailView.as_view(), name="template_detail"),
    path("skemaer/<int:pk>/rediger/", views.TemplateEditView.as_view(), name="template_edit"),
    path("skemaer/<int:pk>/slet/", views.TemplateDeleteView.as_view(), name="template_delete"),
    path(
        "skemaer/<int:pk>/spoergsmaal/ny/",
        views.QuestionCreateView.as_view(),
        name="question_create",
    ),
    path("spoergsmaal/<int:pk>/rediger/", views.QuestionEditView.as_view(), name="question_edit"),
    path("spoergsmaal/<int:pk>/slet/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("indstillinger/", views.SettingsView.as_view(), name="settings"),
    path("svar/<str:token>/", views.AnswerView.as_view(), name="answer"),
]
