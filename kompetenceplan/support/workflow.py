"""The requests' workflow table and the principles a request is checked
against, as pure rules (docs/support.md, "Henvendelser"); the writes that take
the steps are in :mod:`kompetenceplan.support.services.requests`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from kompetenceplan.core.choices import Role

from .choices import RequestStatus
from .errors import RequestError
from .models import ResourceRequest

S = RequestStatus
#: Clear goals: at least this many characters.
GOALS_MINIMUM = 20
PLANNERS = (Role.ADMINISTRATOR, Role.CONSULTANT)
REQUESTERS = (Role.LEADER, Role.ADMINISTRATOR)

#: The fields a draft holds (the form's fields).
REQUEST_FIELDS = (
    "title",
    "community",
    "whole_community",
    "goals",
    "adult_team",
    "participating_leader",
    "wished_start",
    "wished_end",
)


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: tuple[str, ...]
    #: The verb in "kan ikke <verb>" / "Du må ikke <verb> henvendelsen".
    verb: Any
    #: The message's subject ("Henvendelse sendt: <title>").
    subject: Any


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            S.DRAFT,
            S.SUBMITTED,
            REQUESTERS,
            gettext_lazy("sendes"),
            gettext_lazy("Henvendelse sendt til ressourceteamet"),
        ),
        Transition(
            "accept",
            S.SUBMITTED,
            S.ACCEPTED,
            PLANNERS,
            gettext_lazy("accepteres"),
            gettext_lazy("Henvendelse accepteret"),
        ),
        Transition(
            "decline",
            S.SUBMITTED,
            S.DECLINED,
            PLANNERS,
            gettext_lazy("afvises"),
            gettext_lazy("Henvendelse afvist"),
        ),
        Transition(
            "plan",
            S.ACCEPTED,
            S.PLANNED,
            PLANNERS,
            gettext_lazy("planlægges"),
            gettext_lazy("Forløb planlagt"),
        ),
        Transition(
            "complete",
            S.PLANNED,
            S.COMPLETED,
            PLANNERS,
            gettext_lazy("afsluttes"),
            gettext_lazy("Forløb afsluttet"),
        ),
    )
}


def allowed_transitions(request: ResourceRequest, user: Any) -> list[Transition]:
    """The steps ``user`` may take from the request's status now (buttons)."""
    role = getattr(user, "role", None)
    return [t for t in TRANSITIONS.values() if t.source == request.status and role in t.roles]


def principle_errors(data: dict[str, Any]) -> list[tuple[str | None, ValidationError]]:
    """Ishøj's principles (indsats 1.2) and the wished period, as (field, error)
    pairs: empty when the request may be sent."""
    errors: list[tuple[str | None, ValidationError]] = []

    def add(code: RequestError, **params: Any) -> None:
        errors.append((code.field, code.item(**params)))

    if not (data.get("community") or "").strip() or not data.get("whole_community"):
        add(RequestError.WHOLE_COMMUNITY)
    if not (data.get("adult_team") or "").strip():
        add(RequestError.ADULT_TEAM)
    if len((data.get("goals") or "").strip()) < GOALS_MINIMUM:
        add(RequestError.CLEAR_GOALS, minimum=GOALS_MINIMUM)
    if not (data.get("participating_leader") or "").strip():
        add(RequestError.LEADER_TAKES_PART)
    start, end = data.get("wished_start"), data.get("wished_end")
    if not start or not end:
        add(RequestError.PERIOD_REQUIRED)
    return errors
