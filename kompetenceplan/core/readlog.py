"""The read log: who was shown which people's personal data, when and where.

One mechanism for every page (docs/adr/0012-read-log.md):

1. What is personal data is registered, not remembered: an app declares its
   models in ``registry.personal_data`` (organisation: a ``Person`` is about
   itself, an ``Employment`` about its person).
2. During a request, whatever shows such rows *notes* them on the request's
   :class:`ReadCollector` (``request.read_log``). The generic views do it
   themselves: :class:`~kompetenceplan.core.generic.ObjectMixin` notes a
   personal object it shows (detail, edit and delete pages),
   :class:`~kompetenceplan.core.generic.FilteredTableView` notes the rows of the
   page it shows or all rows it exports. Anything else (a list in a page's
   context, a front-page panel, a form's choices) calls :func:`note_read`.
3. :class:`ReadLogMiddleware` writes, once the response is rendered, one
   :class:`~kompetenceplan.core.models.ReadLogEntry` per request (per part of the
   page, when a page shows people under several names) with the people as
   :class:`~kompetenceplan.core.models.ReadLogSubject` rows: two ``INSERT``
   statements in all, however many people were shown.

Notes may be lazy (a callable or an unevaluated queryset), so a list is logged
with exactly the rows the template showed, after it showed them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise

from .choices import ReadKind
from .models import ReadLogEntry, ReadLogSubject
from .registry import PersonalData, personal_data_for
from .types import Actor

#: What may be noted: model instances, a queryset, or a callable returning either
#: (evaluated when the log is written, after the page was rendered).
Shown = Iterable[models.Model] | Callable[[], Iterable[models.Model]]

#: ReadLogSubject rows per INSERT (PostgreSQL and SQLite both take this many
#: parameters; a whole municipality's export is one statement).
SUBJECT_BATCH = 5000


@dataclass
class _Note:
    shown: Shown
    label: str
    kind: str


class ReadCollector:
    """The notes of one request; :class:`ReadLogMiddleware` writes them."""

    def __init__(self) -> None:
        self.notes: list[_Note] = []

    def note(self, shown: Shown, *, label: str | Promise, kind: str = ReadKind.PAGE) -> None:
        self.notes.append(_Note(shown=shown, label=danish(label), kind=str(kind)))

    def subjects(self) -> dict[tuple[type[models.Model], str, str], list[int]]:
        """The people shown, grouped by (subject model, label, kind), each once,
        in the order they were shown."""
        groups: dict[tuple[type[models.Model], str, str], dict[int, None]] = {}
        for note in self.notes:
            for subject, pk in _subject_ids(note.shown):
                groups.setdefault((subject, note.label, note.kind), {})[pk] = None
        return {key: list(ids) for key, ids in groups.items() if ids}


def danish(label: str | Promise) -> str:
    """The label in the source language (the stored form, translated when shown)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def _info(model: type[models.Model]) -> PersonalData:
    info = personal_data_for(model)
    if info is None:
        raise TypeError(
            f"{model.__name__} is not registered as personal data (registry.personal_data)"
        )
    return info


def _subject_ids(shown: Shown) -> Iterable[tuple[type[models.Model], int]]:
    if callable(shown) and not isinstance(shown, models.QuerySet):
        shown = shown()
    if isinstance(shown, models.QuerySet) and shown._result_cache is None:
        info = _info(shown.model)
        # One query for the ids, not the rows (a form's choices, rendered by the widget).
        for pk in shown.values_list(info.subject_field, flat=True):
            if pk is not None:
                yield info.subject, pk
        return
    for obj in shown:
        info = _info(type(obj))
        pk = getattr(obj, info.subject_field)
        if pk is not None:
            yield info.subject, pk


def is_personal_data(model: type[models.Model]) -> bool:
    return personal_data_for(model) is not None


def collector_for(request: HttpRequest) -> ReadCollector:
    collector = getattr(request, "read_log", None)
    if collector is None:
        collector = ReadCollector()
        request.read_log = collector  # type: ignore[attr-defined]
    return collector


def note_read(
    request: HttpRequest,
    shown: Shown,
    *,
    label: str | Promise,
    kind: str = ReadKind.PAGE,
) -> None:
    """Record that this request shows ``shown`` (rows of a registered
    personal-data model) under ``label``, the page or part of it in Danish
    ("Institutionens medarbejdere"); written when the response is done."""
    collector_for(request).note(shown, label=label, kind=kind)


def read_log_write(
    *,
    actor: Actor,
    municipality_id: int | None,
    path: str,
    collector: ReadCollector,
) -> list[ReadLogEntry]:
    """Write the collector's reads: one entry per (label, kind) noted (one for
    a page that shows people in one place) and one link row per person shown,
    in two INSERT statements whatever the number of people."""
    groups = collector.subjects()
    if not groups:
        return []
    user = actor if getattr(actor, "is_authenticated", False) else None
    entries = [
        ReadLogEntry(
            municipality_id=municipality_id,
            actor=user,  # type: ignore[misc]  # accounts.User, which core may not import
            label=label[:100],
            kind=kind,
            path=path[:500],
            subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
            subject_count=len(ids),
        )
        for (subject, label, kind), ids in groups.items()
    ]
    with transaction.atomic(savepoint=False):
        ReadLogEntry.objects.bulk_create(entries)
        ReadLogSubject.objects.bulk_create(
            [
                ReadLogSubject(entry=entry, object_id=pk)
                for entry, ids in zip(entries, groups.values(), strict=True)
                for pk in ids
            ],
            batch_size=SUBJECT_BATCH,
        )
    return entries


class ReadLogMiddleware:
    """Gives each request a :class:`ReadCollector` and writes what it noted
    once the response is rendered (a server error logs nothing: nothing was
    shown). Placed after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        collector = collector_for(request)
        response = self.get_response(request)
        if collector.notes and response.status_code < 500:
            user: Any = getattr(request, "user", None)
            read_log_write(
                actor=user,
                municipality_id=getattr(user, "municipality_id", None),
                path=request.get_full_path(),
                collector=collector,
            )
        return response
