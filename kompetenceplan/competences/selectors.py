"""Reads of the competence records, through the gate (docs/competences.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.models import Person
from kompetenceplan.plans.models import Initiative

from .choices import QualificationKind
from .models import CompletionGrant, Qualification, Subject, TeachingCompetence
from .permissions import records_person_q


def record_person_get(*, user: ActingUser, pk: int, action: str) -> Person:
    """The person in the URL of a page that records something about them;
    404 outside the user's scope for ``action``."""
    q = None
    if user.is_authenticated and user.is_active and getattr(user, "municipality_id", None):
        q = records_person_q(user, action)  # type: ignore[arg-type]
    if q is None:
        raise Http404
    person = Person.objects.filter(q, pk=pk).first()
    if person is None:
        raise Http404
    return person


def may_record_for(*, user: ActingUser, person: Person, action: str = Action.ADD) -> bool:
    """May the user add (change, remove) records about ``person``? (buttons)"""
    try:
        record_person_get(user=user, pk=person.pk, action=action)
    except Http404:
        return False
    return True


def competence_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> TeachingCompetence:
    return get_restricted_or_404(
        TeachingCompetence.objects.select_related("person", "subject"), user, action, pk=pk
    )


def qualification_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Qualification:
    return get_restricted_or_404(
        Qualification.objects.select_related("person", "subject"), user, action, pk=pk
    )


def person_competences(*, user: ActingUser, person: Person) -> QuerySet[TeachingCompetence]:
    return restrict(
        TeachingCompetence.objects.filter(person=person).select_related("subject"),
        user,
        Action.VIEW,
    ).order_by("subject__sort_order", "subject__name")


def person_qualifications(*, user: ActingUser, person: Person) -> QuerySet[Qualification]:
    return restrict(
        Qualification.objects.filter(person=person).select_related("subject"), user, Action.VIEW
    ).order_by("-obtained_on", "kind", "pk")


@dataclass(frozen=True)
class PersonRecords:
    """What the person page's panel shows."""

    competences: list[TeachingCompetence]
    qualifications: list[Qualification]
    #: KiU courses in a subject the person has no competence in yet.
    awaiting: list[Qualification]


def person_records(*, user: ActingUser, person: Person) -> PersonRecords:
    """The person's competences and qualifications the user may see (two queries)."""
    competences = list(person_competences(user=user, person=person))
    qualifications = list(person_qualifications(user=user, person=person))
    held = {c.subject_id for c in competences}
    awaiting = [
        q
        for q in qualifications
        if q.kind == QualificationKind.KIU_COURSE
        and q.subject_id is not None
        and q.subject_id not in held
    ]
    return PersonRecords(competences=competences, qualifications=qualifications, awaiting=awaiting)


def subjects() -> QuerySet[Subject]:
    return Subject.objects.order_by("sort_order", "name")


def completion_grant_of(initiative: Initiative) -> CompletionGrant | None:
    return CompletionGrant.objects.select_related("subject").filter(initiative=initiative).first()
