"""Mandatory rules and compliance: the reads (docs/competences.md,
"Obligatoriske regler"). The writes are in ``services_rules.py``.

Who a rule covers, when their clock starts and what satisfies it:

- A person is covered by a rule through their *current* employments (no end
  date, or one not yet passed) in the municipality: one in the rule's job role
  (when the rule names one), and they hold the rule's resource function (when
  it names one); a rule naming both needs both. A rule naming institution
  kinds counts only employments at institutions of those kinds. The institutions of those
  employments are where the person appears in the compliance list.
- The trigger date: ``hire_date`` is the person's earliest employment start in
  the municipality (any employment, also an ended one); ``role_start`` the
  earliest start of their current employments in the rule's job role;
  ``fixed_date`` the rule's date. With ``applies_from`` set, a person whose
  trigger date is before it is not covered (the rule is for new hires from the
  day it was introduced).
- The due date is the trigger date plus the deadline in days.
- Done: a course completion of a cohort of the rule's initiative, or a
  qualification of the rule's kind, whenever it was obtained (a rule naming
  both is satisfied by either).
- Not done: overdue when the due date has passed, due soon when it falls within
  :data:`DUE_SOON_DAYS` days from today (today included), otherwise due.

:func:`compliance_items` computes every covered person's status with a fixed
number of queries, however many rules, people and institutions there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.models import Cohort, CourseCompletion, Enrolment
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, can, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.models import Employment, Institution, Person
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.permissions import PLANNERS

from .choices import ComplianceStatus, RuleTrigger
from .models import ComplianceReminder, MandatoryRule, Qualification
from .permissions import COMPLIANCE

#: "Due soon": the due date falls within this many days from today.
DUE_SOON_DAYS = 30

#: The order statuses are shown in (the most urgent first).
STATUS_ORDER = (
    ComplianceStatus.OVERDUE,
    ComplianceStatus.DUE_SOON,
    ComplianceStatus.DUE,
    ComplianceStatus.DONE,
)

#: Enrolment statuses that mean "on the way": a place, a request or the waitlist.
PENDING_ENROLMENT = (
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITLISTED,
)


@dataclass
class ComplianceItem:
    """One person under one rule."""

    rule: MandatoryRule
    person: Person
    trigger_date: dt.date
    due_on: dt.date
    status: str
    done_on: dt.date | None = None
    institution_ids: set[int] = field(default_factory=set)
    #: Filled by :func:`institution_compliance` for initiative rules not done.
    pending: Enrolment | None = None
    open_cohorts: list[Cohort] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ComplianceStatus(self.status).label)

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_over(self) -> int:
        return -self.days_left


def status_for(due_on: dt.date, done: bool, today: dt.date) -> str:
    if done:
        return ComplianceStatus.DONE
    if due_on < today:
        return ComplianceStatus.OVERDUE
    if due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return ComplianceStatus.DUE_SOON
    return ComplianceStatus.DUE


# --- rules ------------------------------------------------------------------------------


def rule_list(*, user: ActingUser) -> QuerySet[MandatoryRule]:
    return restrict(MandatoryRule.objects.all(), user, Action.VIEW).select_related(
        "job_role", "resource_function", "initiative__plan"
    )


def rule_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> MandatoryRule:
    return get_restricted_or_404(
        MandatoryRule.objects.select_related("job_role", "resource_function", "initiative"),
        user,
        action,
        pk=pk,
    )


# --- the computation --------------------------------------------------------------------


def _active_rules(municipality_id: int, rule_ids: Iterable[int] | None) -> list[MandatoryRule]:
    rules = MandatoryRule.objects.filter(municipality_id=municipality_id, active=True)
    if rule_ids is not None:
        rules = rules.filter(pk__in=list(rule_ids))
    return list(rules.select_related("job_role", "resource_function", "initiative"))


def compliance_items(
    *,
    municipality_id: int,
    institution_ids: Iterable[int] | None = None,
    rule_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
    rules: list[MandatoryRule] | None = None,
) -> list[ComplianceItem]:
    """Every covered person's status under every active rule of the
    municipality (or the rules given), at the institutions given (all when
    None). Four queries (one fewer when ``rules`` are given; the functions'
    query only when a rule names a resource function)."""
    today = today or timezone.localdate()
    if rules is None:
        rules = _active_rules(municipality_id, rule_ids)
    if not rules:
        return []
    role_ids = {r.job_role_id for r in rules if r.job_role_id}
    function_ids = {r.resource_function_id for r in rules if r.resource_function_id}
    through = Person.resource_functions.through
    people_with_functions = through.objects.filter(
        resourcefunction_id__in=function_ids, person__municipality_id=municipality_id
    )
    covered = Q(job_role_id__in=role_ids)
    if function_ids:
        covered |= Q(person_id__in=people_with_functions.values("person_id"))
    hired = (
        Employment.objects.filter(person_id=OuterRef("person_id"))
        .order_by("start_date")
        .values("start_date")[:1]
    )
    employments = Employment.objects.filter(
        current_employments_q(), covered, person__municipality_id=municipality_id
    )
    if institution_ids is not None:
        employments = employments.filter(institution_id__in=list(institution_ids))
    rows = list(
        employments.select_related("person")
        .annotate(hired_on=Subquery(hired), institution_kind=F("institution__kind"))
        .order_by("person__last_name", "person__first_name", "person__employee_number", "id")
    )
    functions: dict[int, set[int]] = defaultdict(set)
    if function_ids:
        for person_id, function_id in people_with_functions.values_list(
            "person_id", "resourcefunction_id"
        ):
            functions[person_id].add(function_id)
    done = _done_dates(municipality_id, rules)
    items: dict[tuple[int, int], ComplianceItem] = {}
    for rule in rules:
        for employment in rows:
            item = _item(rule, employment, functions, done, today)
            if item is None:
                continue
            key = (rule.pk, employment.person_id)
            existing = items.get(key)
            if existing is None:
                items[key] = item
            else:  # another current employment of the same person
                existing.institution_ids |= item.institution_ids
                if item.trigger_date < existing.trigger_date:
                    existing.trigger_date, existing.due_on = item.trigger_date, item.due_on
                    existing.status = item.status
    return list(items.values())


def _item(
    rule: MandatoryRule,
    employment: Any,
    functions: dict[int, set[int]],
    done: dict[tuple[str, Any, int], dt.date | None],
    today: dt.date,
) -> ComplianceItem | None:
    person_id = employment.person_id
    if rule.job_role_id and employment.job_role_id != rule.job_role_id:
        return None
    if rule.resource_function_id and rule.resource_function_id not in functions[person_id]:
        return None
    if rule.institution_kinds and employment.institution_kind not in rule.institution_kinds:
        return None
    trigger = trigger_date(rule, employment.hired_on, employment.start_date)
    if trigger is None:
        return None
    if rule.applies_from and rule.trigger != RuleTrigger.FIXED_DATE and trigger < rule.applies_from:
        return None
    due_on = trigger + dt.timedelta(days=rule.deadline_days)
    satisfied = False
    done_on: dt.date | None = None
    for key in (
        ("initiative", rule.initiative_id, person_id),
        ("qualification", rule.qualification_kind, person_id),
    ):
        if key[1] and key in done:
            satisfied = True
            when = done[key]
            if when is not None and (done_on is None or when < done_on):
                done_on = when
    return ComplianceItem(
        rule=rule,
        person=employment.person,
        trigger_date=trigger,
        due_on=due_on,
        status=status_for(due_on, satisfied, today),
        done_on=done_on,
        institution_ids={employment.institution_id},
    )


def trigger_date(
    rule: MandatoryRule, hired_on: dt.date | None, role_start: dt.date | None
) -> dt.date | None:
    """When the rule's clock starts for a person hired on ``hired_on`` whose
    employment in the rule's role started on ``role_start``."""
    if rule.trigger == RuleTrigger.FIXED_DATE:
        return rule.trigger_date
    if rule.trigger == RuleTrigger.ROLE_START:
        return role_start if rule.job_role_id else None
    return hired_on


