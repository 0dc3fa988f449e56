"""Generic reads: an object's change history."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import ChangeLogEntry


def object_history(obj, *, limit: int = 50) -> QuerySet[ChangeLogEntry]:
    """The newest change-log entries (changes and reads) for one object."""
    return (
        ChangeLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:limit]
    )
