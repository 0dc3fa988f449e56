"""What cohorts contributes to core and to plans (called from CohortsConfig.ready()):
the "Hold" navigation entry and the own pages' entries ("Mine kurser", "Mine
institutioners kurser", "Mine hold"), the cohorts panel on the initiative page,
the front-page panels (the user's next sessions, the leader's requests awaiting
approval, the consultant's cohorts and those below their minimum), a person's
completed courses, and the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kompetenceplan.core import registry
from kompetenceplan.core.permissions import Action, can, has_object_permission
from kompetenceplan.core.readlog import note_read
from kompetenceplan.organisation.models import Institution, Person
from kompetenceplan.plans.models import Initiative

from .models import Cohort, CourseCompletion, Enrolment, RolloutTarget
from .permissions import LEAD, MINE, RESPONSIBLE

#: The person page's completed courses in the read log.
COMPLETIONS_LABEL = gettext_noop("Medarbejder: Gennemførte kurser")


def initiative_cohorts_context(request, initiative: Initiative) -> dict | None:
    from .selectors import cohort_list, initiative_hours

    user = request.user
    if not can(user, Cohort, Action.VIEW):
        return None
    cohorts = list(cohort_list(user=user).filter(initiative=initiative))
    # Participant hours of the cohorts shown (numbers, no names: no read log).
    hours = initiative_hours(cohorts)
    for cohort in cohorts:
        cohort.attended_hours = hours.by_cohort.get(cohort.pk, 0)  # type: ignore[attr-defined]
    return {
        "initiative": initiative,
        "cohorts": cohorts,
        "hours": hours,
        "can_add": can(user, Cohort, Action.ADD)
        and has_object_permission(user, initiative, Action.CHANGE),
        "can_rollout": can(user, RolloutTarget, Action.VIEW),
    }


def person_completions_context(request, person: Person) -> dict | None:
    from .selectors import person_completions

    if not can(request.user, CourseCompletion, Action.VIEW):
        return None
    completions = list(person_completions(user=request.user, person=person))
    note_read(request, completions, label=COMPLETIONS_LABEL)
    return {"completions": completions}


def below_minimum_context(request) -> dict | None:
    from .selectors import cohorts_below_minimum

    if not can(request.user, Cohort, Action.CHANGE):
        return None
    cohorts = cohorts_below_minimum(user=request.user)
    return {"cohorts": cohorts} if cohorts else None


def my_next_sessions_context(request) -> dict | None:
    from .selectors import my_next_sessions

    if not can(request.user, Enrolment, MINE):
        return None
    return {"sessions": my_next_sessions(user=request.user)}


def pending_approvals_context(request) -> dict | None:
    from .selectors import pending_approval_count

    if not can(request.user, Enrolment, LEAD):
        return None
    count = pending_approval_count(user=request.user)
    return {"count": count} if count else None


RESPONSIBLE_PANEL_SIZE = 5


def responsible_cohorts_context(request) -> dict | None:
    from .selectors import responsible_cohorts

    if not can(request.user, Cohort, RESPONSIBLE):
        return None
    cohorts = responsible_cohorts(user=request.user)
    if not cohorts:
        return None
    return {
        "cohorts": cohorts[:RESPONSIBLE_PANEL_SIZE],
        "more": len(cohorts) > RESPONSIBLE_PANEL_SIZE,
    }


def leader_rollouts_context(request) -> dict | None:
    from .rollouts import leader_rollouts

    user = request.user
    if user.role != "leader" or not can(user, RolloutTarget, Action.VIEW):
        return None
    rollouts = leader_rollouts(user=user)
    return {"rollouts": rollouts} if rollouts else None


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


NAVIGATION = (
    ("my_courses", _("Mine kurser"), "cohorts:my_courses", 120, "overview", Enrolment, MINE),
    (
        "leader_courses",
        _("Mine institutioners kurser"),
        "cohorts:leader_courses",
        130,
        "overview",
        Enrolment,
        LEAD,
    ),
    ("cohorts", _("Hold"), "cohorts:cohort_list", 350, "courses", Cohort),
    (
        "responsible_cohorts",
        _("Mine hold"),
        "cohorts:responsible_cohorts",
        360,
        "courses",
        Cohort,
        RESPONSIBLE,
    ),
)


def institution_hours_context(request, institution: Institution) -> dict | None:
    """Participant hours of the institution's staff per initiative and school
    year: numbers, no names (so nothing for the read log)."""
    from .selectors import institution_attended_hours

    if not can(request.user, Cohort, Action.VIEW):
        return None
    return {"institution": institution, "rows": institution_attended_hours(institution=institution)}


OBJECT_PANELS = (
    (
        "cohorts.institution_hours",
        Institution,
        "courses",
        "cohorts/panels/institution_hours.html",
        institution_hours_context,
        100,
    ),
    (
        "cohorts.initiative_cohorts",
        Initiative,
        "cohorts",
        "cohorts/panels/initiative_cohorts.html",
        initiative_cohorts_context,
        100,
    ),
    (
        "cohorts.person_completions",
        Person,
        "courses",
        "cohorts/panels/person_completions.html",
        person_completions_context,
        100,
    ),
)

#: An enrolment and a course completion are personal data about their person
#: (core.readlog): the enrolment pages log whom they showed.
PERSONAL_DATA = (
    ("cohorts.enrolment", Enrolment, Person, "person_id", 290),
    ("cohorts.course_completion", CourseCompletion, Person, "person_id", 300),
)

PANELS = (
    (
        "cohorts.my_next_sessions",
        "cohorts/panels/my_next_sessions.html",
        my_next_sessions_context,
        150,
    ),
    (
        "cohorts.pending_approvals",
        "cohorts/panels/pending_approvals.html",
        pending_approvals_context,
        160,
    ),
    (
        "cohorts.responsible_cohorts",
        "cohorts/panels/responsible_cohorts.html",
        responsible_cohorts_context,
        240,
    ),
    ("cohorts.below_minimum", "cohorts/panels/below_minimum.html", below_minimum_context, 250),
    (
        "cohorts.leader_rollouts",
        "cohorts/panels/leader_rollouts.html",
        leader_rollouts_context,
        170,
    ),
)


def register() -> None:
    from kompetenceplan.calendar.events import register_event_source

    from .calendar_events import session_events

    register_event_source("cohorts.sessions", session_events)
    registry.contribute(
        navigation=NAVIGATION,
        object_panels=OBJECT_PANELS,
        front_page_panels=PANELS,
        personal_data=PERSONAL_DATA,
        demo_loaders=[("cohorts", _load_demo, 600), ("cohorts.spending", _load_demo_spending, 610)],
    )
    register_spending()


def register_spending() -> None:
    """The cohorts' expenses are what funding's budget shows as spent."""
    from kompetenceplan.funding.extensions import SpendingSource, spending_sources

    from .selectors_spending import spent_by_allocation

    spending_sources.register(
        SpendingSource(name="cohorts.expenses", spent=spent_by_allocation, order=100)
    )


def _load_demo_spending(run: registry.DemoRun) -> None:
    from . import demo_spending

    demo_spending.load(run)