def _done_dates(
    municipality_id: int, rules: list[MandatoryRule]
) -> dict[tuple[str, Any, int], dt.date | None]:
    """(kind, initiative id or qualification kind, person id) -> the earliest
    date it was done (None: done, date unknown). Two queries at most."""
    done: dict[tuple[str, Any, int], dt.date | None] = {}
    initiative_ids = {r.initiative_id for r in rules if r.initiative_id}
    kinds = {r.qualification_kind for r in rules if r.qualification_kind}
    if initiative_ids:
        completions = (
            CourseCompletion.objects.filter(
                municipality_id=municipality_id, cohort__initiative_id__in=initiative_ids
            )
            .values("person_id", "cohort__initiative_id")
            .annotate(first=Min("completed_on"))
        )
        for row in completions:
            done[("initiative", row["cohort__initiative_id"], row["person_id"])] = row["first"]
    if kinds:
        qualifications = (
            Qualification.objects.filter(municipality_id=municipality_id, kind__in=kinds)
            .values("person_id", "kind")
            .annotate(first=Min("obtained_on"))
        )
        for qualification in qualifications:
            key = ("qualification", qualification["kind"], qualification["person_id"])
            done[key] = qualification["first"]
    return done


def sort_items(items: list[ComplianceItem]) -> list[ComplianceItem]:
    """The most urgent first: by status, then due date, then name."""
    order = {status: i for i, status in enumerate(STATUS_ORDER)}
    return sorted(
        items,
        key=lambda i: (
            order[ComplianceStatus(i.status)],
            i.due_on,
            i.person.last_name,
            i.person.first_name,
            i.rule.name,
        ),
    )


# --- the compliance pages ---------------------------------------------------------------


def compliance_institutions(*, user: User) -> QuerySet[Institution]:
    """The institutions whose compliance list the user may see: planners all of
    the municipality's, a leader their own."""
    if not can(user, MandatoryRule, COMPLIANCE):
        return Institution.objects.none()
    institutions = restrict(Institution.objects.all(), user, Action.VIEW)
    if getattr(user, "role", None) not in PLANNERS:
        institutions = institutions.filter(pk__in=user.institution_ids)
    return institutions.order_by("name")


