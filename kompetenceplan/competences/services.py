"""Writes of the competence records: teaching competences (the leader's
assessment of tilsvarende kompetence, the administrator's formal ones),
qualifications, the KiU confirmation, what completing an initiative grants,
and the completion hook (keyword-only, actor first, atomic, logged;
docs/competences.md).

The rules of a teaching competence stand once in
:mod:`competences.record_rules` (``competence_problems``), with their Danish
messages in ``competences.errors``; these services and the import
(``competences.imports``, per row) both apply them.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula
from kompetenceplan.organisation.models import Person
from kompetenceplan.plans.models import Initiative

from .choices import CompetenceBasis, CompetenceLevel, QualificationKind
from .errors import CompetenceError
from .models import CompletionGrant, Qualification, Subject, TeachingCompetence
from .record_rules import acting_user, assessor_name, competence_problems, may_write_formal

#: Qualification kinds that name a subject (and must).
SUBJECT_KINDS = frozenset({QualificationKind.KIU_COURSE})


def _raise_first(problems: list[CompetenceError]) -> None:
    if problems:
        raise problems[0].error()


def _check_competence(
    *, actor: Actor, person: Person, level: str, basis: str, assessed_on: dt.date | None, note: str
) -> str:
    """The checks of a competence written in the UI; returns the assessor's name."""
    if getattr(actor, "municipality_id", person.municipality_id) != person.municipality_id:
        raise CompetenceError.OTHER_MUNICIPALITY.error()
    if level == CompetenceLevel.FORMAL and not may_write_formal(actor):
        raise CompetenceError.FORMAL_ADMIN_ONLY.error()
    check_no_formula(note, field="note")
    name = assessor_name(actor) if level == CompetenceLevel.ASSESSED else ""
    if level == CompetenceLevel.ASSESSED and actor is None:
        name = _("System")
    _raise_first(
        competence_problems(
            level=level, basis=basis, assessed_on=assessed_on, assessed_by_name=name
        )
    )
    return name


def _subject_taken(person: Person, subject: Subject, exclude: int | None = None) -> bool:
    others = TeachingCompetence.objects.filter(person=person, subject=subject)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.exists()


def _taken_error(person: Person, subject: Subject) -> Exception:
    return CompetenceError.SUBJECT_TAKEN.error(person=person.full_name, subject=subject.name)


def competence_create(
    *,
    actor: Actor,
    person: Person,
    subject: Subject,
    level: str,
    basis: str,
    assessed_on: dt.date | None = None,
    note: str = "",
) -> TeachingCompetence:
    """A teaching competence for ``person``. An assessed one is assessed by
    ``actor`` (recorded as user and name)."""
    note = (note or "").strip()
    name = _check_competence(
        actor=actor, person=person, level=level, basis=basis, assessed_on=assessed_on, note=note
    )
    try:
        with transaction.atomic():
            Person.objects.select_for_update().filter(pk=person.pk).first()
            if _subject_taken(person, subject):
                raise _taken_error(person, subject)
            competence = TeachingCompetence.objects.create(
                municipality_id=person.municipality_id,
                person=person,
                subject=subject,
                level=level,
                basis=basis,
                assessed_by=acting_user(actor) if level == CompetenceLevel.ASSESSED else None,
                assessed_by_name=name,
                assessed_on=assessed_on,
                note=note,
            )
            log_saved(actor=actor, obj=competence, before=None, related=person)
    except IntegrityError:
        raise _taken_error(person, subject) from None
    return competence


def competence_update(
    *,
    actor: Actor,
    competence: TeachingCompetence,
    subject: Subject,
    level: str,
    basis: str,
    assessed_on: dt.date | None = None,
    note: str = "",
) -> TeachingCompetence:
    """Change a competence. A leader changes only assessed ones (their scope
    does not reach a formal one) and cannot make one formal; saving an
    assessed competence makes ``actor`` its assessor."""
    note = (note or "").strip()
    person = competence.person
    if competence.level == CompetenceLevel.FORMAL and not may_write_formal(actor):
        raise CompetenceError.FORMAL_ADMIN_ONLY.error()
    name = _check_competence(
        actor=actor, person=person, level=level, basis=basis, assessed_on=assessed_on, note=note
    )
    try:
        with transaction.atomic():
            locked = TeachingCompetence.objects.select_for_update().get(pk=competence.pk)
            if _subject_taken(person, subject, exclude=locked.pk):
                raise _taken_error(person, subject)
            before = snapshot(locked)
            values = {
                "subject": subject,
                "level": level,
                "basis": basis,
                "assessed_on": assessed_on,
                "note": note,
            }
            changed = any(getattr(locked, k) != v for k, v in values.items())
            for key, value in values.items():
                setattr(locked, key, value)
            if level == CompetenceLevel.ASSESSED and changed:
                locked.assessed_by, locked.assessed_by_name = acting_user(actor), name
            elif level == CompetenceLevel.FORMAL:
                locked.assessed_by, locked.assessed_by_name = None, ""
            locked.save()
            log_saved(actor=actor, obj=locked, before=before, related=person)
    except IntegrityError:
        raise _taken_error(person, subject) from None
    return locked


def competence_delete(*, actor: Actor, competence: TeachingCompetence) -> None:
    if competence.level == CompetenceLevel.FORMAL and not may_write_formal(actor):
        raise CompetenceError.FORMAL_ADMIN_ONLY.error()
    with transaction.atomic():
        delete_logged(actor=actor, objects=[competence], related=competence.person)


# --- Qualifications ------------------------------------------------------------------------


