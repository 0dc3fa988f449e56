"""Reads of spending: a cohort's expenses, the allocations it may spend of,
the substitute rates and the cohort's substitute cost estimate
(docs/cohorts.md, "Udgifter"). Exact kroner: Decimal throughout."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.core.permissions import Action, can, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.funding.models import Allocation
from kompetenceplan.organisation.models import Employment

from .choices import SEATED_STATUSES
from .models import Attendance, Cohort, Enrolment, Expense, SubstituteRate

ZERO = Decimal("0")
CENT = Decimal("0.01")


def cohort_expenses(*, user: ActingUser, cohort: Cohort) -> list[Expense]:
    """The cohort's expenses the user may read, oldest first (one query)."""
    return list(
        restrict(Expense.objects.filter(cohort=cohort), user, Action.VIEW)
        .select_related("allocation__source")
        .order_by("date", "id")
    )


def expense_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Expense:
    return get_restricted_or_404(
        Expense.objects.select_related("cohort", "allocation__source"), user, action, pk=pk
    )


def cohort_allocations(cohort: Cohort) -> QuerySet[Allocation]:
    """The allocations of the cohort's initiative: what it may spend of."""
    return (
        Allocation.objects.filter(initiative_id=cohort.initiative_id)
        .select_related("source")
        .order_by("year", "order", "id")
    )


def spent_by_allocation(allocation_ids: Collection[int]) -> dict[int, Decimal]:
    """The expenses' total per allocation (one query): funding's spending source."""
    rows = (
        Expense.objects.filter(allocation_id__in=list(allocation_ids))
        .values("allocation_id")
        .annotate(total=Sum("amount"))
        .values_list("allocation_id", "total")
    )
    return {allocation_id: Decimal(total) for allocation_id, total in rows}


def substitute_rates(*, user: ActingUser) -> QuerySet[SubstituteRate]:
    return restrict(SubstituteRate.objects.select_related("job_role"), user, Action.VIEW)


def substitute_rate_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> SubstituteRate:
    return get_restricted_or_404(
        SubstituteRate.objects.select_related("job_role"), user, action, pk=pk
    )


# --- the substitute cost estimate -----------------------------------------------------

#: The estimate's basis.
ATTENDED = "attended"
PLANNED = "planned"
MIXED = "mixed"


@dataclass
class SubstituteEstimate:
    """A cohort's substitute cost: for each session, its hours for each
    participant (those recorded present; before the attendance list, those
    seated) at the hourly rate of the participant's job role in the session's
    year. Hours without a rate (no job role that day, or no rate for it) are
    counted apart and cost nothing in the total."""

    total: Decimal = ZERO
    hours: Decimal = ZERO
    hours_without_rate: Decimal = ZERO
    basis: str = PLANNED
    roles_without_rate: list[str] = field(default_factory=list)

    @property
    def basis_label(self) -> str:
        return {
            ATTENDED: _("efter fremmøde"),
            PLANNED: _("planlagt: timer × tilmeldte"),
            MIXED: _("efter fremmøde, og planlagt for kursusgange uden fremmøde"),
        }[self.basis]


def substitute_estimate(cohort: Cohort) -> SubstituteEstimate:
    """The cohort's substitute cost estimate (five queries)."""
    sessions = list(cohort.sessions.values_list("pk", "starts_at", "hours"))
    recorded: dict[int, list[int]] = defaultdict(list)
    recorded_ids: set[int] = set()
    for session_id, person_id, present in Attendance.objects.filter(
        session__cohort=cohort
    ).values_list("session_id", "person_id", "present"):
        recorded_ids.add(session_id)
        if present:
            recorded[session_id].append(person_id)
    seated = list(
        Enrolment.objects.filter(cohort=cohort, status__in=SEATED_STATUSES).values_list(
            "person_id", flat=True
        )
    )
    people = set(seated) | {p for ids in recorded.values() for p in ids}
    employments: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, role_id, role_name, start, end in (
        Employment.objects.filter(person_id__in=people)
        .order_by("start_date", "pk")
        .values_list("person_id", "job_role_id", "job_role__name", "start_date", "end_date")
    ):
        employments[person_id].append((role_id, role_name, start, end))
    rates = {
        (role_id, year): rate
        for role_id, year, rate in SubstituteRate.objects.filter(
            municipality_id=cohort.municipality_id
        ).values_list("job_role_id", "year", "hourly_rate")
    }
    estimate = SubstituteEstimate()
    missing: set[str] = set()
    for session_id, starts_at, hours in sessions:
        day = timezone.localdate(starts_at)
        participants = recorded[session_id] if session_id in recorded_ids else seated
        for person_id in participants:
            hours = Decimal(hours)
            estimate.hours += hours
            role = next(
                (
                    (role_id, name)
                    for role_id, name, start, end in employments[person_id]
                    if start <= day and (end is None or end >= day)
                ),
                None,
            )
            rate = rates.get((role[0], day.year)) if role else None
            if rate is None:
                estimate.hours_without_rate += hours
                missing.add(role[1] if role else _("ingen stilling"))
                continue
            estimate.total += hours * Decimal(rate)
    estimate.total = estimate.total.quantize(CENT)
    estimate.roles_without_rate = sorted(missing)
    if recorded_ids and len(recorded_ids) == len(sessions):
        estimate.basis = ATTENDED
    elif recorded_ids:
        estimate.basis = MIXED
    return estimate


@dataclass
class CohortSpending:
    """The cohort page's "Udgifter": the expenses with their total and the
    substitute cost estimate."""

    expenses: list[Expense]
    total: Decimal
    estimate: SubstituteEstimate
    can_change: bool


def cohort_spending(*, user: ActingUser, cohort: Cohort, can_change: bool) -> CohortSpending | None:
    """None for a user who may not read expenses (six queries otherwise)."""
    if not can(user, Expense, Action.VIEW):
        return None
    expenses = cohort_expenses(user=user, cohort=cohort)
    return CohortSpending(
        expenses=expenses,
        total=sum((e.amount for e in expenses), ZERO),
        estimate=substitute_estimate(cohort),
        can_change=can_change,
    )
