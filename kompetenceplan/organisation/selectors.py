"""Reads of the organisation, always through the permission gate."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from kompetenceplan.accounts.models import User
from kompetenceplan.core.models import ReadLogEntry
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.selectors import (
    object_history,  # noqa: F401  (re-exported for views)
    reads_of,
)
from kompetenceplan.core.types import ActingUser

from .models import Employment, Institution, Person, ResourceFunction, Team
from .permissions import current_employments_q


def institution_list(*, user: ActingUser, action: str = Action.VIEW) -> QuerySet[Institution]:
    return restrict(Institution.objects.select_related("parent"), user, action)


def institution_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Institution:
    return get_restricted_or_404(
        Institution.objects.select_related("parent", "municipality"), user, action, pk=pk
    )


def resource_functions_of(*, municipality_id: int) -> QuerySet[ResourceFunction]:
    """The municipality's resource functions: the one read of them for a
    municipality (person form, plan loader, demo); never another
    municipality's (docs/adr/0013-reference-data-per-municipality.md)."""
    return ResourceFunction.objects.filter(municipality_id=municipality_id)


def resource_function_list(*, user: ActingUser) -> QuerySet[ResourceFunction]:
    """The resource functions ``user`` may see (their municipality's), for filters."""
    return restrict(ResourceFunction.objects.all(), user, Action.VIEW)


def current_employments_prefetch(to_attr: str = "current_employments") -> Prefetch[str]:
    return Prefetch(
        "employments",
        queryset=Employment.objects.filter(current_employments_q())
        .select_related("institution", "job_role")
        .order_by("institution__name"),
        to_attr=to_attr,
    )


def person_list(*, user: ActingUser, action: str = Action.VIEW) -> QuerySet[Person]:
    return restrict(Person.objects.all(), user, action).prefetch_related(
        current_employments_prefetch(), "resource_functions"
    )


def person_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Person:
    queryset = Person.objects.select_related("municipality").prefetch_related(
        Prefetch(
            "employments", queryset=Employment.objects.select_related("institution", "job_role")
        ),
        "resource_functions",
        # Only the teams the reader may see (a team of another school is not named).
        Prefetch(
            "teams",
            queryset=restrict(Team.objects.select_related("institution"), user, Action.VIEW),
            to_attr="visible_teams",
        ),
    )
    return get_restricted_or_404(queryset, user, action, pk=pk)


def person_reads(*, person: Person) -> QuerySet[ReadLogEntry]:
    """Who was shown ``person``'s data (load the person with ``person_get(...,
    action=Action.AUDIT)`` first: the administrator, or the person)."""
    return reads_of(person)


def institution_staff(*, user: ActingUser, institution: Institution) -> QuerySet[Employment]:
    """Current employments at the institution, narrowed to the people the user may see."""
    visible = restrict(Person.objects.all(), user, Action.VIEW).values("pk")
    return (
        Employment.objects.filter(
            current_employments_q(), institution=institution, person__in=visible
        )
        .select_related("person", "job_role")
        .order_by("person__last_name", "person__first_name")
    )


def home_summary(*, user: User) -> dict[str, Any]:
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
        summary["new_hires"] = new_hires(user=user)
    if user.person_id:
        summary["own_person"] = people.filter(pk=user.person_id).first()
    return summary


def new_hires(*, user: User, days: int = 365, limit: int = 25) -> list[Employment]:
    """Employments at the leader's institutions that started within ``days``
    (new staff: the ones mandatory courses and introductions are for)."""
    import datetime as dt

    from django.utils import timezone

    since = timezone.localdate() - dt.timedelta(days=days)
    visible = restrict(Person.objects.all(), user, Action.VIEW).values("pk")
    return list(
        Employment.objects.filter(
            current_employments_q(),
            start_date__gte=since,
            institution_id__in=user.institution_ids,
            person__in=visible,
        )
        .select_related("person", "institution", "job_role")
        .order_by("-start_date", "person__last_name")[:limit]
    )


def team_list(*, user: ActingUser, institution: Institution) -> QuerySet[Team]:
    """The institution's teams the user may see, with member counts."""
    from django.db.models import Count

    from .models import Team

    return (
        restrict(Team.objects.filter(institution=institution), user, Action.VIEW)
        .annotate(member_count=Count("members"))
        .order_by("name")
    )


def team_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Team:
    from .models import Team

    return get_restricted_or_404(
        Team.objects.select_related("institution__municipality"), user, action, pk=pk
    )


def team_members(*, user: ActingUser, team: Team) -> QuerySet[Person]:
    """Members of the team the user may see (personal data stays behind the gate)."""
    visible = restrict(Person.objects.all(), user, Action.VIEW).values("pk")
    return team.members.filter(pk__in=visible).order_by("last_name", "first_name")


def can_admin_teams(*, user: ActingUser, institution: Institution) -> bool:
    from kompetenceplan.accounts.models import User

    from .permissions import team_admin_institutions_q

    if not isinstance(user, User):  # the role is read from a logged-in user
        return False
    q = team_admin_institutions_q(user)
    return q is not None and Institution.objects.filter(q, pk=institution.pk).exists()


def team_member_choices(*, institution: Institution) -> QuerySet[Person]:
    """Current staff of the institution: who may be put on its teams."""
    return Person.objects.filter(
        pk__in=Employment.objects.filter(current_employments_q(), institution=institution).values(
            "person_id"
        )
    ).order_by("last_name", "first_name")
