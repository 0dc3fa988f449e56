"""What followup contributes to the lower apps (called from FollowupConfig.ready()):
the "Opfølgning" navigation entry, the meetings as a calendar event source
(private: followup/calendar_events.py), the plan files' ``followup`` part as
follow-up kinds, and the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


def plan_followup_context(request, plan) -> dict | None:
    """The plan's follow-up column on the plan page (plan text: shown to
    everyone who may read the plan; the meetings stay private)."""
    from kompetenceplan.core.permissions import Action, can

    from .models import FollowupMeeting
    from .selectors import plan_kinds

    kinds = list(plan_kinds(plan=plan))
    if not kinds:
        return None
    return {"kinds": kinds, "can_generate": can(request.user, FollowupMeeting, Action.ADD)}


def register() -> None:
    _register_navigation()
    _register_plan_panel()
    _register_calendar()
    _register_plan_data()
    _register_demo()


def _register_navigation() -> None:
    from .models import FollowupMeeting
    from .permissions import PARTICIPATE

    registry.contribute(
        navigation=[
            (
                "followup",
                _("Opfølgning"),
                "followup:meeting_list",
                395,
                "followup",
                FollowupMeeting,
                PARTICIPATE,
            )
        ]
    )


def _register_plan_panel() -> None:
    from kompetenceplan.plans.models import Plan

    registry.contribute(
        object_panels=[
            (
                "followup.plan_followup",
                Plan,
                "followup",
                "followup/panels/plan_followup.html",
                plan_followup_context,
                100,
            )
        ]
    )


def _register_calendar() -> None:
    from kompetenceplan.calendar.events import register_event_source

    from .calendar_events import meeting_events

    register_event_source("followup.meetings", meeting_events)


def _register_plan_data() -> None:
    """A plan file's ``followup`` (seed 004's follow-up column) loads as the
    municipality's follow-up kinds whenever the file is loaded."""
    from kompetenceplan.plans import extensions as plans_extensions

    from .plan_data import followup_load, followup_problems

    plans_extensions.plan_data_parts.register(
        plans_extensions.PlanDataPart(
            name="followup.kinds",
            load=lambda actor, plan, data, file_name: followup_load(
                actor=actor, plan=plan, data=data, file_name=file_name
            ),
            order=950,
            problems=followup_problems,
        )
    )


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def _register_demo() -> None:
    """After the plans (their follow-up kinds) and the cohorts (school holidays)."""
    registry.contribute(demo_loaders=[("followup", _load_demo, 880)])