def compliance_institution_get(*, user: User, pk: int) -> Institution:
    return get_restricted_or_404(compliance_institutions(user=user), user, Action.VIEW, pk=pk)


@dataclass
class InstitutionCounts:
    institution: Institution
    counts: dict[str, int]

    @property
    def overdue(self) -> int:
        return self.counts.get(ComplianceStatus.OVERDUE, 0)

    @property
    def due_soon(self) -> int:
        return self.counts.get(ComplianceStatus.DUE_SOON, 0)

    @property
    def due(self) -> int:
        return self.counts.get(ComplianceStatus.DUE, 0)

    @property
    def done(self) -> int:
        return self.counts.get(ComplianceStatus.DONE, 0)


def compliance_overview(*, user: User, today: dt.date | None = None) -> list[InstitutionCounts]:
    """Per institution the user may see and where a rule covers someone: how
    many are overdue, due soon, due and done. Numbers only, no names."""
    institutions = list(compliance_institutions(user=user))
    if not institutions or user.municipality_id is None:
        return []
    ids = [i.pk for i in institutions]
    items = compliance_items(municipality_id=user.municipality_id, institution_ids=ids, today=today)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        for institution_id in item.institution_ids:
            counts[institution_id][item.status] += 1
    return [
        InstitutionCounts(institution=i, counts=dict(counts[i.pk]))
        for i in institutions
        if i.pk in counts
    ]


@dataclass
class InstitutionCompliance:
    institution: Institution
    rules: list[MandatoryRule]
    items: list[ComplianceItem]
    counts: dict[str, int]


def institution_compliance(
    *,
    user: ActingUser,
    institution: Institution,
    status: str = "",
    rule_id: int | None = None,
    today: dt.date | None = None,
) -> InstitutionCompliance:
    """The institution's compliance list, most urgent first, filtered by status
    and rule; each initiative rule not done with the person's pending enrolment
    on the initiative, or else the open cohorts to enrol them on. Six queries."""
    today = today or timezone.localdate()
    rules = _active_rules(institution.municipality_id, None)
    chosen = [r for r in rules if rule_id is None or r.pk == rule_id]
    items = compliance_items(
        municipality_id=institution.municipality_id,
        institution_ids=[institution.pk],
        today=today,
        rules=chosen,
    )
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.status] += 1
    if status:
        items = [i for i in items if i.status == status]
    items = sort_items(items)
    _attach_enrolment_options(items, today)
    return InstitutionCompliance(
        institution=institution, rules=rules, items=items, counts=dict(counts)
    )


def open_cohorts_for(initiative_ids: Iterable[int], today: dt.date) -> QuerySet[Cohort]:
    """Cohorts a leader can still put someone on: not completed, the
    enrolment deadline not passed (any enrolment mode: the leader nominates)."""
    return (
        Cohort.objects.filter(initiative_id__in=list(initiative_ids), completed_at__isnull=True)
        .filter(Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gte=today))
        .order_by("school_year", "name", "pk")
    )


def _attach_enrolment_options(items: list[ComplianceItem], today: dt.date) -> None:
    """Two queries, whatever the number of items."""
    missing = [i for i in items if i.status != ComplianceStatus.DONE and i.rule.initiative_id]
    if not missing:
        return
    initiative_ids: set[int] = set()
    for item in missing:
        if item.rule.initiative_id is not None:
            initiative_ids.add(item.rule.initiative_id)
    person_ids = {i.person.pk for i in missing}
    pending = (
        Enrolment.objects.filter(
            person_id__in=person_ids,
            cohort__initiative_id__in=initiative_ids,
            cohort__completed_at__isnull=True,
            status__in=PENDING_ENROLMENT,
        )
        .select_related("cohort")
        .order_by("created_at")
    )
    by_key: dict[tuple[int, int], Enrolment] = {}
    for enrolment in pending:
        by_key.setdefault((enrolment.person_id, enrolment.cohort.initiative_id), enrolment)
    cohorts: dict[int, list[Cohort]] = defaultdict(list)
    for cohort in open_cohorts_for(initiative_ids, today):
        cohorts[cohort.initiative_id].append(cohort)
    for item in missing:
        initiative_id = item.rule.initiative_id
        assert initiative_id is not None
        item.pending = by_key.get((item.person.pk, initiative_id))
        if item.pending is None:
            item.open_cohorts = cohorts[initiative_id]


def leader_overdue_counts(*, user: User, today: dt.date | None = None) -> dict[str, int]:
    """The leader's front-page panel: how many items at their institutions are
    overdue and due soon (each person and rule once)."""
    if user.role != Role.LEADER or not user.institution_ids or user.municipality_id is None:
        return {}
    items = compliance_items(
        municipality_id=user.municipality_id, institution_ids=user.institution_ids, today=today
    )
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.status] += 1
    return dict(counts)


def reminders_for(*, user: ActingUser, person_ids: Iterable[int]) -> QuerySet[ComplianceReminder]:
    return restrict(ComplianceReminder.objects.all(), user, Action.VIEW).filter(
        person_id__in=list(person_ids)
    )
