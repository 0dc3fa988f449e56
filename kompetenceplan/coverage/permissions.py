"""Who may see and change classes, lesson allocations, coverage targets and
course options (the gate's scopes; docs/permissions.md, docs/coverage.md).

- Classes and lesson allocations (who teaches what: personal data):
  administrators and consultants read the municipality's; leaders read those
  of their own schools. Administrators import them.
- Coverage targets: everyone in the municipality reads them (the committee
  too); administrators set them.
- The coverage dashboard (``OVERVIEW`` on CoverageTarget): the aggregated
  figures of every school (no names) are read by administrators, consultants,
  leaders and viewers; the drill-down to classes and teachers follows the
  lesson allocation (leaders: their own schools).
- Course options (the planner's prices): read by administrators, consultants
  and leaders; set by administrators and consultants.
- KiU nominations (who is to be upskilled: personal data): administrators and
  consultants read and make them for the municipality; leaders for their own
  schools.
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import (
    Action,
    municipality_q,
    register_scope,
    shared_data_scope,
)
from kompetenceplan.plans.permissions import PLANNERS

from .models import CourseOption, CoverageTarget, KiuNomination, LessonAllocation, SchoolClass

READ = (Action.VIEW, Action.EXPORT)


def school_q(
    user: User, action: str, prefix: str = "", institution_field: str = "institution_id"
) -> Q | None:
    """Rows belonging to a school: planners read all, leaders their own schools."""
    own = municipality_q(user, f"{prefix}municipality")
    if user.role == Role.ADMINISTRATOR:
        return own
    if action not in READ:
        return None
    if user.role == Role.CONSULTANT:
        return own
    if user.role == Role.LEADER:
        return own & Q(**{f"{prefix}{institution_field}__in": user.institution_ids})
    return None


@register_scope(SchoolClass)
def school_class_scope(user: User, action: str) -> Q | None:
    return school_q(user, action)


@register_scope(LessonAllocation)
def lesson_allocation_scope(user: User, action: str) -> Q | None:
    return school_q(user, action, "school_class__")


#: See the coverage dashboard's aggregated figures (CoverageTarget's scope).
OVERVIEW = "coverage_overview"
OVERVIEW_ROLES = (Role.ADMINISTRATOR, Role.CONSULTANT, Role.LEADER, Role.VIEWER)


@register_scope(CoverageTarget)
def coverage_target_scope(user: User, action: str) -> Q | None:
    if action == OVERVIEW:
        return municipality_q(user) if user.role in OVERVIEW_ROLES else None
    return shared_data_scope(user, action)


def allocation_institutions_q(user: User, action: str = Action.VIEW) -> Q | None:
    """The institutions (a Q on Institution) whose classes and lesson
    allocation ``user`` may read: :func:`school_q` on the institution itself."""
    q = school_q(user, action, institution_field="pk")
    return q


@register_scope(CourseOption)
def course_option_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER and action in READ:
        return own
    return None


@register_scope(KiuNomination)
def kiu_nomination_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER and action in (*READ, Action.ADD, Action.CHANGE):
        return own & Q(institution_id__in=user.institution_ids)
    return None
