"""The competence record pages in a real browser (Debian's /usr/bin/chromium
via Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

import datetime as dt

import pytest
from django.urls import reverse

from kompetenceplan.competences import services
from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel, QualificationKind
from kompetenceplan.competences.models import Subject, TeachingCompetence
from kompetenceplan.testing.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def subject(code):
    return Subject.objects.get(code=code)


def load_subjects():
    """The subjects a data migration loads (a transactional test flushes them)."""
    from kompetenceplan.competences.reference import subjects

    for row in subjects():
        Subject.objects.get_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "kind": row.kind,
                "first_grade": row.first_grade,
                "last_grade": row.last_grade,
                "in_coverage": row.in_coverage,
                "sort_order": row.sort_order,
            },
        )


@pytest.fixture
def records(world, cw):
    load_subjects()
    admin = world.users.admin
    services.competence_create(
        actor=admin,
        person=world.person_a,
        subject=subject("dansk"),
        level=CompetenceLevel.FORMAL,
        basis=CompetenceBasis.EDUCATION,
    )
    services.competence_create(
        actor=world.users.leader,
        person=world.person_a,
        subject=subject("engelsk"),
        level=CompetenceLevel.ASSESSED,
        basis=CompetenceBasis.DIPLOMA_MODULE,
        assessed_on=dt.date(2025, 8, 1),
    )
    services.qualification_create(
        actor=admin, person=world.person_a, kind=QualificationKind.ICDP_1, title=""
    )
    cw.kiu = services.qualification_create(
        actor=admin,
        person=world.person_a,
        kind=QualificationKind.KIU_COURSE,
        subject=subject("historie"),
        obtained_on=dt.date(2025, 6, 20),
    )
    services.completion_grant_set(
        actor=admin, initiative=cw.initiative, kind=QualificationKind.ICDP_2
    )
    return cw


def test_leader_assesses_in_the_browser(page, live_server, world, records):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("organisation:person_detail", args=[world.person_a.pk]))
    main = page.inner_text("main")
    assert "Kompetencer og kvalifikationer" in main and "Afventer vurdering" in main
    check_page(page, "competences-person-panel")
    page.goto(live_server.url + reverse("competences:competence_add", args=[world.person_a.pk]))
    check_page(page, "competences-assess")
    page.select_option("select[name=subject]", label="Matematik")
    page.select_option("select[name=basis]", label="Kompetencemålsprøve")
    page.fill("input[name=assessed_on]", "2025-09-01")
    page.fill("textarea[name=note]", "Bestået kompetencemålsprøve i matematik.")
    page.click("main button[type=submit]")
    assert "Kompetencen i Matematik er gemt." in page.inner_text("main")
    assert TeachingCompetence.objects.get(subject__code="matematik").assessed_by == (
        world.users.leader
    )
    page.goto(live_server.url + reverse("competences:kiu_confirm", args=[records.kiu.pk]))
    check_page(page, "competences-kiu-confirm")
    page.goto(live_server.url + reverse("competences:qualification_add", args=[world.person_a.pk]))
    check_page(page, "competences-qualification-add")


def test_planner_sets_what_completion_grants(page, live_server, world, records):
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("plans:initiative_detail", args=[records.initiative.pk]))
    assert "Kvalifikation ved gennemførelse" in page.inner_text("main")
    page.goto(
        live_server.url + reverse("competences:completion_grant_set", args=[records.initiative.pk])
    )
    check_page(page, "competences-completion-grant")


def test_import_pages_with_preview(page, live_server, world, tmp_path):
    from .test_imports import ALLOCATIONS, COMPETENCES

    load_subjects()
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("competences:import"))
    check_page(page, "competences-import")
    path = tmp_path / "kompetencer.csv"
    path.write_text(COMPETENCES, encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.click("main button[type=submit]")
    assert "Forhåndsvisning af kompetencer.csv" in page.inner_text("main")
    check_page(page, "competences-import-preview")
    page.goto(live_server.url + reverse("coverage:import_allocations"))
    path = tmp_path / "fagfordeling.csv"
    path.write_text(ALLOCATIONS, encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=school_year]", "2025/26")
    page.click("main button[type=submit]")
    assert "Skoleår 2025/26, 2 skole(r)" in page.inner_text("main")
    check_page(page, "allocations-import-preview")
    page.click("main button[name=confirm]")
    assert "Fagfordelingen for 2025/26 er gemt" in page.inner_text("main")
