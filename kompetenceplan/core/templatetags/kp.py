"""Danish presentation helpers: kroner, weeks, history values."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def kr(value) -> str:
    """1165000 -> '1.165.000 kr.' (Danish thousands separator, no decimals unless øre)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)} kr."


@register.filter
def week(value) -> str:
    """A date's ISO week as Danes say it: 'uge 31'."""
    if not isinstance(value, dt.date):
        return ""
    return _("uge %(week)d") % {"week": value.isocalendar().week}


@register.filter
def history_value(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)
