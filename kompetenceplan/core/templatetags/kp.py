"""Template filters: Danish kroner, percent, weeks and dates (wrapping
``core.formatting``), history values, plan text and DKFDS form widgets.
Domain code imports ``kompetenceplan.core.formatting``, never this module."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from .. import formatting, registry

Amount = Decimal | int | float | str | None

register = template.Library()


@register.filter
def kr(value: Amount) -> str:
    """1165000 -> '1.165.000 kr.' (see :func:`core.formatting.kr`)."""
    return formatting.kr(value)


@register.filter
def percent(value: Amount) -> str:
    """Decimal('12.50') -> '12,5' (see :func:`core.formatting.percent`)."""
    return formatting.percent(value)


@register.filter
def week(value: object) -> str:
    """A date's ISO week as Danes say it: 'uge 31'."""
    return formatting.week(value) if isinstance(value, dt.date) else ""


@register.filter
def long_date(value: object) -> str:
    """A date as '1. august 2025'."""
    return formatting.long_date(value) if isinstance(value, dt.date) else ""


@register.simple_tag(takes_context=True)
def history_rows(context: Any, history: Any, obj: Any = None) -> list[Any]:
    """Change-log entries as display rows (core.history), names of related
    objects passing the gate for the page's reader; rows pass through (their
    selector was given the reader)."""
    from kompetenceplan.core.history import HistoryRow
    from kompetenceplan.core.history import history_rows as rows

    items = list(history or [])
    if all(isinstance(item, HistoryRow) for item in items):
        return items
    request = context.get("request")
    return rows(items, obj=obj or None, user=getattr(request, "user", None))


def _flush(html: list[str], paragraph: list[str], bullets: list[str]) -> None:
    from django.utils.html import escape

    if paragraph:
        html.append("<p>" + " ".join(escape(p) for p in paragraph) + "</p>")
        paragraph.clear()
    if bullets:
        html.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>")
        bullets.clear()


@register.filter
def richtext(value: object) -> str:
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
def dkfds(bound_field: BoundField) -> str:
    """Render a form field's widget with the DKFDS class, unless it has one."""
    from django import forms

    widget = bound_field.field.widget
    if widget.attrs.get("class"):
        return str(bound_field.as_widget())
    css = "form-select" if isinstance(widget, forms.Select) else "form-input"
    return str(bound_field.as_widget(attrs={"class": css}))


@register.filter
def described(bound_field: BoundField) -> str:
    """Render a filter field's widget described by its error and its notice
    (``core.search.SearchField``: the words left out), as ``filters.html``
    shows them with the ids ``<id>_error`` and ``<id>_notice``."""
    ids = [f"{bound_field.auto_id}_error"] if bound_field.errors else []
    if getattr(bound_field.field, "notice", ""):
        ids.append(f"{bound_field.auto_id}_notice")
    if not ids:
        return str(bound_field)
    return str(bound_field.as_widget(attrs={"aria-describedby": " ".join(ids)}))


def _render_with(context: Context, template_name: str, values: dict[str, Any]) -> str:
    """Render ``template_name`` in the page's context plus ``values`` (as
    ``{% include ... with ... %}`` does, so tests see ``values`` in
    ``response.context``)."""
    assert context.template is not None
    tpl = context.template.engine.get_template(template_name)
    with context.push(**values):
        return str(tpl.render(context))


@register.simple_tag(takes_context=True)
def render_panel(context: Context, template_name: str, values: dict[str, Any]) -> SafeString:
    """``{% render_panel template values %}``: one front-page panel."""
    return mark_safe(_render_with(context, template_name, values))  # noqa: S308 - rendered by the engine


@register.simple_tag(takes_context=True)
def object_panels(context: Context, obj: Any, slot: str) -> SafeString:
    """``{% object_panels initiative "economy" %}``: the panels other apps
    registered for this object's page (``core.registry.object_panels``), in
    order; a panel whose context function returns None is left out."""
    request = context.get("request")
    if request is None:
        return mark_safe("")  # noqa: S308 - empty
    html = []
    for panel in registry.panels_for(obj, slot):
        values = panel.context(request, obj)
        if values is not None:
            html.append(_render_with(context, panel.template, values))
    return mark_safe("".join(html))  # noqa: S308 - rendered by the engine
