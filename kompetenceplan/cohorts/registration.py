"""What cohorts contributes to core and to plans (called from CohortsConfig.ready()):
the "Hold" navigation entry, the cohorts panel on the initiative page, the
consultant's front-page list of cohorts below their minimum, and the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry
from kompetenceplan.core.permissions import Action, can, has_object_permission
from kompetenceplan.organisation.models import Person
from kompetenceplan.plans.models import Initiative

from .models import Cohort, Enrolment


def initiative_cohorts_context(request, initiative: Initiative) -> dict | None:
    from .selectors import cohort_list

    user = request.user
    if not can(user, Cohort, Action.VIEW):
        return None
    return {
        "initiative": initiative,
        "cohorts": list(cohort_list(user=user).filter(initiative=initiative)),
        "can_add": can(user, Cohort, Action.ADD)
        and has_object_permission(user, initiative, Action.CHANGE),
    }


def below_minimum_context(request) -> dict | None:
    from .selectors import cohorts_below_minimum

    if not can(request.user, Cohort, Action.CHANGE):
        return None
    cohorts = cohorts_below_minimum(user=request.user)
    return {"cohorts": cohorts} if cohorts else None


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


NAVIGATION = (("cohorts", _("Hold"), "cohorts:cohort_list", 350, Cohort),)

OBJECT_PANELS = (
    (
        "cohorts.initiative_cohorts",
        Initiative,
        "cohorts",
        "cohorts/panels/initiative_cohorts.html",
        initiative_cohorts_context,
        100,
    ),
)

PANELS = (
    ("cohorts.below_minimum", "cohorts/panels/below_minimum.html", below_minimum_context, 250),
)


#: An enrolment is personal data about its person (core.readlog logs the person).
PERSONAL_DATA = (("cohorts.enrolment", Enrolment, Person, "person_id", 200),)


def register() -> None:
    from kompetenceplan.calendar.events import register_event_source

    from .calendar_events import session_events

    register_event_source("cohorts.sessions", session_events)
    registry.contribute(
        personal_data=PERSONAL_DATA,
        navigation=NAVIGATION,
        object_panels=OBJECT_PANELS,
        front_page_panels=PANELS,
        demo_loaders=[("cohorts", _load_demo, 600)],
    )
