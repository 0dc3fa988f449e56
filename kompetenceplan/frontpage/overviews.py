"""The overviews (docs/overviews.md): one page per institution for its
leader and one page across institutions for the administration. Reads only:
they reuse the apps' selectors and add counts in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.models import Enrolment, RolloutTarget
from kompetenceplan.cohorts.rollouts import Reach, is_active, rollout_reach, school_years_from
from kompetenceplan.competences import rules
from kompetenceplan.competences.choices import ComplianceStatus
from kompetenceplan.core.permissions import Action, restrict
from kompetenceplan.coverage.computation import coverage_report
from kompetenceplan.coverage.selectors import current_school_year, dashboard_years
from kompetenceplan.evaluation.selectors import (
    SurveyStatus,
    institution_survey_status,
    open_surveys_by_institution,
    transfer_followups_awaiting,
)
from kompetenceplan.followup.selectors import meetings_of
from kompetenceplan.organisation.choices import InstitutionKind
from kompetenceplan.organisation.models import Employment, Institution
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.support.choices import ApplicationStatus, RequestStatus
from kompetenceplan.support.selectors import application_list, request_list

#: The requests the resource team still has to act on or carry out.
OPEN_REQUESTS = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.PLANNED)
#: Enrolments that place a person on a cohort (or on its way there).
ACTIVE_ENROLMENTS = (
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITLISTED,
)
NEXT_MEETINGS = 5


def _staff_enrolments(institution_ids: list[int]) -> QuerySet[Enrolment]:
    """Enrolments of the people currently employed at the institutions, each
    with ``institution_id`` (the first such institution, so a person employed
    at two of them counts once)."""
    employment = Employment.objects.filter(
        current_employments_q(), person=OuterRef("person"), institution_id__in=institution_ids
    ).order_by("institution_id")
    return Enrolment.objects.filter(
        person__in=Employment.objects.filter(
            current_employments_q(), institution_id__in=institution_ids
        ).values("person")
    ).annotate(institution_id=Subquery(employment.values("institution_id")[:1]))


def evaluation_years(school_year: str) -> list[str]:
    """The school years whose evaluations the institution overview shows: the
    previous and the current ("2025/26" -> ["2024/25", "2025/26"])."""
    return school_years_from(f"{int(school_year[:4]) - 1}", 2)


# --- one institution ------------------------------------------------------------------


@dataclass
class InstitutionOverview:
    institution: Institution
    pending: list[Enrolment]
    enrolments: list[Enrolment]
    requests: list[tuple[str, str, int]]
    open_requests: int
    applications: list[tuple[str, str, int]]
    pending_applications: int
    meetings: list[Any]
    transfer_awaiting: int
    compliance: dict[str, int]
    coverage: Decimal | None
    is_school: bool
    school_year: str
    coverage_year: str
    rollouts: list[tuple[RolloutTarget, Reach]] = field(default_factory=list)
    evaluations: list[SurveyStatus] = field(default_factory=list)
    people: list[Any] = field(default_factory=list)

    @property
    def evaluation_years(self) -> list[str]:
        return evaluation_years(self.school_year)

    @property
    def open_evaluations(self) -> int:
        return sum(1 for s in self.evaluations if s.is_open)

    @property
    def overdue(self) -> int:
        return self.compliance.get(ComplianceStatus.OVERDUE, 0)

    @property
    def due_soon(self) -> int:
        return self.compliance.get(ComplianceStatus.DUE_SOON, 0)


def _status_counts(queryset: QuerySet[Any], choices: Any) -> list[tuple[str, str, int]]:
    rows = {
        r["status"]: r["n"] for r in queryset.order_by().values("status").annotate(n=Count("id"))
    }
    return [(value, label, rows.get(value, 0)) for value, label in choices.choices]


def institution_overview(
    *, user: User, institution: Institution, now: dt.datetime | None = None
) -> InstitutionOverview:
    """What is due at ``institution`` and who of its staff is enrolled where.
    ``institution`` comes from :func:`rules.compliance_institution_get` (the
    leader's own, or any of the planner's municipality)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    school_year = current_school_year()
    enrolments = list(
        _staff_enrolments([institution.pk])
        .filter(status__in=ACTIVE_ENROLMENTS, cohort__completed_at__isnull=True)
        .select_related("person", "cohort", "cohort__initiative")
        .order_by(
            "cohort__initiative__sort_key",
            "cohort__name",
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )
    pending = [e for e in enrolments if e.status == EnrolmentStatus.REQUESTED]
    requests = request_list(user=user).filter(institution=institution)
    applications = application_list(user=user).filter(institution=institution)
    request_counts = _status_counts(requests, RequestStatus)
    application_counts = _status_counts(applications, ApplicationStatus)
    meetings = list(
        meetings_of(user=user).filter(institution=institution, starts_at__gte=now)[:NEXT_MEETINGS]
    )
    compliance = rules.institution_compliance(user=user, institution=institution, today=today)
    is_school = institution.kind == InstitutionKind.SCHOOL
    coverage = None
    coverage_year = school_year
    if is_school:
        coverage_year = dashboard_years(municipality_id=institution.municipality_id)[0]
        report = coverage_report(
            municipality_id=institution.municipality_id,
            school_year=coverage_year,
            institution_ids=[institution.pk],
        )
        coverage = report.figures.coverage if report.schools else None
    return InstitutionOverview(
        rollouts=institution_rollouts(user=user, institution=institution, today=today),
        evaluations=institution_survey_status(
            user=user,
            institution_id=institution.pk,
            school_years=evaluation_years(school_year),
            today=today,
        ),
        institution=institution,
        pending=pending,
        enrolments=enrolments,
        requests=request_counts,
        open_requests=sum(n for s, _label, n in request_counts if s in OPEN_REQUESTS),
        applications=application_counts,
        pending_applications=sum(
            n for s, _label, n in application_counts if s == ApplicationStatus.SUBMITTED
        ),
        meetings=meetings,
        transfer_awaiting=transfer_followups_awaiting(
            institution_ids=[institution.pk], today=today
        ).get(institution.pk, 0),
        compliance=compliance.counts,
        coverage=coverage,
        is_school=is_school,
        school_year=school_year,
        coverage_year=coverage_year,
        people=list({e.person.pk: e.person for e in enrolments}.values()),
    )


def _rollout_targets(user: User) -> list[RolloutTarget]:
    """The rollout targets the user may see, with their roles (two queries)."""
    return list(
        restrict(RolloutTarget.objects.all(), user, Action.VIEW)
        .select_related("initiative")
        .prefetch_related("target_roles")
        .order_by("initiative__sort_key", "pk")
    )


def institution_rollouts(
    *, user: User, institution: Institution, today: dt.date
) -> list[tuple[RolloutTarget, Reach]]:
    """The institution's row of each rollout target the user may see whose
    target group has people at the institution. Four queries, whatever the
    number of targets."""
    targets = _rollout_targets(user)
    reach = rollout_reach(targets=targets, institution_ids=[institution.pk], today=today)
    return [(t, reach[t.pk, institution.pk]) for t in targets if (t.pk, institution.pk) in reach]


# --- across institutions --------------------------------------------------------------


@dataclass
class InstitutionRow:
    institution: Institution
    pending_approvals: int = 0
    open_requests: int = 0
    pending_applications: int = 0
    overdue: int = 0
    transfer_awaiting: int = 0
    enrolments: int = 0
    open_surveys: int = 0
    coverage: Decimal | None = None
    #: Per active rollout target (the same targets on every row): the
    #: institution's row, None when the target group has nobody there.
    rollouts: list[tuple[RolloutTarget, Reach | None]] = field(default_factory=list)

    @property
    def is_school(self) -> bool:
        return self.institution.kind == InstitutionKind.SCHOOL

    @property
    def in_rollouts(self) -> bool:
        """Has any active rollout target people at the institution?"""
        return any(reach is not None for _target, reach in self.rollouts)


def _counts_by(queryset: QuerySet[Any], key: str = "institution_id") -> dict[int, int]:
    return {r[key]: r["n"] for r in queryset.order_by().values(key).annotate(n=Count("id"))}


def administration_overview(
    *, user: User, today: dt.date | None = None
) -> tuple[str, str, list[InstitutionRow]]:
    """Per institution of the user's municipality: pending enrolment approvals,
    open requests, pending applications, overdue mandatory items, unanswered
    transfer follow-ups, open evaluations, the active rollout targets' rows,
    enrolments this school year and (schools) coverage in the newest school year with
    coverage data (the coverage dashboard's year). A fixed number of queries,
    whatever the number of institutions. Numbers only, no names."""
    today = today or timezone.localdate()
    school_year = current_school_year()
    institutions = list(restrict(Institution.objects.all(), user, Action.VIEW).order_by("name"))
    rows = {i.pk: InstitutionRow(institution=i) for i in institutions}
    if not rows or user.municipality_id is None:
        return school_year, school_year, []
    ids = list(rows)
    staff = _staff_enrolments(ids)
    for institution_id, n in _counts_by(
        staff.filter(status=EnrolmentStatus.REQUESTED, cohort__completed_at__isnull=True)
    ).items():
        rows[institution_id].pending_approvals = n
    for institution_id, n in _counts_by(
        staff.filter(status__in=ACTIVE_ENROLMENTS + (EnrolmentStatus.COMPLETED,)).filter(
            cohort__school_year=school_year
        )
    ).items():
        rows[institution_id].enrolments = n
    for institution_id, n in _counts_by(
        request_list(user=user).filter(status__in=OPEN_REQUESTS)
    ).items():
        if institution_id in rows:
            rows[institution_id].open_requests = n
    for institution_id, n in _counts_by(
        application_list(user=user).filter(status=ApplicationStatus.SUBMITTED)
    ).items():
        if institution_id in rows:
            rows[institution_id].pending_applications = n
    for institution_id, n in transfer_followups_awaiting(institution_ids=ids, today=today).items():
        rows[institution_id].transfer_awaiting = n
    for institution_id, n in open_surveys_by_institution(institution_ids=ids, today=today).items():
        rows[institution_id].open_surveys = n
    _add_rollouts(rows, user=user, today=today)
    for counts in rules.compliance_overview(user=user, today=today):
        if counts.institution.pk in rows:
            rows[counts.institution.pk].overdue = counts.overdue
    coverage_year = school_year
    if any(r.is_school for r in rows.values()):
        coverage_year = dashboard_years(municipality_id=user.municipality_id)[0]
        report = coverage_report(municipality_id=user.municipality_id, school_year=coverage_year)
        for school in report.schools:
            if school.institution_id in rows:
                rows[school.institution_id].coverage = school.figures.coverage
    return school_year, coverage_year, list(rows.values())


def _add_rollouts(rows: dict[int, InstitutionRow], *, user: User, today: dt.date) -> None:
    """Each institution's rows of the active rollout targets (the current
    school year is in the period): four queries."""
    targets = [t for t in _rollout_targets(user) if is_active(t, today)]
    reach = rollout_reach(targets=targets, institution_ids=list(rows), today=today)
    for institution_id, row in rows.items():
        row.rollouts = [(t, reach.get((t.pk, institution_id))) for t in targets]


def totals(rows: list[InstitutionRow]) -> dict[str, int]:
    summed: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in (
            "pending_approvals",
            "open_requests",
            "pending_applications",
            "overdue",
            "transfer_awaiting",
            "open_surveys",
            "enrolments",
        ):
            summed[name] += getattr(row, name)
    return dict(summed)
