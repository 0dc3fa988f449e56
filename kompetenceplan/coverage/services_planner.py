"""Writes of the planner's pages: KiU nominations and course options
(docs/coverage.md "Planlægning"). Keyword-only, atomic, change-logged."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.competences.models import Subject
from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, can
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.models import Institution, Person

from .choices import NominationStatus
from .models import CourseOption, KiuNomination


def kiu_nomination_create(
    *,
    actor: Actor,
    person: Person,
    subject: Subject,
    school_year: str,
    institution: Institution,
    course_option: CourseOption | None = None,
    note: str = "",
) -> KiuNomination:
    """Put a teacher forward for a course in a subject (from the planner).
    A leader only for their own schools; once per person, subject and year."""
    user = _user(actor, KiuNomination, Action.ADD)
    municipality_id = user.municipality_id
    if person.municipality_id != municipality_id or institution.municipality_id != municipality_id:
        raise PermissionDenied
    if user.role == Role.LEADER and institution.pk not in user.institution_ids:
        raise PermissionDenied
    if course_option is not None and course_option.municipality_id != municipality_id:
        raise PermissionDenied
    with transaction.atomic():
        if KiuNomination.objects.filter(
            person=person, subject=subject, school_year=school_year
        ).exists():
            raise ValidationError(
                _("%(person)s er allerede indstillet i %(subject)s i skoleåret %(year)s.")
                % {"person": person, "subject": subject, "year": school_year},
                code="duplicate",
            )
        nomination = KiuNomination.objects.create(
            municipality_id=municipality_id,
            person=person,
            institution=institution,
            subject=subject,
            school_year=school_year,
            course_option=course_option,
            status=NominationStatus.NOMINATED,
            note=note.strip(),
            created_by=user,
        )
        log_saved(actor=actor, obj=nomination, before=None, related=person)
    return nomination


def course_option_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    subject: Subject | None,
    price: Decimal,
    duration_hours: Decimal,
    ects: Decimal | None = None,
) -> CourseOption:
    municipality_id = _user(actor, CourseOption, Action.ADD).municipality_id
    assert municipality_id is not None  # _user refuses a user without one
    with transaction.atomic():
        _check_name_free(municipality_id, name, None)
        option = CourseOption.objects.create(
            municipality_id=municipality_id,
            name=name.strip(),
            kind=kind,
            subject=subject,
            price=price,
            duration_hours=duration_hours,
            ects=ects,
        )
        log_saved(actor=actor, obj=option, before=None)
    return option


def course_option_update(
    *,
    actor: Actor,
    option: CourseOption,
    name: str,
    kind: str,
    subject: Subject | None,
    price: Decimal,
    duration_hours: Decimal,
    ects: Decimal | None = None,
) -> CourseOption:
    _user(actor, CourseOption, Action.CHANGE)
    with transaction.atomic():
        locked = CourseOption.objects.select_for_update().get(pk=option.pk)
        before = snapshot(locked)
        _check_name_free(locked.municipality_id, name, locked.pk)
        locked.name = name.strip()
        locked.kind = kind
        locked.subject = subject
        locked.price = price
        locked.duration_hours = duration_hours
        locked.ects = ects
        locked.save()
        log_saved(actor=actor, obj=locked, before=before)
    return locked


def _check_name_free(municipality_id: int, name: str, pk: int | None) -> None:
    taken = CourseOption.objects.filter(municipality_id=municipality_id, name=name.strip())
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Der findes allerede en kursusmulighed med det navn.")}, code="duplicate"
        )


def _user(actor: Actor, model: type, action: str) -> User:
    """The acting user, who must be allowed ``action`` on ``model``."""
    if (
        not isinstance(actor, User)
        or actor.municipality_id is None
        or not can(actor, model, action)
    ):
        raise PermissionDenied
    return actor


def kiu_nomination_set_status(
    *, actor: Actor, nomination: KiuNomination, status: str, note: str = ""
) -> KiuNomination:
    """Approve, decline or complete a nomination (the planners; a leader for
    their own schools), logged with before and after."""
    user = _user(actor, KiuNomination, Action.CHANGE)
    if status not in NominationStatus.values:
        raise ValidationError({"status": _("Vælg en status fra listen.")}, code="invalid")
    with transaction.atomic():
        locked = KiuNomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.municipality_id != user.municipality_id or (
            user.role == Role.LEADER and locked.institution_id not in user.institution_ids
        ):
            raise PermissionDenied
        before = snapshot(locked)
        locked.status = status
        if note.strip():
            locked.note = note.strip()
        locked.save(update_fields=["status", "note"])
        log_saved(actor=actor, obj=locked, before=before, related=locked.person)
    return locked
