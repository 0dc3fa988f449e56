"""What the cohorts tell people, after the transaction commits.

A service records a :class:`Notice` with :func:`notify_on_commit`; once the
write has committed every registered listener gets it. For now the one
listener writes a log line. The calendar invitations (issue 8, item 8) do not
listen here: their outbox rows are written inside the service's transaction
(``invitations.py``). A rolled-back write tells nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """``kind``: "promoted" (moved up from the waitlist to a seat), "enrolled",
    "waitlisted", "requested", "declined", "cancelled"."""

    kind: str
    enrolment_id: int
    person_id: int
    cohort_id: int


Listener = Callable[[Notice], None]
_listeners: dict[str, Listener] = {}


def register_listener(name: str, listener: Listener) -> None:
    _listeners[name] = listener


def unregister_listener(name: str) -> None:
    _listeners.pop(name, None)


def _log(notice: Notice) -> None:
    logger.info(
        "cohort notice %s: enrolment %s (person %s, cohort %s)",
        notice.kind,
        notice.enrolment_id,
        notice.person_id,
        notice.cohort_id,
    )


register_listener("log", _log)


def deliver(notice: Notice) -> None:
    for listener in list(_listeners.values()):
        listener(notice)


def notify_on_commit(notice: Notice) -> None:
    transaction.on_commit(lambda: deliver(notice))
