"""Reads of plans and the catalogue, always through the permission gate."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from kompetenceplan.core.models import ChangeLogEntry, Municipality
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.search import SearchTerms
from kompetenceplan.core.selectors import history_for
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.choices import InstitutionKind
from kompetenceplan.organisation.models import Institution, JobRole
from kompetenceplan.organisation.selectors import resource_functions_of

from . import extensions
from .choices import InitiativeLevel, InitiativeStatus
from .models import FocusArea, Initiative, Method, Plan

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


#: The initiative's own text a search word is looked for in, in this order. The
#: PostgreSQL indexes (migration 0006_search_indexes) are built on exactly
#: :func:`search_document` and ``plans_search_vector(search_document)``:
#: change one, change the other (a new migration).
SEARCH_FIELDS = (
    "number",
    "title",
    "target_group_text",
    "background",
    "time_text",
    "economy_text",
    "status_note",
    "responsible",
)

#: A catalogue search word: letters, digits, "/" and "-" (punctuation separates words).
CATALOGUE_WORD = r"[\wæøåÆØÅ/-]+"


# The fields' columns, unqualified: the document is used only in a sub-select
# of the initiatives alone (no join), where they can mean nothing else; with no
# column expressions to copy and relabel, it costs the ORM next to nothing.
_DOCUMENT_SQL = " || ' ' || ".join(f'"{field}"' for field in SEARCH_FIELDS)


def search_document() -> RawSQL:
    """The initiative's searchable text as one expression (every field of
    ``SEARCH_FIELDS`` is NOT NULL, so no COALESCE), fields joined by a space.
    Only for a query of ``Initiative`` without joins (see ``_word_q``)."""
    # Constant SQL of the model's own column names; the words are parameters.
    return RawSQL(_DOCUMENT_SQL, (), output_field=TextField())  # noqa: S611


class _DanishVector(Func):
    """``plans_search_vector(document)``: ``to_tsvector('danish', document)``
    in a function that tells the planner what it costs (migration
    0006_search_indexes), so it reads the GIN index rather than compute the
    vector of every initiative for every word. PostgreSQL only."""

    template = "plans_search_vector(%(expressions)s)"

    def __init__(self, document: RawSQL) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(document, output_field=SearchVectorField())


class _WordSimilar(Func):
    """``word <% text``: the word is like a part of the text by trigram word
    similarity (pg_trgm, ``pg_trgm.word_similarity_threshold``, default 0.6;
    served by a gin_trgm_ops index on the text)."""

    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()


def _word_q(word: str, *, postgres: bool) -> Q:
    """The initiatives one word finds: its crude stem inside the initiative's
    text, a method's name or its focus area's title; on PostgreSQL also by
    trigram word similarity to the title and by Danish full text. Each is a
    sub-select evaluated once per search (not once per row) that indexes serve
    on PostgreSQL: LIKE and ``<%`` by pg_trgm; ``@@`` by the tsvector index, in
    a sub-select of its own so that the planner, which knows what the vector
    costs, never computes it row by row."""
    stem = crude_stem(word)
    document = search_document()
    cheap = Q(document__icontains=stem)
    if postgres:
        cheap |= Q(_WordSimilar(Value(word), F("title")))
    initiatives = Initiative.objects.alias(document=document)
    q = Q(pk__in=initiatives.filter(cheap).values("pk"))
    if postgres:
        from django.contrib.postgres.search import SearchQuery

        fulltext = Initiative.objects.alias(vector=_DanishVector(document)).filter(
            vector=SearchQuery(word, config="danish")
        )
        q |= Q(pk__in=fulltext.values("pk"))
    methods = Initiative.methods.through.objects.filter(method__name__icontains=stem)
    areas = FocusArea.objects.filter(title__icontains=stem)
    return q | Q(pk__in=methods.values("initiative_id")) | Q(focus_area__in=areas.values("pk"))


def catalogue_search(queryset: QuerySet[Initiative], terms: SearchTerms) -> QuerySet[Initiative]:
    """Every word must match (see :func:`_word_q`): on PostgreSQL by Danish
    full-text search (the 'danish' stemmer: "sproglige" finds "sproglig"), by
    trigram word similarity to the title (compound words, small typos) or by
    its stem inside a text; elsewhere (SQLite) by its stem inside a text. The
    words are already bounded (``core.search``: at most ``SEARCH_MAX_WORDS``)."""
    postgres = connection.vendor == "postgresql"
    # One filter of the words' conditions: every word a sub-select, no join,
    # so this is the chain of one filter per word without a clone per word.
    matches = Q()
    for word in terms.words:
        matches &= _word_q(word, postgres=postgres)
    return queryset.filter(matches)


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
    "level",
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

    for order, item in enumerate(data.get("initiatives") or [], start=1):
        number = str(item.get("number") or f"#{order} ({item.get('title', '')})")
        target = item.get("target_group") or {}
        time = item.get("time_estimate") or {}
        for word in sorted(
            (set(item) - INITIATIVE_KEYS)
            | (set(target) - TARGET_GROUP_KEYS)
            | (set(time) - TIME_ESTIMATE_KEYS)
        ):
            refuse(number, _("feltet"), word)
        if item.get("level") and item["level"] not in InitiativeLevel.values:
            refuse(number, _("niveauet"), str(item["level"]))
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
