"""Filters for the printed plan (reports/plan_document.html)."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from kompetenceplan.core.formatting import kr

from ..documents import text_blocks as _text_blocks

register = template.Library()


@register.filter
def text_blocks(value: object, headings: str = "") -> list[dict[str, Any]]:
    """Plan text as paragraphs and lists (see documents.text_blocks);
    ``|text_blocks:"headings"`` also finds sub-headings."""
    return _text_blocks(value, headings=headings == "headings")


@register.filter
def money(value: Decimal | int | float | str | None) -> str:
    """Kroner in Danish format, or a dash when the plan states no amount."""
    return "–" if value is None else kr(value)


@register.filter
def year_label(value: object) -> str:
    return _("Uden år") if value is None else str(value)


@register.filter
def anchor(number: object) -> str:
    """'1.2' -> 'indsats-1-2' (an id for links from the contents list)."""
    return "indsats-" + "".join(c if c.isalnum() else "-" for c in str(number))
