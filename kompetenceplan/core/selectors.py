"""Generic reads: an object's change history and who has read it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet

from .choices import ChangeAction
from .models import ChangeLogEntry, ReadLogEntry


def history_for(
    obj: models.Model,
    *,
    limit: int = 50,
    depth: int = 1,
    reads: bool = True,
) -> QuerySet[ChangeLogEntry]:
    """The newest change-log entries of ``obj`` and of its children, newest first.

    A child is an object whose entries name ``obj`` as their related parent
    (``log_change(..., related=obj)``): a plan's initiatives, a person's
    employments, a funding source's amounts. With ``depth=2`` the children's
    children come too (a plan's history then includes the allocations on its
    initiatives), found through the children's own entries, so deleted children
    still count. ``reads=False`` leaves out the log of who opened the object.
    One query (with the actor and content type joined).
    """
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    pk = str(obj.pk)
    all_entries = ChangeLogEntry.objects.order_by()
    # A union of index lookups (each branch uses its own index) rather than one
    # OR, which PostgreSQL can answer only by scanning the whole log.
    own = all_entries.filter(content_type=content_type, object_id=pk).values("pk")
    children = all_entries.filter(related_content_type=content_type, related_object_id=pk)
    ids = own.union(children.values("pk"))
    if depth >= 2:
        grandchildren = all_entries.filter(
            Exists(
                children.filter(
                    content_type=OuterRef("related_content_type"),
                    object_id=OuterRef("related_object_id"),
                )
            ),
            related_object_id__in=children.values("object_id"),
        )
        ids = ids.union(grandchildren.values("pk"))
    entries = ChangeLogEntry.objects.filter(pk__in=ids)
    if not reads:
        entries = entries.exclude(action=ChangeAction.VIEW)
    return entries.select_related("actor", "content_type").order_by("-created_at", "-id")[:limit]


def object_history(obj: models.Model, *, limit: int = 50) -> QuerySet[ChangeLogEntry]:
    """Kept for existing callers: :func:`history_for` with its defaults."""
    return history_for(obj, limit=limit)


def reads_of(obj: models.Model) -> QuerySet[ReadLogEntry]:
    """The read-log entries that showed ``obj`` (a person), newest first: an
    index lookup on the subject rows' primary key (object, entry), with the
    reader joined. Paginate it; :class:`~kompetenceplan.core.tables.ReadLogTable`
    shows it."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return (
        ReadLogEntry.objects.filter(subject_type=content_type, subjects__object_id=obj.pk)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
