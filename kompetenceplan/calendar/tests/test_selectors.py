"""The registry and the merged events: every source called once per period,
events merged and sorted, overlap at the edges, filters, holidays and grids."""

from datetime import date

import pytest

from kompetenceplan.calendar import selectors
from kompetenceplan.calendar.events import (
    CalendarEvent,
    event_sources,
    register_event_source,
    unregister_event_source,
)

from .conftest import at, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(world):
    calls = []

    def meetings(
        *, municipality, start, end, user=None, person=None, institution=None, personal=False
    ):
        calls.append(municipality)
        return [
            CalendarEvent(
                uid="meeting-1@183.kompetenceplan.dk",
                title="Netværksmøde",
                start=at(2025, 9, 3, 8),
                end=at(2025, 9, 3, 9),
                sectors=("daycare",),
            ),
            CalendarEvent(
                uid="day-1@183.kompetenceplan.dk",
                title="Læringsdag",
                start=date(2025, 9, 3),
                end=date(2025, 9, 4),
            ),
        ]

    register_event_source("tests.meetings", meetings)
    yield calls
    unregister_event_source("tests.meetings")


def test_sources_merged_sorted_and_called_once(world, source, second):
    source.add(
        world.ishoj,
        session(
            1,
            at(2025, 9, 3, 9),
            at(2025, 9, 3, 14),
            title="Kursus",
            sectors=("school",),
            initiative_id=5,
            initiative_title="L",
        ),
    )
    source.add(world.ishoj, session(2, at(2025, 9, 1, 9), at(2025, 9, 1, 10), title="Før"))
    found = selectors.events(municipality=world.ishoj, start=date(2025, 9, 1), end=date(2025, 9, 8))
    assert [(e.title, e.source) for e in found] == [
        ("Før", "tests.fake"),
        ("Læringsdag", "tests.meetings"),
        ("Netværksmøde", "tests.meetings"),
        ("Kursus", "tests.fake"),
    ]
    assert len(source.calls) == 1 and len(second) == 1
    assert [e.title for e in selectors.filter_events(found, sector="school")] == ["Kursus"]
    assert [e.title for e in selectors.filter_events(found, initiative=5)] == ["Kursus"]
    assert selectors.initiatives_of(found) == [(5, "L")]


def test_events_outside_the_period_are_dropped(world, second):
    found = selectors.events(
        municipality=world.ishoj, start=date(2025, 9, 4), end=date(2025, 9, 10)
    )
    assert found == []  # an all-day event on the 3rd ends (exclusive) on the 4th
    found = selectors.events(
        municipality=world.ishoj, start=date(2025, 8, 28), end=date(2025, 9, 4)
    )
    assert [e.title for e in found] == ["Læringsdag", "Netværksmøde"]


def test_registering_twice_replaces():
    def a(**kwargs):
        return []

    register_event_source("tests.twice", a)
    register_event_source("tests.twice", a)
    assert list(event_sources()).count("tests.twice") == 1
    unregister_event_source("tests.twice")
    assert "tests.twice" not in event_sources()


def test_public_holidays_in_danish():
    holidays = selectors.public_holidays(date(2025, 12, 1), date(2026, 1, 5))
    assert holidays == {
        date(2025, 12, 25): "Juledag",
        date(2025, 12, 26): "Anden juledag",
        date(2026, 1, 1): "Nytårsdag",
    }


def test_month_grid_has_iso_weeks():
    start, end = selectors.month_range(2026, 3)  # 1 March 2026 is a Sunday
    assert (start, end) == (date(2026, 2, 23), date(2026, 4, 6))
    weeks = selectors.weeks_of(
        selectors.build_days(start, end, [], today=date(2026, 3, 4), month=3)
    )
    assert [w.number for w in weeks] == [9, 10, 11, 12, 13, 14]
    assert [d.date for w in weeks for d in w.days if d.today] == [date(2026, 3, 4)]
    assert weeks[0].days[0].in_month is False and weeks[0].days[6].in_month is True


def test_timed_event_ending_at_midnight_is_one_day():
    event = session(1, at(2025, 9, 3, 20), at(2025, 9, 4, 0))
    assert (event.start_date(), event.last_date()) == (date(2025, 9, 3), date(2025, 9, 3))
    days = selectors.build_days(date(2025, 9, 1), date(2025, 9, 8), [event], today=date(2025, 9, 1))
    assert [d.date for d in days if d.events] == [date(2025, 9, 3)]
