"""What networks contributes to the lower apps (called from NetworksConfig.ready()):
the "Netværk" navigation entry, the meetings as a calendar event source, the
plan files' ``networks`` as a plan data part, members as personal data, and
the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


def register() -> None:
    _register_calendar()
    _register_plan_part()
    _register_core()


def _register_calendar() -> None:
    """The meetings appear in the month, week and list views, the ICS feeds
    and ``manage.py export_calendar`` (docs/calendar.md)."""
    from kompetenceplan.calendar.events import register_event_source

    from .calendar_events import meeting_events

    register_event_source("networks.meetings", meeting_events)


def _register_plan_part() -> None:
    """The plan files' ``networks`` load as networks whenever a plan file is
    loaded (networks/plan_networks.py), after coverage's targets."""
    from kompetenceplan.plans import extensions as plans_extensions

    from .plan_networks import network_problems, plan_networks_load

    plans_extensions.plan_data_parts.register(
        plans_extensions.PlanDataPart(
            name="networks.networks",
            load=lambda actor, plan, data, file_name: plan_networks_load(
                actor=actor, plan=plan, data=data, file_name=file_name
            ),
            order=950,
            problems=network_problems,
        )
    )


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def my_networks_context(request) -> dict | None:
    """The front page's "Mine netværk": the networks the user coordinates or
    is a member of, with their next meeting (shown only when there are any)."""
    from kompetenceplan.core.permissions import can

    from .models import Network
    from .permissions import OPEN
    from .selectors import my_networks

    user = request.user
    if not can(user, Network, OPEN):
        return None
    networks = my_networks(user=user)
    return {"networks": networks} if networks else None


def _register_core() -> None:
    from kompetenceplan.organisation.models import Person

    from .models import Membership, Network

    registry.contribute(
        navigation=[("networks", _("Netværk"), "networks:network_list", 370, "courses", Network)],
        # A membership is personal data about its member (the network page logs them).
        personal_data=[("networks.membership", Membership, Person, "person_id", 470)],
        # After coverage: the plan files (with their networks) are loaded by funding.
        demo_loaders=[("networks", _load_demo, 850)],
        front_page_panels=[
            ("networks.my_networks", "networks/panels/my_networks.html", my_networks_context, 190)
        ],
    )
