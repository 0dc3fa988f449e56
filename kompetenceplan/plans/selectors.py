"""Reads of plans and the catalogue, always through the permission gate."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from kompetenceplan.core.models import ChangeLogEntry, Municipality
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.selectors import history_for
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.choices import InstitutionKind
from kompetenceplan.organisation.models import Institution, JobRole
from kompetenceplan.organisation.selectors import resource_functions_of

from . import extensions
from .choices import InitiativeStatus
from .models import Initiative, Method, Plan

_SUFFIXES = ("erne", "ende", "ene", "ne", "er", "en", "et", "e", "s")


def crude_stem(word: str) -> str:
    """A portable Danish suffix strip used where PostgreSQL's stemmer is not
    available (SQLite) and for compound words: 'sproglige' -> 'sproglig'."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def methods_of(*, municipality_id: int) -> QuerySet[Method]:
    """The municipality's methods: the one read of them for a municipality
    (the initiative form, the plan loader); never another municipality's
    (docs/adr/0013-reference-data-per-municipality.md)."""
    return Method.objects.filter(municipality_id=municipality_id)


def method_list(*, user: ActingUser) -> QuerySet[Method]:
    """The methods ``user`` may see (their municipality's), for the catalogue filter."""
    return restrict(Method.objects.all(), user, Action.VIEW)


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
            queryset=Initiative.objects.select_related("focus_area", "responsible_user").order_by(
                "sort_key"
            ),
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


# --- The plan loader's check of a plan data file (a read for the system) --------------


def plan_data_words(value: Any) -> list[str]:
    """A plan file's list of words, stripped (None: no words)."""
    return [str(w).strip() for w in value or []]


# The keys a plan file's initiative may have (plans/data/README.md); "funding"
# is read by funding.plan_funding. An unknown key would be lost, so it is refused.
INITIATIVE_KEYS = {
    "number",
    "focus_area",
    "title",
    "background",
    "target_group",
    "time_estimate",
    "methods",
    "themes",
    "status",
    "status_note",
    "responsible",
    "partners",
    "policies",
    "economy_text",
    "funding",
}
TARGET_GROUP_KEYS = {
    "text",
    "roles",
    "resource_functions",
    "institution_kinds",
    "institutions",
    "cohort_size",
    "reach",
}
TIME_ESTIMATE_KEYS = {
    "text",
    "undetermined",
    "sessions",
    "hours_per_session",
    "days",
    "hours_per_participant",
    "hours_per_institution",
}


def plan_data_problems(*, data: dict[str, Any], file_name: str) -> list[str]:
    """Every word in a plan data file that the structure loader cannot map:
    job roles, resource functions, institution kinds, named institutions,
    focus areas and policies, each named with the file and the initiative
    number. An empty list means the file can be loaded."""
    problems: list[str] = []
    municipality = Municipality.objects.filter(code=str(data.get("municipality"))).first()
    if municipality is None:
        return [
            _("%(file)s: kommunen %(code)s findes ikke.")
            % {"file": file_name, "code": data.get("municipality")}
        ]
    roles = {n.lower() for n in JobRole.objects.values_list("name", flat=True)}
    functions = {
        n.lower()
        for n in resource_functions_of(municipality_id=municipality.pk).values_list(
            "name", flat=True
        )
    }
    institutions = {
        n.lower()
        for n in Institution.objects.filter(municipality=municipality).values_list(
            "name", flat=True
        )
    }
    kinds = set(InstitutionKind.values)
    areas = {str(a["number"]) for a in data.get("focus_areas") or []}
    policies = {p["name"] for p in data.get("policies") or []}

    def refuse(number: str, what: str, word: str) -> None:
        problems.append(
            _("%(file)s, indsats %(number)s: %(what)s “%(word)s” kendes ikke.")
            % {"file": file_name, "number": number, "what": what, "word": word}
        )

    for item in data.get("initiatives") or []:
        number = str(item.get("number"))
        target = item.get("target_group") or {}
        time = item.get("time_estimate") or {}
        for word in sorted(
            (set(item) - INITIATIVE_KEYS)
            | (set(target) - TARGET_GROUP_KEYS)
            | (set(time) - TIME_ESTIMATE_KEYS)
        ):
            refuse(number, _("feltet"), word)
        if item.get("status", InitiativeStatus.PLANNED) not in InitiativeStatus.values:
            refuse(number, _("status"), str(item["status"]))
        for word in plan_data_words(target.get("roles")):
            if word.lower() not in roles:
                refuse(number, _("stillingen"), word)
        for word in plan_data_words(target.get("resource_functions")):
            if word.lower() not in functions:
                refuse(number, _("ressourcefunktionen"), word)
        for word in plan_data_words(target.get("institution_kinds")):
            if word not in kinds:
                refuse(number, _("institutionstypen"), word)
        for word in plan_data_words(target.get("institutions")):
            if word.lower() not in institutions:
                refuse(number, _("institutionen"), word)
        if item.get("focus_area") and str(item["focus_area"]) not in areas:
            refuse(number, _("indsatsområdet"), str(item["focus_area"]))
        for word in plan_data_words(item.get("policies")):
            if word not in policies:
                refuse(number, _("politikken"), word)
    return problems
