"""Reads of plans and the catalogue, always through the permission gate."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.selectors import history_for
from kompetenceplan.core.types import ActingUser

from . import extensions
from .models import Initiative, Plan

_SUFFIXES = ("erne", "ende", "ene", "ne", "er", "en", "et", "e", "s")


def crude_stem(word: str) -> str:
    """A portable Danish suffix strip used where PostgreSQL's stemmer is not
    available (SQLite) and for compound words: 'sproglige' -> 'sproglig'."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def plan_list(*, user: ActingUser) -> QuerySet[Plan]:
    return restrict(Plan.objects.all(), user, Action.VIEW)


def plan_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Plan:
    queryset = Plan.objects.select_related("municipality", "copied_from").prefetch_related(
        "sections",
        "principles",
        "beacons",
        "policies",
        Prefetch("focus_areas"),
        Prefetch(
            "initiatives",
            queryset=Initiative.objects.select_related("focus_area")
            .prefetch_related("methods")
            .order_by("sort_key"),
        ),
    )
    return get_restricted_or_404(queryset, user, action, pk=pk)


def initiative_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Initiative:
    queryset = Initiative.objects.select_related(
        "plan__municipality", "focus_area", "responsible_user"
    ).prefetch_related(
        "target_roles",
        "target_functions",
        "target_institutions",
        "methods",
        "policies",
    )
    return get_restricted_or_404(queryset, user, action, pk=pk)


def catalogue(*, user: ActingUser) -> QuerySet[Initiative]:
    """Every initiative the user may read, annotated with the registered
    catalogue columns (``extensions.catalogue_columns``: funding's total)."""
    annotations = {column.name: column.annotation() for column in extensions.catalogue_columns}
    return (
        restrict(Initiative.objects.all(), user, Action.VIEW)
        .select_related("plan", "focus_area")
        .prefetch_related("methods")
        .annotate(**annotations)
        .order_by("plan__period_start", "plan__title", "sort_key")
    )


SEARCH_FIELDS = (
    "title",
    "background",
    "target_group_text",
    "time_text",
    "economy_text",
    "status_note",
    "responsible",
    "number",
)


def _contains_q(word: str) -> Q:
    stem = crude_stem(word)
    q = Q(methods__name__icontains=stem) | Q(focus_area__title__icontains=stem)
    for field in SEARCH_FIELDS:
        q |= Q(**{f"{field}__icontains": stem})
    return q


def catalogue_search(queryset: QuerySet[Initiative], text: str) -> QuerySet[Initiative]:
    """Every word must match. On PostgreSQL a word matches by Danish full-text
    search (the 'danish' stemmer: "sproglige" finds "sproglig"), by trigram word
    similarity to the title (compound words, small typos) or by its stem inside
    a text; elsewhere (SQLite) by its stem inside a text."""
    words = [w for w in re.findall(r"[\wæøåÆØÅ/-]+", text) if w]
    postgres = connection.vendor == "postgresql"
    if postgres:
        from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity

        vector = (
            SearchVector("number", "title", weight="A", config="danish")
            + SearchVector("target_group_text", weight="B", config="danish")
            + SearchVector(
                "background",
                "time_text",
                "economy_text",
                "status_note",
                weight="C",
                config="danish",
            )
        )
    for word in words:
        matches = Q(pk__in=Initiative.objects.filter(_contains_q(word)).values("pk"))
        if postgres:
            fulltext = (
                Initiative.objects.annotate(search=vector)
                .filter(search=SearchQuery(word, config="danish"))
                .values("pk")
            )
            trigram = (
                Initiative.objects.annotate(similarity=TrigramWordSimilarity(word, "title"))
                .filter(similarity__gte=0.6)
                .values("pk")
            )
            matches |= Q(pk__in=fulltext) | Q(pk__in=trigram)
        queryset = queryset.filter(matches)
    return queryset


def plan_history(plan: Plan, *, limit: int = 200) -> QuerySet[ChangeLogEntry]:
    """Changes to the plan, its initiatives and focus areas and their
    allocations, newest first (the log of reads left out)."""
    return history_for(plan, limit=limit, depth=2, reads=False)
