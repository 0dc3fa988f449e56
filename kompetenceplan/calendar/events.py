"""The calendar's event sources: what other apps register so their dated
things (cohort sessions, network meetings, follow-ups) appear in the month,
week and list views and in the ICS feeds.

The contract (see docs/calendar.md)::

    from kompetenceplan.calendar.events import CalendarEvent, register_event_source

    def session_events(*, municipality, start, end, user=None, person=None,
                       institution=None, personal=False):
        ...  # ONE bounded query for [start, end), then yield CalendarEvent(...)

    register_event_source("cohorts.sessions", session_events)

A source is called once per page or feed with the whole period (never per
day), and must:

- return only ``municipality``'s events that overlap ``[start, end)`` (aware
  datetimes, Europe/Copenhagen midnight);
- respect ``user`` when given: only what that user may see (``None`` is the
  system: a management command exporting a municipality's feed);
- with ``institution`` given, only that institution's events (the institution
  feed and the institution filter);
- with ``personal=True``, only the events that concern the user personally:
  what ``person`` (the user's person, may be None) is enrolled in, or what the
  user is responsible for (the personal feed);
- keep each event's ``uid`` stable across updates and raise its ``sequence``
  when it changes, so Outlook, Google and Apple replace it instead of adding
  a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from .choices import EventStatus

Moment = datetime | date  # an aware datetime, or a date for an all-day event


@dataclass(frozen=True)
class CalendarEvent:
    """One dated thing, as every source delivers it.

    ``start``/``end`` are aware datetimes, or dates for an all-day event (``end``
    then exclusive, as in RFC 5545: a one-day event on 3 September ends on 4
    September). ``kind`` is a Danish label ("Kursusdag", "Netværksmøde"),
    ``link`` a path in the application ("/forloeb/12/"). ``institution_ids``,
    ``sectors`` and ``initiative_id`` feed the filters.
    """

    uid: str
    title: str
    start: Moment
    end: Moment
    sequence: int = 0
    status: str = EventStatus.CONFIRMED
    location: str = ""
    online_url: str = ""
    description: str = ""
    kind: str = ""
    institution_ids: tuple[int, ...] = ()
    sectors: tuple[str, ...] = ()
    initiative_id: int | None = None
    initiative_title: str = ""
    link: str = ""
    last_modified: datetime | None = None
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.uid or "@" not in self.uid:
            raise ValueError(f"CalendarEvent.uid must be 'local@domain', got {self.uid!r}")
        if self.all_day:
            if isinstance(self.end, datetime):
                raise ValueError("an all-day event has dates for start and end")
        else:
            if not isinstance(self.end, datetime):
                raise ValueError("a timed event has datetimes for start and end")
            for moment in (self.start, self.end):
                assert isinstance(moment, datetime)
                if moment.tzinfo is None or moment.utcoffset() is None:
                    raise ValueError("CalendarEvent datetimes must be timezone-aware")
        if self.end < self.start:
            raise ValueError("CalendarEvent ends before it starts")
        if self.status not in EventStatus.values:
            raise ValueError(f"unknown status {self.status!r}")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def start_date(self) -> date:
        """The local (Copenhagen) day it starts."""
        return _local_date(self.start)

    def last_date(self) -> date:
        """The local day it ends (inclusive): an all-day end is exclusive."""
        if isinstance(self.end, datetime):
            end = self.end
            last = _local_date(end)
            # An event ending exactly at midnight ends the day before.
            local = end.astimezone(_copenhagen())
            if local.time() == datetime.min.time() and last > self.start_date():
                return date.fromordinal(last.toordinal() - 1)
            return last
        return max(self.start_date(), date.fromordinal(self.end.toordinal() - 1))

    def sort_key(self) -> tuple[date, int, str, str, str]:
        start = self.start
        time = _local(start).strftime("%H%M") if isinstance(start, datetime) else ""
        return (self.start_date(), 0 if self.all_day else 1, time, self.title, self.uid)


def _copenhagen() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Copenhagen")


def _local(moment: datetime) -> datetime:
    return moment.astimezone(_copenhagen())


def _local_date(moment: Moment) -> date:
    if isinstance(moment, datetime):
        return _local(moment).date()
    return moment


class EventSource(Protocol):
    def __call__(
        self,
        *,
        municipality: Any,
        start: datetime,
        end: datetime,
        user: Any = None,
        person: Any = None,
        institution: Any = None,
        personal: bool = False,
    ) -> Iterable[CalendarEvent]: ...


_SOURCES: dict[str, EventSource] = {}


def register_event_source(key: str, func: EventSource) -> EventSource:
    """Register ``func`` under ``key`` (``"cohorts.sessions"``); registering the
    same key again replaces it, so an app's ``ready()`` may run twice (or use
    the decorator :func:`source`)."""
    _SOURCES[key] = func
    return func


def unregister_event_source(key: str) -> None:
    _SOURCES.pop(key, None)


def event_sources() -> dict[str, EventSource]:
    """The registered sources by key, in registration order."""
    return dict(_SOURCES)


def source(key: str) -> Callable[[EventSource], EventSource]:
    """Decorator form of :func:`register_event_source`."""

    def decorator(func: EventSource) -> EventSource:
        return register_event_source(key, func)

    return decorator
