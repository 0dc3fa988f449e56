"""Extension points of cohorts: what apps build on a completed course without
cohorts importing them. The competences work registers a completion hook that
creates the matching competence record (issue 8, item 3; docs/cohorts.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from kompetenceplan.core.registry import ExtensionPoint


@dataclass(frozen=True)
class Completion:
    """What a hook is told about one new course completion (ids, not objects:
    the hook reads what it needs in its own transaction)."""

    course_completion_id: int
    person_id: int
    cohort_id: int
    initiative_id: int
    hours: Decimal
    completed_on: dt.date


@dataclass(frozen=True)
class CompletionHook:
    """``run(completion)`` is called once per new completion, after the
    transaction that recorded it commits (never for a rolled-back one, never
    again when the completion is re-run unchanged)."""

    name: str
    run: Callable[[Completion], None]
    order: int


completion_hooks: ExtensionPoint[CompletionHook] = ExtensionPoint("completion_hooks")


def run_completion_hooks(completion: Completion) -> None:
    for hook in completion_hooks:
        hook.run(completion)
