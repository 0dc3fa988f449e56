"""The competence records' rules (competences/services.py) and the completion
hook (a completed enrolment of an initiative with a CompletionGrant records a
qualification, never twice)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.cohorts import services as cohort_services
from kompetenceplan.cohorts.models import CourseCompletion
from kompetenceplan.competences import services
from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel, QualificationKind
from kompetenceplan.competences.models import Qualification, Subject, TeachingCompetence
from kompetenceplan.competences.selectors import person_records
from kompetenceplan.core.models import ChangeLogEntry

pytestmark = pytest.mark.django_db
F, A = CompetenceLevel.FORMAL, CompetenceLevel.ASSESSED
B = CompetenceBasis


def subject(code):
    return Subject.objects.get(code=code)


def codes(exc):
    return {e.code for errors in exc.value.error_dict.values() for e in errors}


def assess(world, person=None, code="dansk", basis=B.EXPERIENCE, **kw):
    return services.competence_create(
        actor=kw.pop("actor", world.users.leader),
        person=person or world.person_a,
        subject=subject(code),
        level=kw.pop("level", A),
        basis=basis,
        assessed_on=kw.pop("assessed_on", dt.date(2025, 8, 1)),
        **kw,
    )


def test_leader_assesses_and_is_the_assessor(world):
    competence = assess(world, note="Har undervist i dansk i 12 år.")
    assert (competence.level, competence.basis) == (A, B.EXPERIENCE)
    assert competence.assessed_by == world.users.leader
    assert competence.assessed_by_name == world.users.leader.get_full_name() or "leader"
    entry = ChangeLogEntry.objects.get(content_type__model="teachingcompetence")
    assert entry.actor == world.users.leader and entry.related_object_id == str(world.person_a.pk)


def test_one_competence_per_subject(world):
    assess(world)
    with pytest.raises(ValidationError) as exc:
        assess(world, basis=B.KIU_COURSE)
    assert codes(exc) == {"subject_taken"}
    assert "Anne Andersen har allerede en kompetence i Dansk" in str(exc.value)


def test_assessed_needs_a_basis_other_than_education(world):
    with pytest.raises(ValidationError) as exc:
        assess(world, basis=B.EDUCATION)
    assert codes(exc) == {"assessed_basis"}


def test_assessed_needs_a_date_not_in_the_future(world):
    with pytest.raises(ValidationError) as exc:
        assess(world, assessed_on=None)
    assert codes(exc) == {"assessed_date"}
    with pytest.raises(ValidationError) as exc:
        assess(world, assessed_on=dt.date.today() + dt.timedelta(days=1))
    assert codes(exc) == {"assessed_future"}


def test_formal_has_basis_education_and_only_administrators_write_it(world):
    with pytest.raises(ValidationError) as exc:
        assess(world, level=F, basis=B.EDUCATION, assessed_on=None)
    assert codes(exc) == {"formal_admin_only"}
    with pytest.raises(ValidationError) as exc:
        assess(world, actor=world.users.admin, level=F, basis=B.KIU_COURSE)
    assert codes(exc) == {"formal_basis"}
    formal = assess(world, actor=world.users.admin, level=F, basis=B.EDUCATION, assessed_on=None)
    assert formal.assessed_by is None and formal.assessed_by_name == ""
    # The leader can neither change nor remove it.
    with pytest.raises(ValidationError) as exc:
        services.competence_update(
            actor=world.users.leader,
            competence=formal,
            subject=formal.subject,
            level=A,
            basis=B.EXPERIENCE,
            assessed_on=dt.date(2025, 8, 1),
        )
    assert codes(exc) == {"formal_admin_only"}
    with pytest.raises(ValidationError):
        services.competence_delete(actor=world.users.leader, competence=formal)
    assert TeachingCompetence.objects.filter(pk=formal.pk).exists()


def test_update_makes_the_user_the_assessor_and_delete_is_logged(world):
    competence = assess(world)
    changed = services.competence_update(
        actor=world.users.admin,
        competence=competence,
        subject=competence.subject,
        level=A,
        basis=B.DIPLOMA_MODULE,
        assessed_on=dt.date(2025, 9, 1),
    )
    assert changed.assessed_by == world.users.admin and changed.basis == B.DIPLOMA_MODULE
    services.competence_delete(actor=world.users.leader, competence=changed)
    assert not TeachingCompetence.objects.exists()
    actions = list(
        ChangeLogEntry.objects.filter(content_type__model="teachingcompetence")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_formula_text_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        assess(world, note="=cmd|' /C calc'!A0")
    assert codes(exc) == {"formula"}


def test_kiu_qualification_awaits_assessment_and_is_confirmed_in_one_click(world):
    q = services.qualification_create(
        actor=world.users.admin,
        person=world.person_a,
        kind=QualificationKind.KIU_COURSE,
        subject=subject("natur-teknologi"),
        obtained_on=dt.date(2025, 6, 20),
    )
    records = person_records(user=world.users.leader, person=world.person_a)
    assert records.awaiting == [q]
    competence = services.kiu_confirm(actor=world.users.leader, qualification=q)
    assert (competence.level, competence.basis, competence.subject.name) == (
        A,
        B.KIU_COURSE,
        "Natur/teknologi",
    )
    assert competence.assessed_by == world.users.leader
    assert competence.assessed_on == dt.date.today()
    assert person_records(user=world.users.leader, person=world.person_a).awaiting == []
    with pytest.raises(ValidationError) as exc:
        services.kiu_confirm(actor=world.users.leader, qualification=q)
    assert codes(exc) == {"subject_taken"}


def test_qualification_rules(world):
    with pytest.raises(ValidationError) as exc:
        services.qualification_create(
            actor=world.users.admin, person=world.person_a, kind=QualificationKind.KIU_COURSE
        )
    assert codes(exc) == {"kiu_subject"}
    with pytest.raises(ValidationError) as exc:
        services.qualification_create(
            actor=world.users.admin,
            person=world.person_a,
            kind=QualificationKind.ICDP_1,
            subject=subject("dansk"),
        )
    assert codes(exc) == {"subject_only_kiu"}
    with pytest.raises(ValidationError) as exc:
        services.qualification_create(
            actor=world.users.admin, person=world.person_h, kind=QualificationKind.ICDP_1
        )
    assert codes(exc) == {"other_municipality"}


# --- the completion hook --------------------------------------------------------------------


@pytest.fixture
def completed(world, cw, django_capture_on_commit_callbacks):
    """Anne and Bo complete the consultant's course (one session, attended)."""

    def run():
        for person in (world.person_a, world.person_a2):
            cohort_services.enrolment_nominate(
                actor=world.users.admin, cohort=cw.cohort, person=person
            )
        cohort_services.attendance_record(
            actor=world.users.consultant, session=cw.session, absent_person_ids=[]
        )
        with django_capture_on_commit_callbacks(execute=True):
            cohort_services.cohort_complete(actor=world.users.consultant, cohort=cw.cohort)
        return cw

    return run


