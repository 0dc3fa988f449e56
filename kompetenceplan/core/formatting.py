"""Money, percent and date formatting the Danish way: pure functions.

Domain code (services' messages, selectors' history texts, documents) calls
these; the template filters in ``core/templatetags/kp.py`` wrap them. Nothing
here touches the database or the template engine; the output follows the
active language through Django's locale formats.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

NO_VALUE = "–"


def kr(value: Decimal | int | float | str | None) -> str:
    """1165000 -> '1.165.000 kr.' (Danish thousands separator, øre only when
    there are any: '1.234,50 kr.'); None or '' -> ''."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)} kr."


def kr_or_dash(value: Decimal | int | None) -> str:
    """Like :func:`kr`, but a dash where there is no amount."""
    return NO_VALUE if value is None else kr(value)


def percent(value: Decimal | int | float | str | None) -> str:
    """Decimal('10.00') -> '10', Decimal('12.50') -> '12,5' (Danish decimal
    comma, no trailing zeros, no sign); None -> ''."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


def long_date(value: dt.date | None) -> str:
    """2025-08-01 -> '1. august 2025' in Danish; None -> ''."""
    if not isinstance(value, dt.date):
        return ""
    return date_format(value, "j. F Y")


def week(value: dt.date | None) -> str:
    """A date's ISO week as Danes say it: 'uge 31'; not a date -> ''."""
    if not isinstance(value, dt.date):
        return ""
    return _("uge %(week)d") % {"week": value.isocalendar().week}
