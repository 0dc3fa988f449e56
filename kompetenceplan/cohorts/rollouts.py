"""Rollouts (udrulning; issue 8, item 5; docs/cohorts.md, "Udrulning"): an
initiative's reach target ("over en fireårig periode: alle lærere"), its
writes (:func:`rollout_set`, :func:`rollout_delete`) and the progress per
institution and school year against a straight-line plan
(:func:`rollout_progress`), with who in the target group has not yet taken part.

Rules:

- The target group: the people with a current employment in one of the target
  job roles at an institution of the municipality matching the kinds (none:
  every kind) and the sector (none: every sector).
- A person employed in the target group at two institutions counts at each
  (each institution's leader follows them), but once in the municipality's total.
- Taken part: an enrolment in a cohort of the initiative in a school year of
  the period, with status "seated" (enrolled, completed, not completed: they
  had the seat and came) or only "completed", as the target says. Cancelled,
  declined, waitlisted, requested and no-show enrolments do not count.
- The straight-line plan: population x (school years begun) / (school years in
  the period), so in year 1 of 4 a population of 10 should have reached 2.5.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.errors import ErrorCode
from kompetenceplan.core.permissions import Action, restrict
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.choices import InstitutionKind, Sector
from kompetenceplan.organisation.models import Employment, Institution, JobRole, Person
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.models import Initiative

from .choices import EnrolmentStatus
from .dates import school_year_of, school_year_valid
from .models import Enrolment, RolloutCriterion, RolloutTarget

MAX_SCHOOL_YEARS = 10


class RolloutError(ErrorCode):
    ROLES_REQUIRED = (_("Vælg mindst én stilling i målgruppen."), "target_roles")
    SCHOOL_YEAR = (
        _("Skriv skoleåret som 2025/26 (to på hinanden følgende år)."),
        "first_school_year",
    )
    SCHOOL_YEARS = (
        _("Perioden skal være mellem 1 og %(max)s skoleår."),
        "school_years",
    )
    KIND = (_("Ukendt institutionstype."), "institution_kinds")
    SECTOR = (_("Ukendt område."), "sector")
    CRITERION = (_("Vælg, hvad der tæller som deltaget."), "criterion")


# --- school years ---------------------------------------------------------------------


def school_years_from(first: str, count: int) -> list[str]:
    """'2025/26', 3 -> ['2025/26', '2026/27', '2027/28']."""
    start = int(first[:4])
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(start, start + count)]


def years_begun(first: str, count: int, today: dt.date) -> int:
    """How many of the period's school years have begun by ``today`` (0..count)."""
    current = int(school_year_of(today)[:4])
    return max(0, min(count, current - int(first[:4]) + 1))


def straight_line(population: int, years: int, count: int) -> Decimal:
    """The plan after ``years`` of ``count``: population x years / count (one decimal)."""
    if count <= 0:
        return Decimal(0)
    return (Decimal(population) * years / count).quantize(Decimal("0.1"), ROUND_HALF_UP)


def percent(part: Decimal | int, whole: Decimal | int) -> int | None:
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


# --- writes ---------------------------------------------------------------------------


def _check(
    *,
    target_roles: Sequence[JobRole],
    institution_kinds: Sequence[str],
    sector: str,
    first_school_year: str,
    school_years: int | None,
    criterion: str,
) -> None:
    if not target_roles:
        raise RolloutError.ROLES_REQUIRED.error()
    if not school_year_valid(first_school_year):
        raise RolloutError.SCHOOL_YEAR.error()
    if not school_years or not 1 <= school_years <= MAX_SCHOOL_YEARS:
        raise RolloutError.SCHOOL_YEARS.error(max=MAX_SCHOOL_YEARS)
    if any(kind not in InstitutionKind.values for kind in institution_kinds):
        raise RolloutError.KIND.error()
    if sector and sector not in Sector.values:
        raise RolloutError.SECTOR.error()
    if criterion not in RolloutCriterion.values:
        raise RolloutError.CRITERION.error()


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def rollout_set(
    *,
    actor: Actor,
    initiative: Initiative,
    target_roles: Sequence[JobRole],
    first_school_year: str,
    school_years: int,
    institution_kinds: Sequence[str] = (),
    sector: str = "",
    criterion: str = RolloutCriterion.SEATED,
) -> RolloutTarget:
    """Create or change the initiative's rollout target (logged)."""
    first_school_year = (first_school_year or "").strip()
    kinds = sorted(set(institution_kinds or ()))
    roles = list(target_roles)
    _check(
        target_roles=roles,
        institution_kinds=kinds,
        sector=sector or "",
        first_school_year=first_school_year,
        school_years=school_years,
        criterion=criterion,
    )
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().select_related("plan").get(pk=initiative.pk)
        target = RolloutTarget.objects.filter(initiative=locked).first()
        before = snapshot(target) if target is not None else None
        if target is None:
            target = RolloutTarget(
                municipality_id=locked.plan.municipality_id,
                initiative=locked,
                created_by=_user(actor),
            )
        target.institution_kinds = kinds
        target.sector = sector or ""
        target.first_school_year = first_school_year
        target.school_years = school_years
        target.criterion = criterion
        target.updated_by = _user(actor)
        target.save()
        target.target_roles.set(roles)
        log_saved(
            actor=actor,
            obj=target,
            before=before,
            related=locked,
            exclude=("updated_at", "updated_by"),
        )
    return target


