"""The permission matrix of every competence records page
(kompetenceplan/testing/matrix.py, docs/permissions.md, docs/competences.md):

- administrators add, change and remove every competence and qualification of
  the municipality's people; leaders those of the people at their own
  institutions (another institution's person: 404), and of the competences only
  the assessed ones (a formal one: 404);
- consultants, staff, coordinators and viewers change none (403);
- what completing an initiative grants is set by the planners who change the
  initiative (administrators; the responsible consultant);
- another municipality's person, record or initiative answers 404.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompetenceplan.competences import services
from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel, QualificationKind
from kompetenceplan.competences.models import (
    CompletionGrant,
    Qualification,
    Subject,
    TeachingCompetence,
)
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

WRITERS = {"admin", "leader"}
READ_ONLY = ALL_ROLES - WRITERS
PLANNERS = {"admin", "consultant"}
A, F = CompetenceLevel.ASSESSED, CompetenceLevel.FORMAL


def subject(code):
    return Subject.objects.get(code=code)


@pytest.fixture
def objects(world, cw):
    admin = world.users.admin

    def competence(person, code, level=A):
        basis = CompetenceBasis.EXPERIENCE if level == A else CompetenceBasis.EDUCATION
        return TeachingCompetence.objects.create(
            municipality=person.municipality,
            person=person,
            subject=subject(code),
            level=level,
            basis=basis,
            assessed_by_name="Lene Leder" if level == A else "",
            assessed_on=dt.date(2025, 8, 1) if level == A else None,
        )

    def kiu(person, code="historie"):
        return Qualification.objects.create(
            municipality=person.municipality,
            person=person,
            kind=QualificationKind.KIU_COURSE,
            subject=subject(code),
            obtained_on=dt.date(2025, 6, 1),
        )

    grant = services.completion_grant_set(
        actor=admin, initiative=cw.initiative, kind=QualificationKind.ICDP_1
    )
    return SimpleNamespace(
        **vars(world),
        **vars(cw),
        comp_a=competence(world.person_a, "dansk"),
        formal_a=competence(world.person_a, "matematik", F),
        comp_b=competence(world.person_b, "dansk"),
        comp_h=competence(world.person_h, "dansk"),
        qual_a=kiu(world.person_a),
        qual_b=kiu(world.person_b),
        qual_h=kiu(world.person_h),
        grant=grant,
        h_initiative=cw.h_cohort.initiative,
    )


def reverse_lazy_url(name):
    return lambda o: reverse(name)


def url(name, attr):
    return lambda o: reverse(f"competences:{name}", args=[getattr(o, attr).pk])


def competences(o):
    return sorted(
        TeachingCompetence.objects.values_list("person_id", "subject_id", "level", "basis")
    )


def qualifications(o):
    return sorted(Qualification.objects.values_list("person_id", "kind", "subject_id", "title"))


def grants(o):
    return sorted(CompletionGrant.objects.values_list("initiative_id", "kind", "subject_id"))


def competence_data(o):
    return {
        "subject": subject("engelsk").pk,
        "level": A,
        "basis": CompetenceBasis.DIPLOMA_MODULE,
        "assessed_on": "2025-09-01",
        "note": "Diplommodul i engelsk.",
    }


def qualification_data(o):
    return {"kind": QualificationKind.ICDP_2, "title": "", "subject": "", "obtained_on": ""}


def record_cases(name, attr, other_mun, other_inst, *, contains, state, data, label=""):
    """GET and POST of a record page (add, edit, delete, confirm)."""
    cases = []
    for method in ("GET", "POST"):
        cases.append(
            Case(
                f"competences:{name}",
                method=method,
                label=label,
                url=url(name, attr),
                data=data if method == "POST" else None,
                allowed=WRITERS,
                forbidden=READ_ONLY,
                contains=contains if method == "GET" else None,
                other_municipality_url=url(name, other_mun),
                other_institution_url=url(name, other_inst),
                state=state,
            )
        )
    return cases


CASES = [
    *record_cases(
        "competence_add",
        "person_a2",
        "person_h",
        "person_b",
        contains="Bo Bach",
        state=competences,
        data=competence_data,
    ),
    *record_cases(
        "competence_edit",
        "comp_a",
        "comp_h",
        "comp_b",
        contains="Anne Andersen",
        state=competences,
        data=competence_data,
    ),
    *record_cases(
        "competence_delete",
        "comp_a",
        "comp_h",
        "comp_b",
        contains="Anne Andersen",
        state=competences,
        data={},
    ),
    # A formal competence: the administrator's alone (the leader: 404).
    Case(
        "competences:competence_edit",
        label="formal",
        url=url("competence_edit", "formal_a"),
        allowed={"admin"},
        not_found={"leader"},
        forbidden=READ_ONLY,
        contains="Matematik",
    ),
    Case(
        "competences:competence_delete",
        method="POST",
        label="formal",
        url=url("competence_delete", "formal_a"),
        allowed={"admin"},
        not_found={"leader"},
        forbidden=READ_ONLY,
        state=competences,
    ),
    *record_cases(
        "qualification_add",
        "person_a2",
        "person_h",
        "person_b",
        contains="Bo Bach",
        state=qualifications,
        data=qualification_data,
    ),
    *record_cases(
        "qualification_edit",
        "qual_a",
        "qual_h",
        "qual_b",
        contains="Anne Andersen",
        state=qualifications,
        data=lambda o: {
            "kind": QualificationKind.KIU_COURSE,
            "title": "KiU historie",
            "subject": subject("historie").pk,
            "obtained_on": "2025-06-01",
        },
    ),
    *record_cases(
        "qualification_delete",
        "qual_a",
        "qual_h",
        "qual_b",
        contains="Anne Andersen",
        state=qualifications,
        data={},
    ),
    *record_cases(
        "kiu_confirm",
        "qual_a",
        "qual_h",
        "qual_b",
        contains="Historie",
        state=competences,
        data={},
    ),
    *[
        Case(
            "competences:completion_grant_set",
            method=method,
            url=url("completion_grant_set", "initiative"),
            data=lambda o: {"kind": QualificationKind.KIU_COURSE, "subject": subject("dansk").pk},
            allowed=PLANNERS,
            forbidden=ALL_ROLES - PLANNERS,
            contains="ICDP niveau 1" if method == "GET" else None,
            other_municipality_url=url("completion_grant_set", "h_initiative"),
            state=grants,
        )
        for method in ("GET", "POST")
    ],
    # Another consultant's initiative: 404 for the consultant.
    Case(
        "competences:completion_grant_set",
        label="other initiative",
        url=url("completion_grant_set", "other"),
        allowed={"admin"},
        not_found={"consultant"},
        forbidden=ALL_ROLES - PLANNERS,
    ),
    *[
        Case(
            "competences:completion_grant_remove",
            method=method,
            url=url("completion_grant_remove", "initiative"),
            allowed=PLANNERS,
            forbidden=ALL_ROLES - PLANNERS,
            contains="ICDP niveau 1" if method == "GET" else None,
            other_municipality_url=url("completion_grant_remove", "h_initiative"),
            state=grants,
        )
        for method in ("GET", "POST")
    ],
]


COMPETENCES_CSV = (
    "medarbejdernummer;fag;niveau;grundlag;vurderet_af;dato\n"
    "A1;Tysk;tilsvarende;erfaring;Lene Leder;01-08-2024\n"
)


def upload(name, text, **fields):
    return lambda o: {
        "file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv"),
        **fields,
    }


ADMINS = {"admin"}
IMPORT_CASES = [
    Case(
        "competences:import",
        url=reverse_lazy_url("competences:import"),
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        contains="Importér undervisningskompetencer",
    ),
    Case(
        "competences:import",
        method="POST",
        label="preview",
        url=reverse_lazy_url("competences:import"),
        data=upload("kompetencer.csv", COMPETENCES_CSV),
        ok_status=200,
        allowed={"admin": "Anne Andersen"},
        forbidden=ALL_ROLES - ADMINS,
        state=competences,
    ),
    Case(
        "competences:import",
        method="POST",
        label="confirm",
        url=reverse_lazy_url("competences:import"),
        data={"confirm": "1", "token": "not-pending"},
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        state=competences,
    ),
]
CASES += IMPORT_CASES


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, case):
    assert_matrix(client, objects, case)
