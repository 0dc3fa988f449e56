"""Reads for the calendar: the merged events of every registered source,
Danish public holidays, the month and week grids, and the feeds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from django.db.models import QuerySet
from django.utils.translation import get_language

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.permissions import Action, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.models import Institution, Person

from .choices import FeedKind
from .events import CalendarEvent, event_sources
from .models import CalendarFeed

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: How far back and ahead a feed reaches (calendar programs keep what they saw).
FEED_PAST_DAYS = 365
FEED_FUTURE_DAYS = 2 * 365


def local_midnight(day: date) -> datetime:
    """Midnight at the start of ``day`` in Copenhagen, aware."""
    return datetime.combine(day, time.min, tzinfo=COPENHAGEN)


def events(
    *,
    municipality: Municipality,
    start: date,
    end: date,
    user: ActingUser | None = None,
    person: Person | None = None,
    institution: Institution | None = None,
    personal: bool = False,
    sector: str | None = None,
    initiative: int | None = None,
) -> list[CalendarEvent]:
    """Every source's events overlapping the days ``[start, end)``, sorted by
    day, all-day first, then time and title. Each source is called once."""
    begin, finish = local_midnight(start), local_midnight(end)
    found: list[CalendarEvent] = []
    for key, source in event_sources().items():
        produced = source(
            municipality=municipality,
            start=begin,
            end=finish,
            user=user,
            person=person,
            institution=institution,
            personal=personal,
        )
        for event in produced:
            if event.start_date() < end and event.last_date() >= start:
                found.append(event if event.source else _with_source(event, key))
    found.sort(key=CalendarEvent.sort_key)
    return filter_events(found, sector=sector, initiative=initiative)


def _with_source(event: CalendarEvent, key: str) -> CalendarEvent:
    return replace(event, source=key)


def filter_events(
    found: Iterable[CalendarEvent], *, sector: str | None = None, initiative: int | None = None
) -> list[CalendarEvent]:
    """The events of ``sector`` and ``initiative`` (None: any)."""
    return [
        e
        for e in found
        if (not sector or sector in e.sectors)
        and (initiative is None or e.initiative_id == initiative)
    ]


def initiatives_of(found: Iterable[CalendarEvent]) -> list[tuple[int, str]]:
    """(id, title) of the initiatives the events belong to, by title."""
    seen = {e.initiative_id: e.initiative_title for e in found if e.initiative_id is not None}
    return sorted(((pk, title) for pk, title in seen.items() if pk is not None), key=lambda p: p[1])


# --- holidays ----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict[date, str]:
    return dict(holidays_lib.country_holidays("DK", years=year, language=language).items())


def public_holidays(start: date, end: date) -> dict[date, str]:
    """Danish public holidays in ``[start, end)`` by day, named in the active
    language (Danish: "Juledag")."""
    language = "da" if (get_language() or "da").startswith("da") else "en_US"
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _holidays(year, language).items():
            if start <= day < end:
                found[day] = name
    return found


# --- grids -------------------------------------------------------------------------------


@dataclass
class Day:
    date: date
    in_month: bool = True
    today: bool = False
    holiday: str = ""
    events: list[CalendarEvent] = field(default_factory=list)

    @property
    def weekend(self) -> bool:
        return self.date.isoweekday() >= 6


@dataclass
class Week:
    year: int
    number: int
    days: list[Day]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build_days(
    start: date, end: date, found: Iterable[CalendarEvent], *, today: date, month: int | None = None
) -> list[Day]:
    """One :class:`Day` per date in ``[start, end)`` with its holiday and the
    events on it (a multi-day event on each of its days)."""
    holidays = public_holidays(start, end)
    by_day: dict[date, list[CalendarEvent]] = defaultdict(list)
    for event in found:
        day = max(event.start_date(), start)
        last = min(event.last_date(), end - timedelta(days=1))
        while day <= last:
            by_day[day].append(event)
            day += timedelta(days=1)
    days = []
    day = start
    while day < end:
        days.append(
            Day(
                date=day,
                in_month=month is None or day.month == month,
                today=day == today,
                holiday=holidays.get(day, ""),
                events=by_day.get(day, []),
            )
        )
        day += timedelta(days=1)
    return days


def weeks_of(days: list[Day]) -> list[Week]:
    """``days`` (starting on a Monday) in rows of seven with ISO week numbers."""
    weeks = []
    for index in range(0, len(days), 7):
        chunk = days[index : index + 7]
        year, number, _weekday = chunk[0].date.isocalendar()
        weeks.append(Week(year=year, number=number, days=chunk))
    return weeks


def month_range(year: int, month: int) -> tuple[date, date]:
    """The Monday before (or on) the 1st and the Monday after the last day."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return monday_of(first), monday_of(last) + timedelta(days=7)