def rollout_delete(*, actor: Actor, target: RolloutTarget) -> None:
    """Remove the rollout target (the cohorts and enrolments stay)."""
    with transaction.atomic():
        delete_logged(actor=actor, objects=[target], related=target.initiative)


# --- the progress ---------------------------------------------------------------------


def qualifying_statuses(criterion: str) -> tuple[str, ...]:
    if criterion == RolloutCriterion.COMPLETED:
        return (EnrolmentStatus.COMPLETED,)
    return (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.INCOMPLETE)


@dataclass
class YearCell:
    school_year: str
    plan: Decimal
    #: Reached by the end of this school year (cumulative); None for a year not begun.
    reached: int | None


@dataclass
class ProgressRow:
    """One institution (or the total)."""

    label: str
    population: int
    reached: int
    plan: Decimal
    years: list[YearCell]
    institution: Institution | None = None
    not_yet: list[Person] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        return Decimal(self.reached) - self.plan

    @property
    def reached_percent(self) -> int | None:
        return percent(self.reached, self.population)

    @property
    def plan_percent(self) -> int | None:
        return percent(self.plan, self.population)


@dataclass
class RolloutProgress:
    target: RolloutTarget
    school_years: list[str]
    years_begun: int
    rows: list[ProgressRow]
    total: ProgressRow
    #: True when the reader sees only their own institutions (a leader).
    narrowed: bool

    def not_yet(self) -> list[Person]:
        """Everyone shown on the not-yet list (each person once)."""
        seen: dict[int, Person] = {}
        for row in self.rows:
            for person in row.not_yet:
                seen.setdefault(person.pk, person)
        return list(seen.values())


def target_population(
    target: RolloutTarget, *, institution_ids: Iterable[int] | None = None
) -> Any:
    """The current employments in the target group (with person and institution)."""
    employments = Employment.objects.filter(
        current_employments_q(),
        person__municipality_id=target.municipality_id,
        institution__municipality_id=target.municipality_id,
        job_role__in=target.target_roles.all(),
    )
    if target.institution_kinds:
        employments = employments.filter(institution__kind__in=target.institution_kinds)
    if target.sector:
        employments = employments.filter(institution__sector=target.sector)
    if institution_ids is not None:
        employments = employments.filter(institution_id__in=list(institution_ids))
    return employments


def target_kinds(target: RolloutTarget) -> list[str]:
    """The institution kinds and sector in Danish ("Skole", "Dagtilbud")."""
    words = [str(InstitutionKind(kind).label) for kind in target.institution_kinds]
    if target.sector:
        words.append(str(Sector(target.sector).label))
    return words


def rollout_get(*, initiative: Initiative) -> RolloutTarget | None:
    return (
        RolloutTarget.objects.filter(initiative=initiative)
        .select_related("initiative")
        .prefetch_related("target_roles")
        .first()
    )


def rollout_progress(
    *, target: RolloutTarget, user: User, today: dt.date | None = None
) -> RolloutProgress:
    """Progress per institution and school year (3 queries: the target's roles
    if not prefetched, the population, the qualifying enrolments). A leader
    sees only their own institutions' rows and people."""
    today = today or timezone.localdate()
    narrowed = user.role == Role.LEADER
    years = school_years_from(target.first_school_year, target.school_years)
    begun = years_begun(target.first_school_year, target.school_years, today)
    employments = list(
        target_population(target, institution_ids=user.institution_ids if narrowed else None)
        .select_related("person", "institution")
        .order_by("institution__name", "person__last_name", "person__first_name", "person_id")
    )
    person_ids = {e.person_id for e in employments}
    first_year: dict[int, str] = {}
    for person_id, school_year in (
        Enrolment.objects.filter(
            Q(person_id__in=person_ids),
            cohort__initiative_id=target.initiative_id,
            cohort__school_year__in=years,
            status__in=qualifying_statuses(target.criterion),
        )
        .values_list("person_id", "cohort__school_year")
        .order_by()
    ):
        if person_id not in first_year or school_year < first_year[person_id]:
            first_year[person_id] = school_year

    by_institution: dict[int, tuple[Institution, dict[int, Person]]] = {}
    for employment in employments:
        entry = by_institution.setdefault(employment.institution_id, (employment.institution, {}))
        entry[1].setdefault(employment.person_id, employment.person)

    def row(label: str, people: list[Person], institution: Institution | None) -> ProgressRow:
        population = len(people)
        cells = []
        for index, school_year in enumerate(years, start=1):
            reached = sum(1 for p in people if first_year.get(p.pk, "9999") <= school_year)
            cells.append(
                YearCell(
                    school_year=school_year,
                    plan=straight_line(population, index, target.school_years),
                    reached=reached if index <= begun else None,
                )
            )
        return ProgressRow(
            label=label,
            population=population,
            reached=sum(1 for p in people if p.pk in first_year),
            plan=straight_line(population, begun, target.school_years),
            years=cells,
            institution=institution,
            not_yet=[p for p in people if p.pk not in first_year],
        )

    rows = [
        row(institution.name, list(people.values()), institution)
        for institution, people in by_institution.values()
    ]
    everyone = {e.person_id: e.person for e in employments}
    total = row(str(_("I alt")), list(everyone.values()), None)
    return RolloutProgress(
        target=target,
        school_years=years,
        years_begun=begun,
        rows=rows,
        total=total,
        narrowed=narrowed,
    )


