"""Where in a school year the generated meetings fall (pure, no database):
spread evenly over the school year's working weeks, evaluations at its end,
moved off weekends, public holidays and school holidays where possible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: The school year's working window: after the summer holiday until before the next.
WINDOW_START = (8, 15)  # 15 August of the start year
WINDOW_END = (6, 20)  # 20 June of the following year
#: How far a meeting may move (days each way) to avoid a day off.
MAX_SHIFT = 14


def school_year_label(year: int) -> str:
    """2025 -> '2025/26'."""
    return f"{year}/{(year + 1) % 100:02d}"


def school_year_window(school_year: int) -> tuple[dt.date, dt.date]:
    return (
        dt.date(school_year, *WINDOW_START),
        dt.date(school_year + 1, *WINDOW_END),
    )


def target_days(school_year: int, count: int, *, at_end: bool = False) -> list[dt.date]:
    """``count`` days spread evenly over the school year (the middle of each
    equal part); ``at_end`` puts a yearly meeting in late May (an evaluation)."""
    start, end = school_year_window(school_year)
    span = (end - start).days
    if at_end and count == 1:
        return [dt.date(school_year + 1, 5, 20)]
    return [start + dt.timedelta(days=int((i + 0.5) * span / count)) for i in range(count)]


def working_day(day: dt.date, is_off: Callable[[dt.date], bool]) -> dt.date:
    """``day``, or the nearest later (then earlier) day that is not off, within
    :data:`MAX_SHIFT` days; ``day`` itself when there is none ("where possible")."""
    for shift in range(MAX_SHIFT + 1):
        later = day + dt.timedelta(days=shift)
        if not is_off(later):
            return later
    for shift in range(1, MAX_SHIFT + 1):
        earlier = day - dt.timedelta(days=shift)
        if not is_off(earlier):
            return earlier
    return day


def local_datetime(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware Copenhagen datetime (summer or winter time as that day has)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=COPENHAGEN)


def school_year_dates(school_year: int) -> tuple[dt.date, dt.date]:
    """The whole school year a meeting may be moved within: 1 August to 31 July."""
    return dt.date(school_year, 8, 1), dt.date(school_year + 1, 7, 31)


def when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "mandag 8. september 2025, 09.00–10.00" (local time)."""
    starts = timezone.localtime(starts_at)
    ends = timezone.localtime(ends_at)
    return f"{date_format(starts, 'l j. F Y')}, {starts:%H.%M}–{ends:%H.%M}"
