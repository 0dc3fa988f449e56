"""What the support app tells people: one e-mail per workflow step, to the
requester and to the municipality's administration. A service calls
:func:`notify_on_commit` inside its transaction; the task is enqueued once the
write has committed (a rolled-back step tells nobody), like
``cohorts.tasks.send_invitation``."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role

logger = logging.getLogger(__name__)


def administration_emails(municipality_id: int) -> list[str]:
    """The e-mail addresses of the municipality's active administrators."""
    return list(
        User.objects.filter(
            municipality_id=municipality_id, role=Role.ADMINISTRATOR, is_active=True
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


def recipients(*, municipality_id: int, users: Iterable[User | None]) -> list[str]:
    """The users' addresses and the administration's, each once."""
    emails = [u.email for u in users if u is not None and u.email]
    return list(dict.fromkeys([*emails, *administration_emails(municipality_id)]))


def notify_on_commit(to: list[str], subject: str, body: str) -> None:
    if not to:
        return

    def enqueue() -> None:
        from .tasks import send_support_message

        send_support_message.enqueue(to, subject, body)

    transaction.on_commit(enqueue)


def deliver(to: list[str], subject: str, body: str) -> int:
    """Send the message; the number of messages sent (0 on a transport error, logged)."""
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # noqa: BLE001 - a transport error is logged, the step stands
        logger.exception("support message %r to %s not sent", subject, to)
        return 0
