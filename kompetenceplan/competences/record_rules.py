"""The rules of a competence record, in one place: pure functions the
services (competences/services.py) and the import (competences/imports.py)
both ask; their Danish messages are ``CompetenceError`` (competences/errors.py).

- a person holds at most one competence per subject (checked by the
  services against the database, and by the import within the file);
- undervisningskompetence (formal) rests on the teacher education (basis
  ``education``); only administrators (and the import) write it;
- tilsvarende kompetence (assessed) rests on another basis (KiU, diploma
  module, kompetencemålsprøve, long course, experience), has a date not after
  today and an assessor: in the UI the user who saves it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kompetenceplan.core.choices import Role
from kompetenceplan.core.types import Actor

from .choices import CompetenceBasis, CompetenceLevel
from .errors import CompetenceError


def acting_user(actor: Actor) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def may_write_formal(actor: Actor) -> bool:
    """Formal competences are written by administrators and the system (import)."""
    return actor is None or getattr(actor, "role", None) == Role.ADMINISTRATOR


def assessor_name(actor: Actor) -> str:
    user = acting_user(actor)
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:150]


def competence_problems(
    *,
    level: str,
    basis: str,
    assessed_on: dt.date | None,
    assessed_by_name: str,
    today: dt.date | None = None,
) -> list[CompetenceError]:
    """The rules of one teaching competence's level, basis, date and assessor
    (the UI's services and the import both ask here)."""
    today = today or timezone.localdate()
    problems: list[CompetenceError] = []
    if level not in CompetenceLevel.values:
        return [CompetenceError.LEVEL]
    if basis not in CompetenceBasis.values:
        problems.append(CompetenceError.BASIS)
    elif level == CompetenceLevel.FORMAL and basis != CompetenceBasis.EDUCATION:
        problems.append(CompetenceError.FORMAL_BASIS)
    elif level == CompetenceLevel.ASSESSED and basis == CompetenceBasis.EDUCATION:
        problems.append(CompetenceError.ASSESSED_BASIS)
    if level == CompetenceLevel.ASSESSED:
        if assessed_on is None:
            problems.append(CompetenceError.ASSESSED_DATE)
        if not assessed_by_name.strip():
            problems.append(CompetenceError.ASSESSOR)
    if assessed_on is not None and assessed_on > today:
        problems.append(CompetenceError.ASSESSED_FUTURE)
    return problems
