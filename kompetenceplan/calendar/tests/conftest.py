"""A test-only event source: the tests put events into it; registered for the
test and removed afterwards (the real sources come from cohorts and later
apps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kompetenceplan.calendar.events import (
    CalendarEvent,
    event_sources,
    register_event_source,
    unregister_event_source,
)

CPH = ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=CPH)


@dataclass
class FakeSource:
    """Events per municipality, each with the people it concerns."""

    rows: list[tuple[int, CalendarEvent, tuple[int, ...]]] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)

    def add(self, municipality, event: CalendarEvent, people=()):
        self.rows.append((municipality.pk, event, tuple(p.pk for p in people)))
        return event

    def replace(self, event: CalendarEvent):
        self.rows = [(m, event if e.uid == event.uid else e, people) for m, e, people in self.rows]

    def __call__(
        self,
        *,
        municipality,
        start,
        end,
        user=None,
        person=None,
        institution=None,
        personal=False,
    ):
        self.calls.append(
            {
                "municipality": municipality,
                "user": user,
                "person": person,
                "institution": institution,
                "personal": personal,
                "start": start,
                "end": end,
            }
        )
        for municipality_id, event, people in self.rows:
            if municipality_id != municipality.pk:
                continue
            if institution is not None and institution.pk not in event.institution_ids:
                continue
            if personal and (person is None or person.pk not in people):
                continue
            ev_start = event.start if isinstance(event.start, datetime) else None
            if ev_start is not None and not (ev_start < end and event.end > start):
                continue
            yield event


@pytest.fixture
def source():
    """The fake source alone: the apps' real sources (cohorts' sessions) are
    taken out for the test, so the calendar's own counts stay exact."""
    real = event_sources()
    for key in real:
        unregister_event_source(key)
    fake = FakeSource()
    register_event_source("tests.fake", fake)
    yield fake
    unregister_event_source("tests.fake")
    for key, func in real.items():
        register_event_source(key, func)


def session(
    uid_number, start, end, *, municipality_code="183", title="Kursusdag i læsning", **kwargs
):
    return CalendarEvent(
        uid=f"session-{uid_number}@{municipality_code}.kompetenceplan.dk",
        title=title,
        start=start,
        end=end,
        **kwargs,
    )
