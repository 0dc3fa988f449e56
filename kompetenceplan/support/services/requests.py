"""Requests to the resource team: the form's checks of Ishøj's principles and
the workflow, every transition in one table (docs/support.md, "Henvendelser").

    draft ──submit──> submitted ──accept──> accepted ──plan──> planned ──complete──> completed
                          └──────decline (reason)──> declined

- The institution's leader (and the administration) writes a draft and submits
  it; submitting checks the principles of Ishøj's plan 2024-2026, indsats 1.2:
  the whole children's community first, the adult team is the unit, clear
  goals, a leader takes part (and a wished period).
- Administrators and consultants (the resource team's planners) accept,
  decline (a reason is required), plan (an existing cohort, or a new one made
  under a chosen initiative through the cohorts' services) and complete.
- Anything else is refused with a Danish message naming the status.
- Every step is written to the change log and e-mailed (after the commit,
  through the task queue) to the requester and the administration.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.cohorts.services import cohort_create
from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.errors import combine
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.models import Institution
from kompetenceplan.plans.models import Initiative

from ..choices import RequestStatus
from ..errors import RequestError
from ..messages import notify_on_commit, recipients
from ..models import ResourceRequest
from ..workflow import REQUEST_FIELDS, REQUESTERS, TRANSITIONS, Transition, principle_errors

S = RequestStatus


def _check_transition(current: ResourceRequest, name: str, actor: Actor) -> Transition:
    transition = TRANSITIONS[name]
    if current.status != transition.source:
        raise RequestError.ILLEGAL_TRANSITION.error(
            status=current.get_status_display().lower(), action=transition.verb
        )
    if getattr(actor, "role", None) not in transition.roles:
        raise RequestError.NOT_ALLOWED.error(action=_gerund(transition))
    return transition


def _gerund(transition: Transition) -> str:
    return {
        "submit": _("sende"),
        "accept": _("acceptere"),
        "decline": _("afvise"),
        "plan": _("planlægge"),
        "complete": _("afslutte"),
    }[transition.name]


def _check_fields(data: dict[str, Any]) -> None:
    errors: list[tuple[str | None, ValidationError]] = []
    if not (data.get("title") or "").strip():
        errors.append(("title", RequestError.TITLE_REQUIRED.item()))
    start: dt.date | None = data.get("wished_start")
    end: dt.date | None = data.get("wished_end")
    if start and end and end < start:
        errors.append(("wished_end", RequestError.PERIOD_ORDER.item()))
    if errors:
        raise combine(errors)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) for name in REQUEST_FIELDS}
    for name in ("title", "community", "goals", "adult_team", "participating_leader"):
        values[name] = (values[name] or "").strip()
    values["whole_community"] = bool(values["whole_community"])
    return values


def _check_institution(actor: Actor, institution: Institution) -> None:
    user: Any = actor
    if user.role not in REQUESTERS or institution.municipality_id != user.municipality_id:
        raise RequestError.INSTITUTION.error()
    if user.role == Role.LEADER and institution.pk not in user.institution_ids:
        raise RequestError.INSTITUTION.error()


def request_create(
    *, actor: Actor, institution: Institution, submit: bool = False, **data: Any
) -> ResourceRequest:
    """A new draft for ``institution`` (sent at once with ``submit``)."""
    _check_institution(actor, institution)
    values = _clean(data)
    _check_fields(values)
    with transaction.atomic():
        request = ResourceRequest.objects.create(
            municipality_id=institution.municipality_id,
            institution=institution,
            requested_by=actor if isinstance(actor, User) else None,
            status=S.DRAFT,
            **values,
        )
        log_saved(actor=actor, obj=request, before=None, related=institution)
        if submit:
            request = request_submit(actor=actor, request=request)
    return request


def request_update(
    *, actor: Actor, request: ResourceRequest, submit: bool = False, **data: Any
) -> ResourceRequest:
    """Change a draft (only a draft; sent with ``submit``)."""
    values = _clean(data)
    _check_fields(values)
    with transaction.atomic():
        current = ResourceRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != S.DRAFT:
            raise RequestError.ONLY_DRAFTS.error(status=current.get_status_display().lower())
        before = snapshot(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        log_saved(actor=actor, obj=current, before=before, related=current.institution)
        if submit:
            current = request_submit(actor=actor, request=current)
    return current


def _step(
    *,
    actor: Actor,
    request: ResourceRequest,
    name: str,
    changes: dict[str, Any] | None = None,
    check: Any = None,
) -> ResourceRequest:
    """Take one transition under a row lock: check it, apply ``changes``, log it
    and e-mail the requester and the administration after the commit."""
    with transaction.atomic():
        current = (
            ResourceRequest.objects.select_for_update(of=("self",))
            .select_related("requested_by", "institution")
            .get(pk=request.pk)
        )
        transition = _check_transition(current, name, actor)
        if check is not None:
            check(current)
        before = snapshot(current)
        for field, value in (changes or {}).items():
            setattr(current, field, value)
        current.status = transition.target
        current.status_changed_at = timezone.now()
        current.save()
        log_saved(
            actor=actor,
            obj=current,
            before=before,
            note=str(transition.subject),
            related=current.institution,
        )
        _message(current, transition, actor)
    return current


def _message(request: ResourceRequest, transition: Transition, actor: Actor) -> None:
    lines = [
        _("Henvendelsen »%(title)s« fra %(institution)s har nu status: %(status)s.")
        % {
            "title": request.title,
            "institution": request.institution.name,
            "status": request.get_status_display().lower(),
        }
    ]
    if request.status == S.DECLINED:
        lines.append(_("Begrundelse: %(reason)s") % {"reason": request.decline_reason})
    if request.status == S.PLANNED and request.cohort_id:
        lines.append(_("Forløbet gennemføres som holdet %(cohort)s.") % {"cohort": request.cohort})
    actor_user = actor if isinstance(actor, User) else None
    if actor_user is not None:
        lines.append(
            _("Ændret af %(actor)s.") % {"actor": actor_user.get_full_name() or actor_user}
        )
    notify_on_commit(
        recipients(municipality_id=request.municipality_id, users=[request.requested_by]),
        f"{transition.subject}: {request.title}",
        "\n\n".join(lines),
    )


def request_submit(*, actor: Actor, request: ResourceRequest) -> ResourceRequest:
    """Send a draft to the resource team, once it meets the principles."""

    def check(current: ResourceRequest) -> None:
        user: Any = actor
        if user.role == Role.LEADER and current.institution_id not in user.institution_ids:
            raise RequestError.NOT_ALLOWED.error(action=_("sende"))
        errors = principle_errors({name: getattr(current, name) for name in REQUEST_FIELDS})
        if errors:
            raise combine(errors)

    return _step(actor=actor, request=request, name="submit", check=check)


def request_accept(*, actor: Actor, request: ResourceRequest) -> ResourceRequest:
    return _step(actor=actor, request=request, name="accept")


def request_decline(*, actor: Actor, request: ResourceRequest, reason: str) -> ResourceRequest:
    """Decline a sent request; the reason is required and goes to the requester."""
    reason = (reason or "").strip()

    def check(current: ResourceRequest) -> None:
        if not reason:
            raise RequestError.REASON_REQUIRED.error()

    return _step(
        actor=actor,
        request=request,
        name="decline",
        changes={"decline_reason": reason},
        check=check,
    )


def request_plan(
    *,
    actor: Actor,
    request: ResourceRequest,
    cohort: Cohort | None = None,
    initiative: Initiative | None = None,
    cohort_name: str = "",
    school_year: str = "",
    capacity: int | None = None,
    note: str = "",
) -> ResourceRequest:
    """Plan an accepted request: link an existing ``cohort``, or create one
    under ``initiative`` (through :func:`cohorts.services.cohort_create`, with
    its rules) named ``cohort_name`` for ``school_year``."""
    with transaction.atomic():
        current = ResourceRequest.objects.select_for_update().get(pk=request.pk)
        _check_transition(current, "plan", actor)
        if cohort is not None:
            if cohort.municipality_id != current.municipality_id:
                raise RequestError.COHORT_MUNICIPALITY.error()
            chosen = cohort
        elif initiative is not None and (cohort_name or "").strip():
            chosen = cohort_create(
                actor=actor,
                initiative=initiative,
                name=cohort_name,
                school_year=school_year,
                capacity=capacity or 1,
                note=_("Praksisnært forløb for %(institution)s: %(title)s")
                % {"institution": current.institution.name, "title": current.title},
            )
        else:
            raise RequestError.COHORT_REQUIRED.error()
        return _step(
            actor=actor,
            request=current,
            name="plan",
            changes={"cohort": chosen, "plan_note": (note or "").strip()},
        )


def request_complete(*, actor: Actor, request: ResourceRequest) -> ResourceRequest:
    return _step(actor=actor, request=request, name="complete")
