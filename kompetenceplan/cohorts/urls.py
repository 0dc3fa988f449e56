from django.urls import path

from . import views, views_mine, views_rollouts

app_name = "cohorts"

urlpatterns = [
    path("", views.CohortListView.as_view(), name="cohort_list"),
    path("skoleferier/", views.SchoolHolidayListView.as_view(), name="holiday_list"),
    path("skoleferier/ny/", views.SchoolHolidayCreateView.as_view(), name="holiday_create"),
    path(
        "skoleferier/<int:pk>/slet/",
        views.SchoolHolidayDeleteView.as_view(),
        name="holiday_delete",
    ),
    path("nyt/", views.CohortCreateView.as_view(), name="cohort_create"),
    path("<int:pk>/", views.CohortDetailView.as_view(), name="cohort_detail"),
    path("<int:pk>/rediger/", views.CohortEditView.as_view(), name="cohort_edit"),
    path("<int:pk>/slet/", views.CohortDeleteView.as_view(), name="cohort_delete"),
    path("<int:pk>/tilmeld/", views.EnrolSelfView.as_view(), name="enrol_self"),
    path("<int:pk>/indstil/", views.NominateView.as_view(), name="nominate"),
    path("<int:pk>/kursusgange/ny/", views.SessionCreateView.as_view(), name="session_create"),
    path("kursusgange/<int:pk>/rediger/", views.SessionEditView.as_view(), name="session_edit"),
    path("<int:pk>/gennemfoer/", views.CohortCompleteView.as_view(), name="cohort_complete"),
    path("kursusgange/<int:pk>/fremmoede/", views.AttendanceView.as_view(), name="attendance"),
    path("kursusgange/<int:pk>/slet/", views.SessionDeleteView.as_view(), name="session_delete"),
    path(
        "tilmeldinger/<int:pk>/godkend/",
        views.EnrolmentApproveView.as_view(),
        name="enrolment_approve",
    ),
    path(
        "tilmeldinger/<int:pk>/afvis/",
        views.EnrolmentDeclineView.as_view(),
        name="enrolment_decline",
    ),
    path(
        "tilmeldinger/<int:pk>/afmeld/",
        views.EnrolmentCancelView.as_view(),
        name="enrolment_cancel",
    ),
    path(
        "tilmeldinger/<int:pk>/udeblevet/",
        views.EnrolmentNoShowView.as_view(),
        name="enrolment_no_show",
    ),
]

# The people's own pages (views_mine).
urlpatterns += [
    path("mine-kurser/", views_mine.MyCoursesView.as_view(), name="my_courses"),
    path("mine-institutioner/", views_mine.LeaderCoursesView.as_view(), name="leader_courses"),
    path("mine-hold/", views_mine.ResponsibleCohortsView.as_view(), name="responsible_cohorts"),
]

# Rollouts (views_rollouts): an initiative's reach target and its progress.
urlpatterns += [
    path("indsats/<int:pk>/udrulning/", views_rollouts.RolloutView.as_view(), name="rollout"),
    path(
        "indsats/<int:pk>/udrulning/ikke-deltaget/",
        views_rollouts.RolloutNotYetView.as_view(),
        name="rollout_not_yet",
    ),
    path(
        "indsats/<int:pk>/udrulning/rediger/",
        views_rollouts.RolloutEditView.as_view(),
        name="rollout_edit",
    ),
    path(
        "indsats/<int:pk>/udrulning/slet/",
        views_rollouts.RolloutDeleteView.as_view(),
        name="rollout_delete",
    ),
]

# Spending (views_spending): a cohort's expenses and the substitute rates.
from . import views_spending  # noqa: E402

urlpatterns += [
    path(
        "<int:pk>/udgifter/ny/", views_spending.ExpenseCreateView.as_view(), name="expense_create"
    ),
    path(
        "udgifter/<int:pk>/rediger/", views_spending.ExpenseEditView.as_view(), name="expense_edit"
    ),
    path(
        "udgifter/<int:pk>/slet/", views_spending.ExpenseDeleteView.as_view(), name="expense_delete"
    ),
    path(
        "vikartimesatser/",
        views_spending.SubstituteRateListView.as_view(),
        name="substitute_rates",
    ),
    path(
        "vikartimesatser/ny/",
        views_spending.SubstituteRateSetView.as_view(),
        name="substitute_rate_set",
    ),
    path(
        "vikartimesatser/<int:pk>/slet/",
        views_spending.SubstituteRateDeleteView.as_view(),
        name="substitute_rate_delete",
    ),
]
