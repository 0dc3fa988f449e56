"""What the budget pages share: breadcrumbs and the initiative's URL."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.generic import HOME, Crumb


def initiative_url(initiative_id: int) -> str:
    """The initiative's page, or the budget overview while plans has none."""
    try:
        return reverse("plans:initiative_detail", args=[initiative_id])
    except NoReverseMatch:
        return reverse("funding:overview")


def source_url(source_id: int, anchor: str = "") -> str:
    url = reverse("funding:source_detail", args=[source_id])
    return f"{url}#{anchor}" if anchor else url


BUDGET = Crumb(_("Budget"), "funding:overview")
#: Home > Budget, the trail above every budget page.
BUDGET_TRAIL = (HOME, BUDGET)
