"""Infrastructure cleanup on auth events (no business logic here)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="organisation.import_preview_logout")
def delete_import_preview_on_logout(sender: Any, request: Any, **kwargs: Any) -> None:
    """An abandoned import preview (names, e-mails) does not outlive the session."""
    from .previews import PREVIEW_SESSION_KEY, import_preview_delete

    session = getattr(request, "session", None)
    pending = session.get(PREVIEW_SESSION_KEY) if session is not None else None
    if pending:
        import_preview_delete(token=pending["token"])
