"""Writing the change log. Called by services, inside their transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import ChangeAction
from .models import ChangeLogEntry


def snapshot(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The object's concrete field values as JSON-able data (FKs as ids).

    Many-to-many fields are included as sorted id lists when the object is saved.
    """
    data: dict[str, Any] = {}
    skip = set(exclude)
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.name == "id":
            continue
        value = field.value_from_object(obj)
        data[field.name] = _jsonable(value)
    if obj.pk:
        for field in obj._meta.many_to_many:
            if field.name not in skip:
                data[field.name] = sorted(o.pk for o in getattr(obj, field.name).all())
    return data


def _jsonable(value: Any) -> Any:
    from django.db.models.fields.files import FieldFile

    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _municipality_id(obj: models.Model) -> int | None:
    from .models import Municipality

    if isinstance(obj, Municipality):
        return obj.pk
    return getattr(obj, "municipality_id", None)


def _entry(
    *, actor, obj: models.Model, action: str, before=None, after=None, note: str = ""
) -> ChangeLogEntry:
    return ChangeLogEntry(
        municipality_id=_municipality_id(obj),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        note=note[:500],
    )


def log_change(
    *,
    actor,
    obj: models.Model,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> ChangeLogEntry | None:
    """Record one change. An update that changed nothing is not logged."""
    if (
        action in (ChangeAction.UPDATE, ChangeAction.IMPORT)
        and before is not None
        and before == after
    ):
        return None
    entry = _entry(actor=actor, obj=obj, action=action, before=before, after=after, note=note)
    entry.save()
    return entry


def log_changes_bulk(entries: list[ChangeLogEntry]) -> None:
    """Save many prepared entries in one query (imports)."""
    ChangeLogEntry.objects.bulk_create(entries, batch_size=500)


def build_entry(**kwargs) -> ChangeLogEntry:
    """An unsaved entry for :func:`log_changes_bulk`."""
    return _entry(**kwargs)


def log_read(*, actor, obj: models.Model, note: str = "") -> None:
    """Record that ``actor`` opened ``obj`` (personal data access log)."""
    log_change(actor=actor, obj=obj, action=ChangeAction.VIEW, note=note)