def test_completion_records_the_grants_qualification(world, cw, completed):
    services.completion_grant_set(
        actor=world.users.admin, initiative=cw.initiative, kind=QualificationKind.ICDP_1
    )
    completed()
    rows = {
        (q.person.first_name, q.kind, q.obtained_on, q.title)
        for q in Qualification.objects.select_related("person")
    }
    day = cw.session.starts_at.date()
    title = str(cw.initiative.title)
    assert rows == {
        ("Anne", QualificationKind.ICDP_1, day, title),
        ("Bo", QualificationKind.ICDP_1, day, title),
    }
    assert all(q.course_completion_id for q in Qualification.objects.all())


def test_kiu_grant_gives_a_subject_awaiting_the_leaders_assessment(world, cw, completed):
    services.completion_grant_set(
        actor=world.users.admin,
        initiative=cw.initiative,
        kind=QualificationKind.KIU_COURSE,
        subject=subject("historie"),
    )
    completed()
    records = person_records(user=world.users.leader, person=world.person_a)
    assert [(q.kind, q.subject.name) for q in records.awaiting] == [
        (QualificationKind.KIU_COURSE, "Historie")
    ]


def test_no_grant_no_qualification(world, cw, completed):
    completed()
    assert CourseCompletion.objects.count() == 2
    assert not Qualification.objects.exists()


def test_never_twice_for_one_completion(world, cw, completed):
    services.completion_grant_set(
        actor=world.users.admin, initiative=cw.initiative, kind=QualificationKind.ICDP_2
    )
    completed()
    completion = CourseCompletion.objects.get(person=world.person_a)
    # The hook run again for the same completion (a retried task) records nothing.
    again = services.record_completion_qualification(
        course_completion_id=completion.pk,
        person_id=completion.person_id,
        initiative_id=cw.initiative.pk,
        completed_on=completion.completed_on,
    )
    assert again is None
    assert Qualification.objects.filter(person=world.person_a).count() == 1
    # Completing the cohort again (unchanged) runs no hook and records nothing.
    cohort_services.cohort_complete(actor=world.users.consultant, cohort=cw.cohort)
    assert Qualification.objects.count() == 2


def test_grant_needs_subject_for_kiu(world, cw):
    with pytest.raises(ValidationError) as exc:
        services.completion_grant_set(
            actor=world.users.admin, initiative=cw.initiative, kind=QualificationKind.KIU_COURSE
        )
    assert codes(exc) == {"kiu_subject"}
