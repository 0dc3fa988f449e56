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


@register.simple_tag
def history_rows(history, obj=None) -> list:
    """Change-log entries as display rows (core.history); rows pass through."""
    from kompetenceplan.core.history import HistoryRow
    from kompetenceplan.core.history import history_rows as rows

    items = list(history or [])
    if all(isinstance(item, HistoryRow) for item in items):
        return items
    return rows(items, obj=obj or None)


def _flush(html: list[str], paragraph: list[str], bullets: list[str]) -> None:
    from django.utils.html import escape

    if paragraph:
        html.append("<p>" + " ".join(escape(p) for p in paragraph) + "</p>")
        paragraph.clear()
    if bullets:
        html.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>")
        bullets.clear()


@register.filter
def richtext(value) -> str:
    """Plan text to HTML: blank-line paragraphs, '- ' bullet lists, escaped."""
    from django.utils.safestring import mark_safe

    if not value:
        return ""
    html: list[str] = []
    for block in str(value).strip().split("\n\n"):
        paragraph: list[str] = []
        bullets: list[str] = []
        for line in (raw.strip() for raw in block.splitlines()):
            if not line:
                continue
            if line.startswith(("- ", "• ")):
                if paragraph:
                    _flush(html, paragraph, bullets)
                bullets.append(line[2:].strip())
            else:
                if bullets:
                    _flush(html, paragraph, bullets)
                paragraph.append(line)
        _flush(html, paragraph, bullets)
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped in _flush


@register.filter
def dkfds(bound_field):
    """Render a form field's widget with the DKFDS class, unless it has one."""
    from django import forms

    widget = bound_field.field.widget
    if widget.attrs.get("class"):
        return bound_field.as_widget()
    css = "form-select" if isinstance(widget, forms.Select) else "form-input"
    return bound_field.as_widget(attrs={"class": css})
