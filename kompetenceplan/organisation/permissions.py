"""Who may see and change institutions, teams and people (the gate's scopes).

See docs/permissions.md for the table these functions implement.
"""

from django.db.models import Q, Subquery
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import (
    Action,
    municipality_q,
    register_scope,
    shared_data_scope,
)

from .models import Employment, Institution, Person, ResourceFunction, Team

ORG_ADMINS = {Role.ADMINISTRATOR}


def current_employments_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})


def leader_people_q(user: User) -> Q:
    """People with a current (or future) employment at the leader's institutions."""
    person_ids = Employment.objects.filter(
        current_employments_q(), institution_id__in=user.institution_ids
    ).values("person_id")
    return Q(pk__in=Subquery(person_ids))


@register_scope(Institution)
def institution_scope(user: User, action: str) -> Q | None:
    if action == Action.VIEW or action == Action.EXPORT:
        return municipality_q(user)
    if user.role in ORG_ADMINS:
        return municipality_q(user)
    return None


@register_scope(Team)
def team_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user, "institution__municipality")
    if user.role in (Role.ADMINISTRATOR, Role.CONSULTANT) and action in (
        Action.VIEW,
        Action.EXPORT,
    ):
        return own
    if user.role == Role.ADMINISTRATOR:
        return own
    if user.role == Role.LEADER:
        return own & Q(institution_id__in=user.institution_ids)
    if user.role in (Role.STAFF, Role.COORDINATOR) and action == Action.VIEW:
        return own & Q(members__id=user.person_id) if user.person_id else None
    return None


@register_scope(Person)
def person_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    role = user.role
    if role == Role.ADMINISTRATOR:
        return own
    if action == Action.AUDIT:  # who read a record: the administrator, and the person
        return own & Q(pk=user.person_id) if user.person_id else None
    if role == Role.CONSULTANT and action in (Action.VIEW, Action.EXPORT):
        return own
    if role == Role.LEADER and action in (Action.VIEW, Action.EXPORT, Action.CHANGE):
        return own & leader_people_q(user)
    if role in (Role.STAFF, Role.COORDINATOR) and action == Action.VIEW:
        return own & Q(pk=user.person_id) if user.person_id else None
    return None


@register_scope(Employment)
def employment_scope(user: User, action: str) -> Q | None:
    person_q = person_scope(user, action)
    if person_q is None:
        return None
    ids = Person.objects.filter(person_q).values("pk")
    return Q(person_id__in=Subquery(ids))


def team_admin_institutions_q(user: User) -> Q | None:
    """Institutions where the user may create and change teams."""
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    if user.role == Role.LEADER:
        return municipality_q(user) & Q(pk__in=user.institution_ids)
    return None


#: The municipality's resource functions: everyone reads them; administrators
#: change them. Never another municipality's (ADR 0013).
register_scope(ResourceFunction)(shared_data_scope)
