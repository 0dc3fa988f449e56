"""Writing the change log. Called by services, inside their transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Required, TypedDict, Unpack, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.deletion import Collector

from .choices import ChangeAction
from .models import ChangeLogEntry, ReadLogEntry, ReadLogSubject
from .types import Actor

#: The logs themselves: deleted with their owner (a municipality), never logged.
_LOGS = (ChangeLogEntry, ReadLogEntry, ReadLogSubject)


def snapshot(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The object's concrete field values as JSON-able data (FKs as ids).

    Many-to-many fields are included as sorted id lists when the object is saved.
    """
    data = _concrete_snapshot(obj, exclude=exclude)
    skip = set(exclude)
    if obj.pk:
        for field in obj._meta.many_to_many:
            if field.name not in skip:
                data[field.name] = sorted(o.pk for o in getattr(obj, field.name).all())
    return data


def _concrete_snapshot(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    skip = set(exclude)
    return {
        field.name: _jsonable(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if field.name not in skip and field.name != "id"
    }


def snapshot_many(
    objs: list[models.Model],
) -> dict[tuple[type[models.Model], Any], dict[str, Any]]:
    """:func:`snapshot` of many saved objects, keyed by (model, pk), with the
    many-to-many ids read in one query per model and field (not per object)."""
    result: dict[tuple[type[models.Model], Any], dict[str, Any]] = {}
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for obj in objs:
        by_model[type(obj)].append(obj)
        result[(type(obj), obj.pk)] = _concrete_snapshot(obj)
    for model, items in by_model.items():
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            assert through is not None
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            ids: dict[Any, list[Any]] = {obj.pk: [] for obj in items}
            rows = through._default_manager.filter(**{f"{source}__in": list(ids)}).values_list(
                f"{source}_id", f"{target}_id"
            )
            for owner, other in rows:
                ids[owner].append(other)
            for pk, values in ids.items():
                result[(model, pk)][field.name] = sorted(values)
    return result


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


class Change(TypedDict, total=False):
    """What :func:`log_change` and :func:`build_entry` record besides the
    actor: ``obj`` and ``action`` are required."""

    obj: Required[models.Model]
    action: Required[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str
    related: models.Model | None


def build_entry(
    *,
    actor: Actor,
    object_id: Any = None,
    object_repr: str | None = None,
    **change: Unpack[Change],
) -> ChangeLogEntry:
    """An unsaved entry (for :func:`log_changes_bulk`; :func:`log_change` saves
    one). ``object_id`` and ``object_repr`` stand in for a deleted object's."""
    obj, related = change["obj"], change.get("related")
    note = change.get("note", "")
    municipality_id = _municipality_id(obj)
    if municipality_id is None and related is not None:
        municipality_id = _municipality_id(related)
    entry = ChangeLogEntry(
        municipality_id=municipality_id,
        # The protocol stands for accounts.User, which core may not import.
        actor=cast(Any, actor) if getattr(actor, "pk", None) else None,
        action=change["action"],
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk if object_id is None else object_id),
        object_repr=(str(obj) if object_repr is None else object_repr)[:200],
        before=change.get("before"),
        after=change.get("after"),
        note=note[:500],
    )
    if related is not None:
        entry.related_content_type = ContentType.objects.get_for_model(
            related, for_concrete_model=True
        )
        entry.related_object_id = str(related.pk)
        entry.related_repr = str(related)[:200]
    return entry


def log_change(*, actor: Actor, **change: Unpack[Change]) -> ChangeLogEntry | None:
    """Record one change. An update that changed nothing is not logged.

    ``related`` is the parent the object belongs to (an initiative's plan, an
    employment's person): the parent's history (:func:`history_for`) then
    includes this entry.
    """
    before = change.get("before")
    if (
        change["action"] in (ChangeAction.UPDATE, ChangeAction.IMPORT)
        and before is not None
        and before == change.get("after")
    ):
        return None
    entry = build_entry(actor=actor, **change)
    entry.save()
    return entry


def log_saved(
    *,
    actor: Actor,
    obj: models.Model,
    before: dict[str, Any] | None,
    note: str = "",
    related: models.Model | None = None,
    exclude: Iterable[str] = (),
) -> ChangeLogEntry | None:
    """Log ``obj`` as it now stands after a service saved it (and set its
    many-to-many fields): a creation when ``before`` is None, otherwise an
    update from ``before`` (a :func:`snapshot` taken before the change, with the
    same ``exclude``). An update that changed nothing is not logged."""
    return log_change(
        actor=actor,
        obj=obj,
        action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
        before=before,
        after=snapshot(obj, exclude=exclude),
        note=note,
        related=related,
    )


def log_changes_bulk(entries: list[ChangeLogEntry]) -> None:
    """Save many prepared entries in one query (imports)."""
    ChangeLogEntry.objects.bulk_create(entries, batch_size=500)


class _LoggingCollector(Collector):
    """Django's delete collector, made to load every row a cascade removes
    (instead of deleting some unseen with a fast DELETE), so each can be logged.
    The auto-created rows of many-to-many tables stay fast: they are part of
    their owner's snapshot."""

    def can_fast_delete(self, objs: Any, from_field: Any = None) -> bool:
        model = getattr(objs, "model", None) if not hasattr(objs, "_meta") else objs._meta.model
        if model is not None and (model._meta.auto_created or model in _LOGS):
            return super().can_fast_delete(objs, from_field=from_field)
        return False

    def _has_signal_listeners(self, model: Any) -> bool:
        # Django loads the cascaded rows of a model that has relations of its
        # own with only their keys; the snapshots need every field, which
        # would then be read one query per row and field. Treated as having
        # listeners, the rows are loaded whole.
        if model._meta.auto_created or model in _LOGS:
            return bool(super()._has_signal_listeners(model))  # type: ignore[misc]
        return True


_Index = dict[tuple[type[models.Model] | None, Any], models.Model]

Related = models.Model | Callable[[models.Model], models.Model | None] | None


def delete_logged(
    *,
    actor: Actor,
    objects: models.QuerySet[Any] | Iterable[models.Model],
    related: Related = None,
    note: str = "",
) -> tuple[int, dict[str, int]]:
    """Delete ``objects`` and everything that cascades from them, with one
    change-log entry (action ``delete``, the row's snapshot as ``before``) per
    deleted row, saved in bulk inside the caller's transaction.

    ``related`` is the parent of the objects given (or a function from object
    to parent). A row removed by cascade gets as parent the deleted object its
    foreign key points to (an allocation the initiative it belonged to), so the
    parent's history shows what went with it. Rows merely set to NULL are not
    logged. Returns what ``QuerySet.delete()`` returns.
    """
    objs = list(objects)
    if not objs:
        return 0, {}
    using = router.db_for_write(type(objs[0]))
    with transaction.atomic(using=using):
        origin = objects if isinstance(objects, models.QuerySet) else None
        collector = _LoggingCollector(using=using, origin=origin)
        collector.collect(objs)
        deleted = [obj for instances in collector.data.values() for obj in instances]
        deleted = [obj for obj in deleted if not isinstance(obj, _LOGS)]
        index = {(obj._meta.concrete_model, obj.pk): obj for obj in deleted}
        given = {(obj._meta.concrete_model, obj.pk) for obj in objs}
        _load_parents(deleted, index)
        snapshots = snapshot_many(deleted)
        entries = []
        for obj in deleted:
            key = (obj._meta.concrete_model, obj.pk)
            if key in given:
                parent = related(obj) if callable(related) else related
            else:
                parent = _deleted_parent(obj, index)
            entries.append(
                build_entry(
                    actor=actor,
                    obj=obj,
                    action=ChangeAction.DELETE,
                    before=snapshots[(type(obj), obj.pk)],
                    note=note,
                    related=parent,
                )
            )
        entries.sort(key=lambda e: (e.content_type.pk, e.object_id))
        log_changes_bulk(entries)
        return collector.delete()


def _load_parents(deleted: list[models.Model], index: _Index) -> None:
    """Fill every deleted row's foreign-key caches (its name, its municipality
    and its parent may need them): from the deleted rows where the target goes
    too, else with one query per model and field."""
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for obj in deleted:
        by_model[type(obj)].append(obj)
    for model, items in by_model.items():
        for concrete in model._meta.concrete_fields:
            if not (concrete.is_relation and concrete.many_to_one):
                continue
            field: Any = concrete
            target = field.related_model._meta.concrete_model
            missing = []
            for obj in items:
                value = getattr(obj, field.attname)
                if value is None or field.is_cached(obj):
                    continue
                parent = index.get((target, value))
                if parent is not None:
                    field.set_cached_value(obj, parent)
                else:
                    missing.append(obj)
            if missing:
                models.prefetch_related_objects(missing, field.name)


def _deleted_parent(obj: models.Model, index: _Index) -> models.Model | None:
    """The first deleted object one of ``obj``'s foreign keys points to."""
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.many_to_one:
            target = field.related_model._meta.concrete_model  # type: ignore[union-attr]
            parent = index.get((target, getattr(obj, field.attname)))
            if parent is not None:
                return parent
    return None
