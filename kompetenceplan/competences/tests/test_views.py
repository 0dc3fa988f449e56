"""The competence record pages and panels: what each role sees and can do,
the leader's assessment through the form, the read log, pinned query counts."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from kompetenceplan.competences import services
from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel, QualificationKind
from kompetenceplan.competences.models import Qualification, Subject, TeachingCompetence
from kompetenceplan.core.models import ReadLogEntry

pytestmark = pytest.mark.django_db
A, F = CompetenceLevel.ASSESSED, CompetenceLevel.FORMAL


def subject(code):
    return Subject.objects.get(code=code)


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def person_page(client, user, person):
    client.force_login(user)
    return text(client.get(reverse("organisation:person_detail", args=[person.pk])))


@pytest.fixture
def records(world):
    admin = world.users.admin
    services.competence_create(
        actor=admin,
        person=world.person_a,
        subject=subject("dansk"),
        level=F,
        basis=CompetenceBasis.EDUCATION,
    )
    services.competence_create(
        actor=world.users.leader,
        person=world.person_a,
        subject=subject("engelsk"),
        level=A,
        basis=CompetenceBasis.EXPERIENCE,
        assessed_on=dt.date(2025, 8, 1),
    )
    kiu = services.qualification_create(
        actor=admin,
        person=world.person_a,
        kind=QualificationKind.KIU_COURSE,
        subject=subject("natur-teknologi"),
        obtained_on=dt.date(2025, 6, 20),
    )
    services.qualification_create(
        actor=admin, person=world.person_a, kind=QualificationKind.ICDP_1, title=""
    )
    return kiu


def test_panel_for_the_leader_shows_records_and_the_assessment_actions(client, world, records):
    page = person_page(client, world.users.leader, world.person_a)
    assert "Kompetencer og kvalifikationer" in page
    assert "Undervisningskompetence" in page and "Tilsvarende kompetence" in page
    assert "Læreruddannelsen (undervisningsfag)" in page and "Erfaring" in page
    assert "1. august 2025" in page
    assert "Afventer vurdering" in page
    assert "Bekræft tilsvarende kompetence i Natur/teknologi" in page
    assert "Vurdér tilsvarende kompetence" in page
    # The formal one has no edit link for the leader; the assessed one has.
    formal = TeachingCompetence.objects.get(level=F)
    assessed = TeachingCompetence.objects.get(level=A)
    assert reverse("competences:competence_edit", args=[formal.pk]) not in page
    assert reverse("competences:competence_edit", args=[assessed.pk]) in page
    assert "ICDP niveau 1" in page


def test_panel_for_staff_is_read_only_and_own(client, world, records):
    page = person_page(client, world.users.staff, world.person_a)
    assert "Tilsvarende kompetence" in page
    assert "Vurdér tilsvarende kompetence" not in page and "Bekræft" not in page
    assert "Tilføj kvalifikation" not in page


def test_panel_for_the_consultant_reads_without_actions(client, world, records):
    page = person_page(client, world.users.consultant, world.person_a)
    assert "Engelsk" in page and "Tilføj kompetence" not in page


def test_panel_read_is_logged(client, world, records):
    person_page(client, world.users.consultant, world.person_a)
    labels = set(ReadLogEntry.objects.values_list("label", flat=True))
    assert "Medarbejder: Kompetencer og kvalifikationer" in labels


def test_leader_assesses_through_the_form(client, world):
    client.force_login(world.users.leader)
    url = reverse("competences:competence_add", args=[world.person_a2.pk])
    page = text(client.get(url))
    assert "Vurdér tilsvarende kompetence" in page and "Bo Bach" in page
    assert "Læreruddannelsen" not in page  # a leader cannot choose the education
    response = client.post(
        url,
        {
            "subject": subject("historie").pk,
            "level": A,
            "basis": CompetenceBasis.LONG_COURSE,
            "assessed_on": "2025-09-01",
            "note": "Længerevarende kursus i historie 2023.",
        },
    )
    assert response.status_code == 302
    competence = TeachingCompetence.objects.get(person=world.person_a2)
    assert competence.assessed_by == world.users.leader
    assert (competence.level, competence.basis) == (A, CompetenceBasis.LONG_COURSE)
    # The same subject again: the service's message on the field.
    page = text(
        client.post(
            url,
            {
                "subject": subject("historie").pk,
                "level": A,
                "basis": CompetenceBasis.EXPERIENCE,
                "assessed_on": "2025-09-01",
            },
        )
    )
    assert "Bo Bach har allerede en kompetence i Historie" in page


def test_leader_cannot_post_a_formal_competence(client, world):
    client.force_login(world.users.leader)
    url = reverse("competences:competence_add", args=[world.person_a2.pk])
    page = text(
        client.post(
            url,
            {"subject": subject("dansk").pk, "level": F, "basis": CompetenceBasis.EDUCATION},
        )
    )
    assert "Marker en gyldig valgmulighed. education er ikke en af de tilgængelige" in page
    assert not TeachingCompetence.objects.exists()


def test_leader_confirms_kiu_in_one_click(client, world, records):
    client.force_login(world.users.leader)
    url = reverse("competences:kiu_confirm", args=[records.pk])
    page = text(client.get(url))
    assert "har gennemført et KiU-forløb i Natur/teknologi" in page
    response = client.post(url, {}, follow=True)
    assert "Anne Andersen har nu tilsvarende kompetence i Natur/teknologi." in text(response)
    competence = TeachingCompetence.objects.get(subject__code="natur-teknologi")
    assert competence.basis == CompetenceBasis.KIU_COURSE
    assert "Afventer vurdering" not in person_page(client, world.users.leader, world.person_a)


def test_initiative_page_shows_the_grant_panel(client, world, cw):
    services.completion_grant_set(
        actor=world.users.admin,
        initiative=cw.initiative,
        kind=QualificationKind.KIU_COURSE,
        subject=subject("historie"),
    )
    client.force_login(world.users.consultant)
    page = text(client.get(reverse("plans:initiative_detail", args=[cw.initiative.pk])))
    assert "Kvalifikation ved gennemførelse" in page
    assert "KiU-forløb (fag) i Historie" in page
    assert reverse("competences:completion_grant_set", args=[cw.initiative.pk]) in page


def warm():
    from kompetenceplan.organisation.models import Person

    for model in (Person, TeachingCompetence, Qualification):
        ContentType.objects.get_for_model(model)


def test_person_page_queries_do_not_grow_with_records(
    client, world, records, django_assert_num_queries
):
    client.force_login(world.users.leader)
    url = reverse("organisation:person_detail", args=[world.person_a.pk])
    warm()
    client.get(url)
    # The person page with both panels; the competences panel: its competences,
    # qualifications and whether the leader may record for the person (3).
    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        client.get(url)
    for code in ("matematik", "historie", "musik", "idraet"):
        services.competence_create(
            actor=world.users.leader,
            person=world.person_a,
            subject=subject(code),
            level=A,
            basis=CompetenceBasis.EXPERIENCE,
            assessed_on=dt.date(2025, 8, 1),
        )
    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        client.get(url)


PERSON_PAGE_QUERIES = 19  # 16 for the person page and its other panels, 3 for this one


#: Each page's pinned query count for the leader (the administrator for the
#: completion grant pages); none of them lists more than one record.
FORM_QUERIES = {
    "competence_add": 11,
    "competence_edit": 11,
    "competence_delete": 10,
    "qualification_add": 11,
    "qualification_edit": 11,
    "qualification_delete": 10,
    "kiu_confirm": 11,
    "completion_grant_set": 14,
    "completion_grant_remove": 14,
}


@pytest.mark.parametrize("name", sorted(FORM_QUERIES))
def test_page_queries_are_pinned(client, world, cw, records, name, django_assert_num_queries):
    services.completion_grant_set(
        actor=world.users.admin, initiative=cw.initiative, kind=QualificationKind.ICDP_1
    )
    assessed = TeachingCompetence.objects.get(level=A)
    target = {
        "competence_add": world.person_a2,
        "qualification_add": world.person_a2,
        "competence_edit": assessed,
        "competence_delete": assessed,
        "qualification_edit": records,
        "qualification_delete": records,
        "kiu_confirm": records,
        "completion_grant_set": cw.initiative,
        "completion_grant_remove": cw.initiative,
    }[name]
    user = world.users.admin if name.startswith("completion") else world.users.leader
    client.force_login(user)
    url = reverse(f"competences:{name}", args=[target.pk])
    warm()
    assert client.get(url).status_code == 200
    with django_assert_num_queries(FORM_QUERIES[name]):
        client.get(url)
