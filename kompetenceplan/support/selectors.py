"""Reads of the support app: the lists and pages, through the permission gate.
Named so the overviews and the committee's status report can read them later
(``requests_by_status``, ``applications_approved_total``)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.core.permissions import Action, get_restricted_or_404, municipality_q, restrict
from kompetenceplan.core.selectors import history_for
from kompetenceplan.funding.models import FundingSource
from kompetenceplan.organisation.models import Institution
from kompetenceplan.plans.models import Initiative

from .choices import ApplicationStatus
from .models import LocalPlan, ResourceRequest, SubstituteFundApplication


def request_list(*, user: User) -> QuerySet[ResourceRequest]:
    return restrict(
        ResourceRequest.objects.select_related("institution", "cohort"), user, Action.VIEW
    )


def request_get(*, user: User, pk: int, action: str = Action.VIEW) -> ResourceRequest:
    return get_restricted_or_404(
        ResourceRequest.objects.select_related(
            "institution", "requested_by", "cohort", "cohort__initiative"
        ),
        user,
        action,
        pk=pk,
    )


def requests_by_status(*, user: User) -> dict[str, int]:
    """Number of requests per status (for overviews)."""
    rows = request_list(user=user).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def request_history(request: ResourceRequest) -> QuerySet[ChangeLogEntry]:
    return history_for(request, reads=False)


def request_institutions(*, user: User) -> QuerySet[Institution]:
    """The institutions a user may write a request for."""
    institutions = Institution.objects.filter(municipality_q(user))
    if user.role == Role.LEADER:
        institutions = institutions.filter(pk__in=user.institution_ids)
    return institutions.order_by("name")


def plan_cohorts(*, user: User) -> QuerySet[Cohort]:
    """Cohorts a planned request can be linked to."""
    return restrict(Cohort.objects.select_related("initiative"), user, Action.VIEW).order_by(
        "-school_year", "name"
    )


def plan_initiatives(*, user: User) -> QuerySet[Initiative]:
    """Initiatives a new cohort can be made under (those the user may change)."""
    return restrict(Initiative.objects.select_related("plan"), user, Action.CHANGE).order_by(
        "plan__title", "number"
    )


def application_list(*, user: User) -> QuerySet[SubstituteFundApplication]:
    return restrict(
        SubstituteFundApplication.objects.select_related(
            "institution", "applicant", "allocation__source"
        ),
        user,
        Action.VIEW,
    )


def application_get(*, user: User, pk: int, action: str = Action.VIEW) -> SubstituteFundApplication:
    return get_restricted_or_404(
        SubstituteFundApplication.objects.select_related(
            "institution",
            "applicant",
            "decided_by",
            "allocation__source",
            "allocation__initiative",
        ),
        user,
        action,
        pk=pk,
    )


def application_history(application: SubstituteFundApplication) -> QuerySet[ChangeLogEntry]:
    return history_for(application, reads=False)


def applications_approved_total(*, user: User, year: int | None = None) -> Decimal:
    """The amount approved from substitute-fund applications (for reports)."""
    rows = application_list(user=user).filter(status=ApplicationStatus.APPROVED)
    if year is not None:
        rows = rows.filter(allocation__year=year)
    return rows.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def application_sources(*, user: User) -> QuerySet[FundingSource]:
    return restrict(FundingSource.objects.all(), user, Action.VIEW).order_by("name")


def application_initiatives(*, user: User) -> QuerySet[Initiative]:
    return restrict(Initiative.objects.select_related("plan"), user, Action.VIEW).order_by(
        "plan__title", "number"
    )


# --- local development plans ---------------------------------------------------------


def local_plan_list(*, user: User) -> QuerySet[LocalPlan]:
    return restrict(LocalPlan.objects.select_related("institution"), user, Action.VIEW)


def local_plan_get(*, user: User, pk: int, action: str = Action.VIEW) -> LocalPlan:
    return get_restricted_or_404(
        LocalPlan.objects.select_related("institution").prefetch_related(
            "initiatives__plan", "sections"
        ),
        user,
        action,
        pk=pk,
    )


def local_plan_history(local_plan: LocalPlan) -> QuerySet[ChangeLogEntry]:
    return history_for(local_plan, reads=False)


def local_plan_initiatives(*, user: User) -> QuerySet[Initiative]:
    """The initiatives a local plan can link to: those the user may read."""
    return application_initiatives(user=user)