# --- many targets at once (the overviews) ---------------------------------------------


@dataclass
class Reach:
    """One target at one institution: the target group, how many of it took
    part in the period, and the straight-line plan up to now."""

    population: int = 0
    reached: int = 0
    plan: Decimal = Decimal(0)

    @property
    def reached_percent(self) -> int | None:
        return percent(self.reached, self.population)


def is_active(target: RolloutTarget, today: dt.date) -> bool:
    """Is ``today``'s school year one of the target's period?"""
    years = school_years_from(target.first_school_year, target.school_years)
    return school_year_of(today) in years


def rollout_reach(
    *,
    targets: Sequence[RolloutTarget],
    institution_ids: Iterable[int],
    today: dt.date | None = None,
) -> dict[tuple[int, int], Reach]:
    """Per (target id, institution id): the institution's row of
    :func:`rollout_progress` (population, reached, plan), without the people.
    Two queries whatever the number of targets and institutions (the targets'
    ``target_roles`` prefetched): the current employments in any target's roles,
    and the qualifying enrolments in the targets' initiatives. The target group
    and "taken part" are :func:`target_population`'s and
    :func:`qualifying_statuses`' rules, applied to the rows in Python."""
    today = today or timezone.localdate()
    institution_ids = list(institution_ids)
    roles = {t.pk: {r.pk for r in t.target_roles.all()} for t in targets}
    if not targets or not institution_ids:
        return {}
    employments = set(
        Employment.objects.filter(
            current_employments_q(),
            institution_id__in=institution_ids,
            job_role_id__in=set().union(*roles.values()),
        ).values_list(
            "person_id",
            "institution_id",
            "job_role_id",
            "institution__kind",
            "institution__sector",
            "institution__municipality_id",
            "person__municipality_id",
        )
    )
    taken: set[tuple[int, int, str, str]] = set(
        Enrolment.objects.filter(
            person_id__in={e[0] for e in employments},
            cohort__initiative_id__in={t.initiative_id for t in targets},
            status__in=qualifying_statuses(RolloutCriterion.SEATED),
        )
        .values_list("person_id", "cohort__initiative_id", "cohort__school_year", "status")
        .order_by()
    )
    reach: dict[tuple[int, int], Reach] = {}
    for target in targets:
        years = set(school_years_from(target.first_school_year, target.school_years))
        statuses = qualifying_statuses(target.criterion)
        took_part = {
            person_id
            for person_id, initiative_id, school_year, status in taken
            if initiative_id == target.initiative_id and school_year in years and status in statuses
        }
        people: dict[int, set[int]] = defaultdict(set)
        for person_id, institution_id, role_id, kind, sector, m_inst, m_person in employments:
            if (
                role_id in roles[target.pk]
                and m_inst == m_person == target.municipality_id
                and (not target.institution_kinds or kind in target.institution_kinds)
                and (not target.sector or sector == target.sector)
            ):
                people[institution_id].add(person_id)
        begun = years_begun(target.first_school_year, target.school_years, today)
        for institution_id, persons in people.items():
            reach[target.pk, institution_id] = Reach(
                population=len(persons),
                reached=len(persons & took_part),
                plan=straight_line(len(persons), begun, target.school_years),
            )
    return reach


#: At most this many targets on the leader's front-page panel.
LEADER_PANEL_SIZE = 5


def leader_rollouts(
    *, user: User, today: dt.date | None = None
) -> list[tuple[RolloutTarget, ProgressRow]]:
    """The front-page panel "Udrulning på dine institutioner": per rollout
    target the leader may see (at most :data:`LEADER_PANEL_SIZE`), their
    institutions together (2 queries per target; targets are few)."""
    targets = (
        restrict(RolloutTarget.objects.all(), user, Action.VIEW)
        .select_related("initiative")
        .prefetch_related("target_roles")
        .order_by("initiative__sort_key", "pk")[:LEADER_PANEL_SIZE]
    )
    shown = []
    for target in targets:
        total = rollout_progress(target=target, user=user, today=today).total
        if total.population:
            shown.append((target, total))
    return shown
