"""Extension points of plans: what apps above plans (funding today; cohorts,
coverage and evaluation later) add to the catalogue and the plan history
without plans importing them. The object pages (plan, initiative) take their
panels from ``core.registry.object_panels`` (slots: plan "documents",
"followup" (after the initiatives) and "economy", initiative "economy"); the plan page's initiative tables take
extra columns from :data:`plan_initiative_columns`.

Funding fills these in ``funding/registration.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Q

from kompetenceplan.core.registry import ExtensionPoint, Label


@dataclass(frozen=True)
class CatalogueColumn:
    """A column of the catalogue (page and export): ``annotation()`` is
    annotated on the catalogue queryset as ``name``; ``render`` formats it in
    the table; the export gets the raw value under ``export_label``."""

    name: str
    label: Label
    export_label: Label
    annotation: Callable[[], Any]
    render: Callable[[Any], str]
    order: int
    css_class: str = ""


@dataclass(frozen=True)
class CatalogueFilter:
    """A filter of the catalogue: ``build(user)`` returns the django-filter
    filter (with a ``method``); it stands before the filter named ``before``."""

    name: str
    build: Callable[[Any], django_filters.Filter]
    order: int
    before: str = "status"


@dataclass(frozen=True)
class CatalogueYearMatch:
    """The year filter also matches initiatives for which ``q(year)`` holds
    (e.g. money allocated in that year); ``years(plans)`` names the years it
    adds to the filter's choices for these plans (one query)."""

    name: str
    q: Callable[[int], Q]
    order: int
    years: Callable[[Any], Iterable[int]] = lambda plans: ()


@dataclass(frozen=True)
class PlanInitiativeCell:
    """One cell of a registered column on the plan page: a main text and
    optional detail lines under it (e.g. a total and its sources)."""

    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanInitiativeColumn:
    """A column of the plan page's initiative tables (funding's economy).
    ``cells(request, plan)`` returns the cells of all the plan's initiatives
    by initiative pk, in a fixed number of queries (never one per initiative);
    an initiative without a cell shows ``empty``."""

    name: str
    label: Label
    cells: Callable[[Any, Any], dict[int, PlanInitiativeCell]]
    order: int
    css_class: str = ""
    empty: Label = "–"


catalogue_columns: ExtensionPoint[CatalogueColumn] = ExtensionPoint("plans.catalogue_columns")
catalogue_filters: ExtensionPoint[CatalogueFilter] = ExtensionPoint("plans.catalogue_filters")
catalogue_year_matches: ExtensionPoint[CatalogueYearMatch] = ExtensionPoint(
    "plans.catalogue_year_matches"
)
plan_initiative_columns: ExtensionPoint[PlanInitiativeColumn] = ExtensionPoint(
    "plans.plan_initiative_columns"
)


@dataclass(frozen=True)
class PlanDataPart:
    """A part of a plan data file (plans/data/README.md) that an app above
    plans loads, e.g. coverage's ``coverage_targets``. ``problems(data,
    file_name)`` names what cannot be loaded (checked with the rest of the file,
    before anything is written); ``load(actor, plan, data, file_name)`` runs in
    the file's transaction after the plan and its money and returns whether it
    changed anything. Loading twice must change nothing. Called by
    ``funding.plan_loading.plan_document_load`` (the demo and ``load_plan``)."""

    name: str
    load: Callable[[Any, Any, dict[str, Any], str], bool]
    order: int
    problems: Callable[[dict[str, Any], str], list[str]] = lambda data, file_name: []


plan_data_parts: ExtensionPoint[PlanDataPart] = ExtensionPoint("plans.plan_data_parts")
