"""Who may see and change cohorts, sessions, enrolments and school holidays
(the gate's scopes; docs/permissions.md and docs/cohorts.md).

- Cohorts and their sessions are read by everyone in the municipality (of
  adopted plans; administrators and consultants see those of drafts too).
  Administrators add, change and delete every cohort; consultants those of the
  initiatives they are responsible for.
- Enrolments: staff (and coordinators) see and cancel their own; leaders see and
  handle those of the people employed at their institutions; consultants and
  administrators all of the municipality's. Viewers see none.
- Attendance: recorded and read by those who change the cohort
  (administrators; the consultant responsible for the initiative). Leaders
  do not keep attendance lists: the provider or the consultant does.
- Course completions: seen like enrolments (own, own institutions' people,
  the municipality's for planners); written only by the completion service.
- School holidays: everyone reads them; administrators change them.
- The own pages' actions: ``MINE`` (a user with a staff record, their own
  enrolments), ``LEAD`` (a leader, their institutions' staff's enrolments) and
  ``RESPONSIBLE`` (a planner, the cohorts they are responsible for).
- Rollout targets (docs/cohorts.md, "Udrulning"): read by administrators,
  consultants and leaders (the progress page narrows a leader to their own
  institutions' rows and people); set and removed like the initiative's cohorts
  (administrators; the consultant responsible for the initiative).
"""

from typing import Any

from django.db.models import Q, QuerySet, Subquery

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import (
    Action,
    municipality_q,
    register_scope,
    shared_data_scope,
)
from kompetenceplan.organisation.models import Employment
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.choices import PlanStatus
from kompetenceplan.plans.permissions import PLANNERS

from .models import (
    Attendance,
    Cohort,
    CourseCompletion,
    Enrolment,
    RolloutTarget,
    SchoolHoliday,
    Session,
)

register_scope(SchoolHoliday)(shared_data_scope)


def cohort_q(user: User, action: str, prefix: str = "") -> Q | None:
    own = municipality_q(user, f"{prefix}municipality")
    if action in (Action.VIEW, Action.EXPORT):
        if user.role in PLANNERS:
            return own
        return own & Q(**{f"{prefix}initiative__plan__status": PlanStatus.ADOPTED})
    if user.role == Role.ADMINISTRATOR:
        return own
    if user.role == Role.CONSULTANT:
        return own & Q(**{f"{prefix}initiative__responsible_user": user})
    return None


@register_scope(Cohort)
def cohort_scope(user: User, action: str) -> Q | None:
    if action == RESPONSIBLE:
        return responsible_cohorts_q(user)
    return cohort_q(user, action)


@register_scope(Session)
def session_scope(user: User, action: str) -> Q | None:
    # Adding a session changes its cohort.
    return cohort_q(user, Action.CHANGE if action == Action.ADD else action, "cohort__")


def leader_person_ids(user: User) -> QuerySet[Employment, Any]:
    """Ids of the people currently (or soon) employed at the leader's institutions."""
    return Employment.objects.filter(
        current_employments_q(), institution_id__in=user.institution_ids
    ).values("person_id")


def enrolment_people_q(user: User, prefix: str = "") -> Q | None:
    """The people whose enrolments the user sees and handles."""
    own = municipality_q(user, f"{prefix}municipality")
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER:
        return own & Q(**{f"{prefix}pk__in": Subquery(leader_person_ids(user))})
    if user.role in (Role.STAFF, Role.COORDINATOR) and user.person_id:
        return own & Q(**{f"{prefix}pk": user.person_id})
    return None


@register_scope(Enrolment)
def enrolment_scope(user: User, action: str) -> Q | None:
    if action == Action.DELETE:
        return None  # enrolments are cancelled, never deleted
    if action in (MINE, LEAD):
        return own_pages_enrolment_q(user, action)
    people = enrolment_people_q(user, "person__")
    if people is None:
        return None
    return people & municipality_q(user, "cohort__municipality")


# --- the people's own pages (docs/cohorts.md, "Egne sider") -----------------------------

#: "Mine kurser": a user linked to a staff record reads their own enrolments.
MINE = "mine"
#: "Mine institutioners kurser": a leader reads their institutions' staff's enrolments.
LEAD = "lead"
#: "Mine hold": a planner reads the cohorts they are responsible for (the
#: cohort's own responsible, or the initiative's).
RESPONSIBLE = "responsible"


def own_pages_enrolment_q(user: User, action: str) -> Q | None:
    cohorts = municipality_q(user, "cohort__municipality")
    if action == MINE:
        if not user.person_id:
            return None
        return cohorts & Q(person_id=user.person_id)
    if user.role != Role.LEADER:
        return None
    people = enrolment_people_q(user, "person__")
    return None if people is None else people & cohorts


def responsible_cohorts_q(user: User) -> Q | None:
    if user.role not in PLANNERS:
        return None
    return municipality_q(user) & (Q(responsible_user=user) | Q(initiative__responsible_user=user))


@register_scope(Attendance)
def attendance_scope(user: User, action: str) -> Q | None:
    if action == Action.DELETE:
        return None  # a list is recorded again, never deleted
    return cohort_q(user, Action.CHANGE, "session__cohort__")


@register_scope(CourseCompletion)
def course_completion_scope(user: User, action: str) -> Q | None:
    if action not in (Action.VIEW, Action.EXPORT):
        return None  # written by cohort_complete only
    people = enrolment_people_q(user, "person__")
    if people is None:
        return None
    return people & municipality_q(user, "municipality")


@register_scope(RolloutTarget)
def rollout_target_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        if user.role not in (*PLANNERS, Role.LEADER):
            return None
        return cohort_q(user, action)
    if action in (Action.ADD, Action.CHANGE, Action.DELETE):
        return cohort_q(user, Action.CHANGE)
    return None


# --- spending (docs/cohorts.md, "Udgifter") ----------------------------------------------

from .models import Expense, SubstituteRate  # noqa: E402


@register_scope(Expense)
def expense_scope(user: User, action: str) -> Q | None:
    """Expenses are read by the municipality's planners and written by those
    who change the cohort (administrators; the initiative's consultant)."""
    if action in (Action.VIEW, Action.EXPORT):
        return municipality_q(user, "cohort__municipality") if user.role in PLANNERS else None
    return cohort_q(user, Action.CHANGE, "cohort__")


@register_scope(SubstituteRate)
def substitute_rate_scope(user: User, action: str) -> Q | None:
    """The planners read the substitute rates; administrators set them."""
    if action in (Action.VIEW, Action.EXPORT):
        return municipality_q(user) if user.role in PLANNERS else None
    return municipality_q(user) if user.role == Role.ADMINISTRATOR else None