def _check_qualification(
    *, kind: str, subject: Subject | None, obtained_on: dt.date | None, title: str
) -> None:
    if kind not in QualificationKind.values:
        raise CompetenceError.KIND.error()
    if kind in SUBJECT_KINDS and subject is None:
        raise CompetenceError.KIU_SUBJECT.error()
    if kind not in SUBJECT_KINDS and subject is not None:
        raise CompetenceError.SUBJECT_ONLY_KIU.error()
    if obtained_on is not None and obtained_on > timezone.localdate():
        raise CompetenceError.OBTAINED_FUTURE.error()
    check_no_formula(title, field="title")


def qualification_create(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    title: str = "",
    subject: Subject | None = None,
    obtained_on: dt.date | None = None,
) -> Qualification:
    title = (title or "").strip()
    if getattr(actor, "municipality_id", person.municipality_id) != person.municipality_id:
        raise CompetenceError.OTHER_MUNICIPALITY.error()
    _check_qualification(kind=kind, subject=subject, obtained_on=obtained_on, title=title)
    with transaction.atomic():
        qualification = Qualification.objects.create(
            municipality_id=person.municipality_id,
            person=person,
            kind=kind,
            title=title,
            subject=subject,
            obtained_on=obtained_on,
            recorded_by=acting_user(actor),
        )
        log_saved(actor=actor, obj=qualification, before=None, related=person)
    return qualification


def qualification_update(
    *,
    actor: Actor,
    qualification: Qualification,
    kind: str,
    title: str = "",
    subject: Subject | None = None,
    obtained_on: dt.date | None = None,
) -> Qualification:
    title = (title or "").strip()
    _check_qualification(kind=kind, subject=subject, obtained_on=obtained_on, title=title)
    with transaction.atomic():
        locked = Qualification.objects.select_for_update().get(pk=qualification.pk)
        before = snapshot(locked)
        locked.kind, locked.title, locked.subject, locked.obtained_on = (
            kind,
            title,
            subject,
            obtained_on,
        )
        locked.save()
        log_saved(actor=actor, obj=locked, before=before, related=qualification.person)
    return locked


def qualification_delete(*, actor: Actor, qualification: Qualification) -> None:
    with transaction.atomic():
        delete_logged(actor=actor, objects=[qualification], related=qualification.person)


def kiu_confirm(*, actor: Actor, qualification: Qualification) -> TeachingCompetence:
    """The leader's one click: a KiU course in a subject becomes tilsvarende
    kompetence in the subject with basis KiU, assessed by ``actor`` today."""
    if qualification.kind != QualificationKind.KIU_COURSE or qualification.subject is None:
        raise CompetenceError.NOT_AWAITING.error()
    label = qualification.title or qualification.get_kind_display()
    return competence_create(
        actor=actor,
        person=qualification.person,
        subject=qualification.subject,
        level=CompetenceLevel.ASSESSED,
        basis=CompetenceBasis.KIU_COURSE,
        assessed_on=timezone.localdate(),
        note=_("Bekræftet ud fra %(qualification)s.") % {"qualification": label},
    )


# --- What completing an initiative grants ---------------------------------------------------


def completion_grant_set(
    *, actor: Actor, initiative: Initiative, kind: str, subject: Subject | None = None
) -> CompletionGrant:
    """Set (create or change) what completing ``initiative`` grants."""
    if kind not in QualificationKind.values:
        raise CompetenceError.KIND.error()
    if kind in SUBJECT_KINDS and subject is None:
        raise CompetenceError.KIU_SUBJECT.error()
    if kind not in SUBJECT_KINDS:
        subject = None
    with transaction.atomic():
        grant = CompletionGrant.objects.select_for_update().filter(initiative=initiative).first()
        before = snapshot(grant) if grant is not None else None
        if grant is None:
            grant = CompletionGrant(initiative=initiative)
        grant.kind, grant.subject = kind, subject
        grant.save()
        log_saved(actor=actor, obj=grant, before=before, related=initiative)
    return grant


def completion_grant_remove(*, actor: Actor, grant: CompletionGrant) -> None:
    with transaction.atomic():
        delete_logged(actor=actor, objects=[grant], related=grant.initiative)


# --- The completion hook --------------------------------------------------------------------


def record_completion_qualification(
    *, course_completion_id: int, person_id: int, initiative_id: int, completed_on: dt.date
) -> Qualification | None:
    """A completed enrolment of an initiative with a :class:`CompletionGrant`
    gives the person the grant's qualification (a KiU course in a subject then
    awaits the leader's assessment). Never twice for one completion: nothing
    is recorded when the completion already has its qualification, nor when
    the person already holds the same qualification from the same initiative
    (a completion undone and done again)."""
    grant = (
        CompletionGrant.objects.select_related("initiative", "subject").filter(
            initiative_id=initiative_id
        )
    ).first()
    if grant is None:
        return None
    title = str(grant.initiative.title)[:200]
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None:
            return None
        if Qualification.objects.filter(course_completion_id=course_completion_id).exists():
            return None
        if Qualification.objects.filter(
            person=person, kind=grant.kind, subject=grant.subject, title=title
        ).exists():
            return None
        qualification = Qualification.objects.create(
            municipality_id=person.municipality_id,
            person=person,
            kind=grant.kind,
            title=title,
            subject_id=grant.subject_id,
            obtained_on=completed_on,
            course_completion_id=course_completion_id,
        )
        log_saved(
            actor=None,
            obj=qualification,
            before=None,
            related=person,
            note=_("Registreret ved gennemført kursus."),
        )
    return qualification
