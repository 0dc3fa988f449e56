"""Dates the cohorts plan around: Danish public holidays (the ``holidays``
package, DK), school years and the warnings a session's date gives. Pure: no
database; the school holidays come in as plain data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from kompetenceplan.core.formatting import long_date

SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True)
class Period:
    """A named holiday period (a school holiday), both days included."""

    name: str
    start: dt.date
    end: dt.date


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("DK", years=year, language="da").items())


def public_holiday(day: dt.date) -> str | None:
    """The Danish public holiday on ``day`` ('Juledag'), or None."""
    return _danish_holidays(day.year).get(day)


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def date_warnings(start: dt.date, end: dt.date, school_holidays: Iterable[Period]) -> list[str]:
    """Warnings (Danish) for a session from ``start`` to ``end`` (dates): each
    public holiday and each school holiday it touches. Warnings, not refusals:
    a course may run on purpose in a holiday."""
    warnings = []
    for day in days_between(start, end):
        name = public_holiday(day)
        if name:
            warnings.append(
                _("%(date)s er en helligdag (%(name)s).") % {"date": long_date(day), "name": name}
            )
    for period in school_holidays:
        if period.start <= end and start <= period.end:
            warnings.append(
                _("%(date)s ligger i skoleferien %(name)s (%(start)s – %(end)s).")
                % {
                    "date": long_date(max(start, period.start)),
                    "name": period.name,
                    "start": long_date(period.start),
                    "end": long_date(period.end),
                }
            )
    return warnings


def school_year_valid(text: str) -> bool:
    """'2025/26' (two consecutive years) is valid; '2025/27' and '25/26' are not."""
    match = SCHOOL_YEAR.match(text or "")
    if not match:
        return False
    first = int(match.group(1))
    return (first + 1) % 100 == int(match.group(2))


def school_year_of(day: dt.date) -> str:
    """The school year (1 August – 31 July) a day falls in: 2025-09-03 -> '2025/26'."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"
