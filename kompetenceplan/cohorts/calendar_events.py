"""The cohorts' sessions as calendar events (the calendar's event-source
contract: docs/calendar.md). Three queries for any period, whatever the number
of sessions: the sessions, the institutions of their participants, and the
institutions their initiatives name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse

from kompetenceplan.calendar.events import CalendarEvent
from kompetenceplan.core.permissions import Action, restrict
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.models import Initiative

from .choices import ACTIVE_STATUSES, SEATED_STATUSES
from .models import Enrolment, Session


def session_uid(session: Session, municipality_code: str) -> str:
    """Stable across every change of the session (Outlook replaces the event)."""
    return f"session-{session.pk}@{municipality_code}.kompetenceplan.dk"


def session_events(
    *,
    municipality: Any,
    start: datetime,
    end: datetime,
    user: Any = None,
    person: Any = None,
    institution: Any = None,
    personal: bool = False,
) -> Iterator[CalendarEvent]:
    sessions = Session.objects.filter(
        cohort__municipality=municipality, starts_at__lt=end, ends_at__gt=start
    ).select_related("cohort__initiative__plan")
    if user is not None:
        sessions = restrict(sessions, user, Action.VIEW)
    if personal:
        mine = Q(pk__in=[])
        if person is not None:
            mine |= Q(
                cohort__in=Enrolment.objects.filter(
                    person=person, status__in=ACTIVE_STATUSES
                ).values("cohort_id")
            )
        if user is not None and getattr(user, "pk", None) is not None:
            mine |= Q(cohort__responsible_user=user) | Q(cohort__initiative__responsible_user=user)
        sessions = sessions.filter(mine)
    rows = list(sessions.order_by("starts_at", "pk"))
    if not rows:
        return
    cohort_ids = {s.cohort_id for s in rows}
    institutions = _institutions(cohort_ids, {s.cohort.initiative_id for s in rows})
    for session in rows:
        cohort = session.cohort
        initiative = cohort.initiative
        ids = tuple(
            sorted(institutions["cohort", cohort.pk] | institutions["initiative", initiative.pk])
        )
        if institution is not None and institution.pk not in ids:
            continue
        description = initiative.title
        if session.practice_after:
            description += "\n\n" + session.practice_after
        yield CalendarEvent(
            uid=session_uid(session, municipality.code),
            sequence=session.sequence,
            title=cohort.name,
            start=session.starts_at,
            end=session.ends_at,
            location=session.place or cohort.place,
            online_url=session.online_url,
            description=description,
            kind=str(session.get_kind_display()),
            institution_ids=ids,
            sectors=tuple(initiative.plan.sectors or ()),
            initiative_id=initiative.pk,
            initiative_title=initiative.title,
            link=reverse("cohorts:cohort_detail", args=[cohort.pk]),
        )


def _institutions(
    cohort_ids: set[int], initiative_ids: set[int]
) -> dict[tuple[str, int], set[int]]:
    """The institutions a session concerns: where its cohort's seated
    participants work now, and the institutions its initiative names."""
    found: dict[tuple[str, int], set[int]] = defaultdict(set)
    for cohort_id, institution_id in (
        Enrolment.objects.filter(
            current_employments_q("person__employments__"),
            cohort_id__in=cohort_ids,
            status__in=SEATED_STATUSES,
        )
        .values_list("cohort_id", "person__employments__institution_id")
        .distinct()
    ):
        found["cohort", cohort_id].add(institution_id)
    through = Initiative.target_institutions.through
    for initiative_id, institution_id in through.objects.filter(
        initiative_id__in=initiative_ids
    ).values_list("initiative_id", "institution_id"):
        found["initiative", initiative_id].add(institution_id)
    return found
