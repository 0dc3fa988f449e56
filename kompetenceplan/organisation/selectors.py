"""Reads of the organisation, always through the permission gate."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.selectors import object_history  # noqa: F401  (re-exported for views)

from .models import Employment, Institution, Person
from .permissions import current_employments_q


def institution_list(*, user, action: str = Action.VIEW) -> QuerySet[Institution]:
    return restrict(Institution.objects.select_related("parent"), user, action)


def institution_get(*, user, pk: int, action: str = Action.VIEW) -> Institution:
    return get_restricted_or_404(
        Institution.objects.select_related("parent", "municipality"), user, action, pk=pk
    )


def current_employments_prefetch(to_attr: str = "current_employments") -> Prefetch:
    return Prefetch(
        "employments",
        queryset=Employment.objects.filter(current_employments_q())
        .select_related("institution", "job_role")
        .order_by("institution__name"),
        to_attr=to_attr,
    )


def person_list(*, user, action: str = Action.VIEW) -> QuerySet[Person]:
    return restrict(Person.objects.all(), user, action).prefetch_related(
        current_employments_prefetch(), "resource_functions"
    )


def person_get(*, user, pk: int, action: str = Action.VIEW) -> Person:
    queryset = Person.objects.select_related("municipality").prefetch_related(
        Prefetch(
            "employments", queryset=Employment.objects.select_related("institution", "job_role")
        ),
        "resource_functions",
        "teams__institution",
    )
    return get_restricted_or_404(queryset, user, action, pk=pk)


def institution_staff(*, user, institution: Institution) -> QuerySet[Employment]:
    """Current employments at the institution, narrowed to the people the user may see."""
    visible = restrict(Person.objects.all(), user, Action.VIEW).values("pk")
    return (
        Employment.objects.filter(
            current_employments_q(), institution=institution, person__in=visible
        )
        .select_related("person", "job_role")
        .order_by("person__last_name", "person__first_name")
    )


def home_summary(*, user) -> dict:
    """Numbers and shortcuts for the front page, within the user's scope."""
    from kompetenceplan.core.choices import Role

    institutions = institution_list(user=user)
    people = restrict(Person.objects.all(), user, Action.VIEW)
    summary = {
        "institution_count": institutions.count(),
        "person_count": people.count(),
        "own_institutions": [],
        "own_person": None,
    }
    if user.role == Role.LEADER:
        summary["own_institutions"] = list(institutions.filter(pk__in=user.institution_ids))
    if user.person_id:
        summary["own_person"] = people.filter(pk=user.person_id).first()
    return summary
