"""Import preview files: an uploaded file waits in MEDIA_ROOT/imports/<token>
between preview and confirm. It holds names and e-mails, so it is deleted on
confirm, on a new upload, on logout (``signals.py``) and by
``cleanup_import_previews`` (cron) once abandoned.

File housekeeping, not a logged business write: kept out of ``services.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import cast

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

PREVIEW_FOLDER = "imports"
# The session key of the pending preview: {"token", "kind", "name"}.
PREVIEW_SESSION_KEY = "pending_import"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _preview_path(token: str) -> str:
    if not _TOKEN.match(token):
        raise ValueError("not an import preview token")
    return f"{PREVIEW_FOLDER}/{token}"


def import_preview_save(*, data: bytes, replaces: str | None = None) -> str:
    """Store an uploaded file until it is confirmed; return its token.

    ``replaces`` is the token of the session's earlier, abandoned preview,
    deleted here (one pending preview per session).
    """
    if replaces:
        import_preview_delete(token=replaces)
    token = uuid.uuid4().hex
    default_storage.save(_preview_path(token), ContentFile(data))
    return token


def import_preview_read(*, token: str) -> bytes:
    with default_storage.open(_preview_path(token), "rb") as fh:
        return cast(bytes, fh.read())


def import_preview_delete(*, token: str) -> None:
    """Delete one preview file (nothing happens when it is already gone)."""
    if _TOKEN.match(token):
        default_storage.delete(_preview_path(token))


def import_previews_cleanup(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete the preview files last written more than ``older_than`` ago;
    return how many were deleted."""
    if not default_storage.exists(PREVIEW_FOLDER):
        return 0
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    for name in default_storage.listdir(PREVIEW_FOLDER)[1]:
        if not _TOKEN.match(name):
            continue
        path = _preview_path(name)
        try:
            modified = default_storage.get_modified_time(path)
        except FileNotFoundError:  # deleted meanwhile by its own session
            continue
        if modified < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
