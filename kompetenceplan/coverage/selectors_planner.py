"""Reads of the planner's pages (docs/coverage.md "Planlægning")."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.choices import InstitutionKind
from kompetenceplan.organisation.models import Institution

from .models import CourseOption, KiuNomination


def planner_schools(*, user: User) -> QuerySet[Institution]:
    """The schools the user may plan for: a leader their own, planners all
    schools of the municipality."""
    if user.municipality_id is None:
        return Institution.objects.none()
    schools = Institution.objects.filter(
        municipality_id=user.municipality_id, kind=InstitutionKind.SCHOOL
    ).order_by("name")
    if user.role == Role.LEADER:
        schools = schools.filter(pk__in=user.institution_ids)
    return schools


def course_option_list(*, user: ActingUser) -> QuerySet[CourseOption]:
    return restrict(CourseOption.objects.all(), user, Action.VIEW).select_related("subject")


def course_option_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> CourseOption:
    return get_restricted_or_404(CourseOption.objects.all(), user, action, pk=pk)


def kiu_nomination_list(*, user: ActingUser) -> QuerySet[KiuNomination]:
    return restrict(KiuNomination.objects.all(), user, Action.VIEW).select_related(
        "person", "subject", "institution", "course_option"
    )


def nominated(*, user: ActingUser, school_year: str) -> set[tuple[int, int]]:
    """(person, subject) already nominated in the school year."""
    return set(
        restrict(KiuNomination.objects.all(), user, Action.VIEW)
        .filter(school_year=school_year)
        .values_list("person_id", "subject_id")
    )


def open_cohorts_by_subject(*, user: ActingUser, subject_ids: set[int]) -> dict[int, Any]:
    """Per subject, the first open cohort (not completed, deadline not passed)
    of an initiative whose completion gives the subject (one query)."""
    if not subject_ids:
        return {}
    today = timezone.localdate()
    cohorts = (
        restrict(Cohort.objects.all(), user, Action.VIEW)
        .filter(
            initiative__completion_grant__subject_id__in=subject_ids,
            completed_at__isnull=True,
        )
        .filter(Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gte=today))
        .order_by("enrolment_deadline", "pk")
        .values("pk", "name", "initiative__completion_grant__subject_id")
    )
    found: dict[int, Any] = {}
    for cohort in cohorts:
        found.setdefault(cohort["initiative__completion_grant__subject_id"], cohort)
    return found


def kiu_nomination_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> KiuNomination:
    return get_restricted_or_404(
        KiuNomination.objects.select_related("person", "subject", "institution"),
        user,
        action,
        pk=pk,
    )