# --- feeds -------------------------------------------------------------------------------


def feed_get(*, user: User, pk: int, action: str = Action.VIEW) -> CalendarFeed:
    from kompetenceplan.core.permissions import get_restricted_or_404

    return get_restricted_or_404(
        CalendarFeed.objects.select_related("institution"), user, action, pk=pk
    )


def feeds_of(user: User) -> QuerySet[CalendarFeed]:
    """The user's own feed addresses."""
    return restrict(CalendarFeed.objects.select_related("institution"), user, Action.VIEW)


def feed_institutions(user: User) -> QuerySet[Institution]:
    """The institutions whose calendar ``user`` may subscribe to."""
    if user.municipality_id is None:
        return Institution.objects.none()
    qs = Institution.objects.filter(municipality_id=user.municipality_id).order_by("name")
    if user.role == Role.ADMINISTRATOR:
        return qs
    if user.role == Role.LEADER:
        return qs.filter(pk__in=user.institution_ids)
    return qs.none()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed with this token while its owner may still use it, else None
    (an unknown or renewed token, an inactive owner, a leader who no longer
    leads the institution): the view answers 404."""
    if not token or len(token) > 64:
        return None
    feed = (
        CalendarFeed.objects.select_related("municipality", "institution", "owner__person")
        .filter(token=token)
        .first()
    )
    if feed is None or feed.owner is None:
        return None
    owner = feed.owner
    if not owner.is_active or owner.municipality_id != feed.municipality_id:
        return None
    if not restrict(CalendarFeed.objects.filter(pk=feed.pk), owner, Action.VIEW).exists():
        return None
    return feed


def feed_events(feed: CalendarFeed, *, today: date) -> list[CalendarEvent]:
    """What ``feed`` holds: its kind's events from a year back to two years ahead,
    as its owner may see them."""
    owner = feed.owner
    return events(
        municipality=feed.municipality,
        start=today - timedelta(days=FEED_PAST_DAYS),
        end=today + timedelta(days=FEED_FUTURE_DAYS),
        user=owner,
        person=getattr(owner, "person", None) if feed.kind == FeedKind.PERSONAL else None,
        institution=feed.institution if feed.kind == FeedKind.INSTITUTION else None,
        personal=feed.kind == FeedKind.PERSONAL,
    )


def export_events(
    *, municipality: Municipality, institution: Institution | None, today: date
) -> list[CalendarEvent]:
    """The municipality's (or one institution's) feed without a user: what
    ``export_calendar`` writes."""
    return events(
        municipality=municipality,
        start=today - timedelta(days=FEED_PAST_DAYS),
        end=today + timedelta(days=FEED_FUTURE_DAYS),
        institution=institution,
    )


def feed_name(
    feed_kind: str, *, municipality: Any, institution: Any = None, owner: Any = None
) -> str:
    """X-WR-CALNAME: "Kompetenceplan – Ishøj Kommune", "... – Skole A", "... – min kalender"."""
    base = f"Kompetenceplan – {municipality}"
    if feed_kind == FeedKind.INSTITUTION and institution is not None:
        return f"{base} – {institution.name}"
    if feed_kind == FeedKind.PERSONAL:
        return f"{base} – min kalender"
    return base
