"""The committee's status report (issue 10, item 8): real values on the page
and in the PDF and Word documents made by the document job, the evaluation
shown for five answers and hidden for four, a tagged Danish PDF, the page in a
fixed number of queries, and the Udvalgsmateriale archive."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from docx import Document
from pypdf import PdfReader

from kompetenceplan.cohorts import rollouts
from kompetenceplan.cohorts.models import Expense
from kompetenceplan.evaluation.tests.factories import make_eval_world
from kompetenceplan.funding.models import Allocation, FundingBudget, FundingSource
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.plans.choices import InitiativeStatus
from kompetenceplan.reports import selectors, services
from kompetenceplan.reports.choices import DocumentKind, JobStatus
from kompetenceplan.reports.models import DocumentJob

from .conftest import add_initiatives, make_plan
from .pdf_structure import normalise, read_structure

pytestmark = pytest.mark.django_db

NOTE = "Første hold afholdt i efteråret; andet hold flyttet til foråret."


def status_world(world, answers: int):
    """The evaluation world (2.2 with a held cohort of six who completed, a
    summative survey with ``answers`` responses of 4) plus money: 125.500 kr.
    allocated to it in 2025 and 48.250 kr. spent on the cohort; 9.999 kr. in
    2026 that the 2025 report leaves out."""
    o = make_eval_world(world, answers=answers)
    o.initiative.status = InitiativeStatus.ONGOING
    o.initiative.status_note = NOTE
    o.initiative.save()
    source = FundingSource.objects.create(
        municipality=world.ishoj, name="Kompetencepuljen", kind="municipal", capped=True
    )
    FundingBudget.objects.create(source=source, year=2025, amount=Decimal(1000000))
    allocation = Allocation.objects.create(
        source=source, initiative=o.initiative, year=2025, amount=Decimal(125500)
    )
    Allocation.objects.create(
        source=source, initiative=o.initiative, year=2026, amount=Decimal(9999)
    )
    rollouts.rollout_set(
        actor=world.users.consultant,
        initiative=o.initiative,
        target_roles=[JobRole.objects.get(name="Lærer")],
        institution_kinds=["skole"],
        first_school_year="2025/26",
        school_years=4,
    )
    Expense.objects.create(
        cohort=o.cohort,
        allocation=allocation,
        kind="provider_fee",
        amount=Decimal(48250),
        date=dt.date(2025, 10, 1),
    )
    return o


def test_the_report_has_the_real_values(world):
    o = status_world(world, answers=5)
    data = selectors.status_report_data(o.plan, 2025)
    [row] = data["initiatives"]
    assert row["status_label"] == "I gang"
    assert row["status_note"] == NOTE
    assert (row["completed"], row["participants"], row["seats"]) == (6, 6, 25)
    assert row["allocated"] == Decimal(125500) and row["spent"] == Decimal(48250)
    assert row["evaluation"]["responses"] == 5 and row["evaluation"]["mean"] == 4.0
    assert row["evaluation_text"] == "Gennemsnit 4,0 af 5 (5 svar)"
    assert data["year_label"] == "2025" and data["school_year"] == "2025/26"
    # The rollout target as the rollout page's total row shows it in year one.
    total = rollouts.rollout_progress(
        target=rollouts.rollout_get(initiative=o.initiative),
        user=world.users.admin,
        today=dt.date(2025, 10, 1),
    ).total
    population = total.population
    assert population >= 6
    assert row["rollout"]["reached"] == total.reached == 6
    assert row["rollout"]["population"] == population
    assert (
        row["rollout"]["plan"] == total.plan == (Decimal(population) / 4).quantize(Decimal("0.1"))
    )
    assert selectors.rollout_text(row["rollout"]) == (
        f"6 af {population} (plan {str(total.plan.normalize()).replace('.', ',')})"
    )


def test_four_answers_are_not_shown(client, world):
    o = status_world(world, answers=4)
    [row] = selectors.status_report_data(o.plan, 2025)["initiatives"]
    assert row["evaluation"] is None and row["evaluation_text"] == "Færre end 5 svar"
    client.force_login(world.users.admin)
    html = client.get(reverse("reports:status_report", args=[o.plan.pk, 2025])).content.decode()
    assert "Færre end 5 svar" in html and "Gennemsnit" not in html


def test_the_page_follows_the_readers_language_the_document_stays_danish(client, world):
    o = status_world(world, answers=4)
    client.cookies["django_language"] = "en"
    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[o.plan.pk, 2025])).content.decode()
    assert "Ongoing" in html and "Fewer than 5 answers" in html
    assert "I gang" not in html and "Færre end 5 svar" not in html
    [row] = selectors.status_report_data(o.plan, 2025)["initiatives"]
    assert (row["status_label"], row["evaluation_text"]) == ("I gang", "Færre end 5 svar")


def test_the_page_shows_the_values(client, world):
    o = status_world(world, answers=5)
    client.force_login(world.users.viewer)
    response = client.get(reverse("reports:status_report", args=[o.plan.pk, 2025]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        NOTE,
        "I gang",
        "6 / 6 / 25",
        "125.500 kr.",
        "48.250 kr.",
        "Gennemsnit 4,0 af 5 (5 svar)",
    ):
        assert text in html
    assert "9.999" not in html
    # The plan's years, and a year outside the plan is 404.
    assert client.get(reverse("reports:status_report", args=[o.plan.pk, 2030])).status_code == 404
    latest = client.get(reverse("reports:status_report_latest", args=[o.plan.pk]))
    assert latest.status_code == 302


def _run(world, plan, year, fmt) -> DocumentJob:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.status_report_job_create(
            actor=world.users.admin, plan=plan, year=year, fmt=fmt
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.kind == DocumentKind.STATUS_REPORT and job.year == year
    return job


def test_the_job_makes_a_tagged_danish_pdf_with_the_values(world):
    o = status_world(world, answers=5)
    job = _run(world, o.plan, 2025, "pdf")
    content = job.file.open("rb").read()
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))
    for expected in (
        NOTE,
        "I gang",
        "6 / 6 / 25",
        "125.500 kr.",
        "48.250 kr.",
        "Gennemsnit 4,0 af 5 (5 svar)",
    ):
        assert normalise(expected) in text
    structure = read_structure(content)
    assert structure.catalog["/Lang"] == "da"
    assert structure.catalog["/MarkInfo"]["/Marked"]
    headings = structure.headings
    assert headings[0] == (1, f"Status 2025: {o.plan.title}")
    assert (2, "Status pr. indsats") in headings
    assert structure.find_all("/Table") and structure.find_all("/TH")
    assert job.filename.startswith("status-") and job.filename.endswith(".pdf")


def test_the_job_makes_a_word_document_with_the_values(world):
    o = status_world(world, answers=4)
    job = _run(world, o.plan, 2025, "docx")
    document = Document(io.BytesIO(job.file.open("rb").read()))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "2.2 " in cells[7] or o.initiative.title in " ".join(cells)
    for expected in (NOTE, "I gang", "6 / 6 / 25", "125.500 kr.", "48.250 kr.", "Færre end 5 svar"):
        assert expected in cells
    assert "Gennemsnit" not in " ".join(cells + [p.text for p in document.paragraphs])
    assert document.core_properties.language == "da-DK"


def test_only_pdf_and_word_and_only_the_plans_years(world):
    from django.core.exceptions import ValidationError

    o = status_world(world, answers=5)
    with pytest.raises(ValidationError):
        services.status_report_job_create(
            actor=world.users.admin, plan=o.plan, year=2025, fmt="xlsx"
        )
    with pytest.raises(ValidationError):
        services.status_report_job_create(
            actor=world.users.admin, plan=o.plan, year=2031, fmt="pdf"
        )


def test_udvalgsmateriale_lists_the_documents_with_dates(client, world, plans):
    plan = plans["adopted"]
    status = _run(world, plan, 2025, "pdf")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        whole = services.document_job_create(actor=world.users.admin, plan=plan, fmt="docx")
    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:committee_documents")).content.decode()
    # Each document with its kind and year, under its plan, its format and
    # the date it was made in words.
    assert f"<h3>{plan.title} " in html
    assert '<th scope="row">Statusrapport 2025</th>' in html
    assert '<th scope="row">Plandokument 2025–2026</th>' in html
    assert "<td>PDF</td>" in html and "<td>Word (.docx)</td>" in html
    made = timezone.localtime(status.finished_at)
    assert f"{made.day}. {date_format(made, 'F')} {made.year}" in html
    assert reverse("reports:job_download", args=[status.pk]) in html
    assert reverse("reports:job_download", args=[whole.pk]) in html
    # Another municipality's documents are not listed.
    h = _run(world, plans["horsens"], 2025, "pdf")
    html = client.get(reverse("reports:committee_documents")).content.decode()
    assert reverse("reports:job_download", args=[h.pk]) not in html


QUERIES = 15


def test_the_page_runs_a_fixed_number_of_queries(client, world, pool):
    """2 and 10 initiatives (each with an allocation) cost the same queries."""
    client.force_login(world.users.viewer)
    counts = {}
    for count in (2, 10):
        plan = make_plan(world.ishoj, slug=f"p{count}", initiatives=0)
        add_initiatives(plan, plan.focus_areas.get(), count, source=pool)
        url = reverse("reports:status_report", args=[plan.pk, 2025])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("10.000 kr.") == count
        counts[count] = len(queries)
    assert counts == {2: QUERIES, 10: QUERIES}


def test_allocations_for_a_period_are_shown_apart(client, world):
    """Ishøj's amounts for "2024/2025 og 2025/2026" have no year: every year's
    report shows them under "Uden år", whole, with all that is spent of them."""
    o = status_world(world, answers=5)
    source = FundingSource.objects.get(name="Kompetencepuljen")
    period = Allocation.objects.create(
        source=source, initiative=o.initiative, year=None, amount=Decimal(388000)
    )
    Expense.objects.create(
        cohort=o.cohort,
        allocation=period,
        kind="venue",
        amount=Decimal("1234.50"),
        date=dt.date(2025, 11, 1),
    )
    [row] = selectors.status_report_data(o.plan, 2025)["initiatives"]
    assert (row["allocated"], row["spent"]) == (Decimal(125500), Decimal(48250))
    assert (row["undated_allocated"], row["undated_spent"]) == (Decimal(388000), Decimal("1234.50"))
    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[o.plan.pk, 2025])).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "Uden år: 388.000 kr." in text and "Uden år: 1.234,50 kr." in text
    job = _run(world, o.plan, 2025, "docx")
    cells = [
        c.text
        for t in Document(io.BytesIO(job.file.open("rb").read())).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "125.500 kr.\nUden år: 388.000 kr." in cells


def test_no_allocation_for_the_year_reads_a_dash_not_zero_kroner(client, world):
    """An initiative with no allocation for the year shows "–", and a period
    allocation without an amount adds no "Uden år: 0 kr." line."""
    o = status_world(world, answers=5)
    Expense.objects.filter(allocation__initiative=o.initiative).delete()
    Allocation.objects.filter(initiative=o.initiative).delete()
    source = FundingSource.objects.get(name="Kompetencepuljen")
    Allocation.objects.create(source=source, initiative=o.initiative, year=None, amount=None)
    [row] = selectors.status_report_data(o.plan, 2025)["initiatives"]
    assert (row["has_dated"], row["has_undated"]) == (False, False)
    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[o.plan.pk, 2025])).content.decode()
    assert "Uden år" not in html.split("<table")[1]
    assert "0 kr." not in html.split("<table")[1]
    job = _run(world, o.plan, 2025, "docx")
    cells = [
        c.text
        for t in Document(io.BytesIO(job.file.open("rb").read())).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "0 kr." not in cells and cells.count("–") >= 2


def _evaluated_plan(world, pool, count: int, template):
    """A plan of ``count`` initiatives (10.000 kr. each in 2025), each with a
    2025/26 cohort of five and a summative survey they all answered."""
    from kompetenceplan.cohorts.tests.factories import make_cohort
    from kompetenceplan.evaluation.choices import SurveyKind
    from kompetenceplan.evaluation.models import Survey
    from kompetenceplan.evaluation.tests.factories import answer, enrol
    from kompetenceplan.testing.factories import make_person

    plan = make_plan(world.ishoj, slug=f"evalueret-{count}", initiatives=0)
    add_initiatives(plan, plan.focus_areas.get(), count, source=pool)
    for initiative in plan.initiatives.all():
        cohort = make_cohort(initiative, f"Hold {initiative.number}", capacity=25)
        enrol(cohort, [make_person(world.school_a, first=f"D{n}", last="Dahl") for n in range(5)])
        survey = Survey.objects.create(
            municipality=world.ishoj, cohort=cohort, kind=SurveyKind.SUMMATIVE, template=template
        )
        answer(survey, 5)
    return plan


EVALUATED_QUERIES = 18
DOCUMENT_QUERIES = 14


def test_evaluated_initiatives_cost_no_queries_each(client, world, pool):
    """The page and the document builder run as many queries with 2 evaluated
    initiatives as with 8 (the evaluation summaries in one batch,
    evaluation.selectors.initiative_summaries)."""
    from kompetenceplan.evaluation.tests.factories import make_templates

    template = make_templates(world.ishoj)["summative"]
    client.force_login(world.users.viewer)
    page, built = {}, {}
    for count in (2, 8):
        plan = _evaluated_plan(world, pool, count, template)
        url = reverse("reports:status_report", args=[plan.pk, 2025])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert html.count("Gennemsnit 4,0 af 5 (5 svar)") == count
        page[count] = len(queries)
        for fmt in ("pdf", "docx"):
            job = DocumentJob.objects.create(
                municipality=world.ishoj,
                plan=plan,
                format=fmt,
                kind=DocumentKind.STATUS_REPORT,
                year=2025,
                filename=f"status.{fmt}",
            )
            with CaptureQueriesContext(connection) as queries:
                content = services._render_job(DocumentJob.objects.get(pk=job.pk))
            assert content
            built[count, fmt] = len(queries)
    assert page == {2: EVALUATED_QUERIES, 8: EVALUATED_QUERIES}
    assert built == {(n, f): DOCUMENT_QUERIES for n in (2, 8) for f in ("pdf", "docx")}


def test_the_job_page_names_the_document(client, world, plans):
    """Not "Dokument (PDF)": what it is, of which plan, in which format."""
    from django.test import TestCase

    plan = plans["adopted"]
    status_pdf = _run(world, plan, 2025, "pdf")
    status_docx = _run(world, plan, 2025, "docx")
    with TestCase.captureOnCommitCallbacks(execute=True):
        whole = services.document_job_create(actor=world.users.admin, plan=plan, fmt="pdf")
    client.force_login(world.users.admin)
    for job, name in (
        (status_pdf, f"Statusrapport 2025 – {plan.title} (PDF)"),
        (status_docx, f"Statusrapport 2025 – {plan.title} (Word)"),
        (whole, f"Plandokument 2025–2026 – {plan.title} (PDF)"),
    ):
        assert job.document_name == name
        html = client.get(reverse("reports:job", args=[job.pk])).content.decode()
        assert f"<h1>{name}</h1>" in html
        assert "Dokument (" not in html


def _two_initiatives(world):
    """status_world (5 answers) plus 2.3 "Læsevejledning": planned, no note,
    a cohort of 10 seats with one who completed, one enrolled and one on the
    waiting list (not seated), 1.000.000 kr. allocated in 2025 of which
    2.345,50 kr. spent, no rollout target and no final survey.

    By hand: 2.2 reads 6 / 6 / 25, 125.500 kr., 48.250 kr., "Gennemsnit 4,0 af
    5 (5 svar)"; 2.3 reads 1 / 2 / 10, 1.000.000 kr., 2.345,50 kr., "–"; the
    total 7 / 8 / 35, 1.125.500 kr., 50.595,50 kr."""
    from kompetenceplan.cohorts.choices import EnrolmentStatus
    from kompetenceplan.cohorts.tests.factories import make_cohort, make_target_initiative
    from kompetenceplan.evaluation.tests.factories import enrol
    from kompetenceplan.testing.factories import make_person

    o = status_world(world, answers=5)
    second = make_target_initiative(o.plan, "2.3", title="Læsevejledning")
    second.status = InitiativeStatus.PLANNED
    second.save()
    cohort = make_cohort(second, "Læsehold", capacity=10)
    for status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        enrol(cohort, [make_person(world.school_a, first=status, last="Holm")], status=status)
    source = FundingSource.objects.get(name="Kompetencepuljen")
    allocation = Allocation.objects.create(
        source=source, initiative=second, year=2025, amount=Decimal(1000000)
    )
    Expense.objects.create(
        cohort=cohort,
        allocation=allocation,
        kind="venue",
        amount=Decimal("2345.50"),
        date=dt.date(2025, 11, 1),
    )
    return o


def _expected_rows(o) -> list[tuple[str, ...]]:
    first = selectors.status_report_data(o.plan, 2025)["initiatives"][0]
    rollout = selectors.rollout_text(first["rollout"])
    assert rollout.startswith("6 af ")
    return [
        (
            "2.2 Sprogudviklende didaktik",
            "I gang",
            NOTE,
            "6 / 6 / 25",
            rollout,
            "125.500 kr.",
            "48.250 kr.",
            "Gennemsnit 4,0 af 5 (5 svar)",
        ),
        (
            "2.3 Læsevejledning",
            "Planlagt",
            "–",
            "1 / 2 / 10",
            "–",
            "1.000.000 kr.",
            "2.345,50 kr.",
            "–",
        ),
        ("I alt", "", "", "7 / 8 / 35", "", "1.125.500 kr.", "50.595,50 kr.", ""),
    ]


def test_every_number_by_hand(client, world):
    """Each cell of a two-initiative report against the hand-computed values,
    in the data, on the page, in the PDF and in the Word table."""
    from kompetenceplan.reports.documents import STATUS_HEADER, status_rows

    o = _two_initiatives(world)
    data = selectors.status_report_data(o.plan, 2025)
    first, second = data["initiatives"]
    assert (second["completed"], second["participants"], second["seats"]) == (1, 2, 10)
    assert (second["allocated"], second["spent"]) == (Decimal(1000000), Decimal("2345.50"))
    assert second["evaluation"] is None and second["surveyed"] is False
    assert first["surveyed"] is True
    totals = data["totals"]
    assert (totals["completed"], totals["participants"], totals["seats"]) == (7, 8, 35)
    assert (totals["allocated"], totals["spent"]) == (Decimal(1125500), Decimal("50595.50"))
    expected = _expected_rows(o)
    # 2.2 under its focus area; 2.3 has none and comes last, under "Uden indsatsområde".
    assert [(r.kind, r.cells) for r in status_rows(data)] == [
        ("group", ("1. Sprog",)),
        ("initiative", expected[0]),
        ("group", ("Uden indsatsområde",)),
        ("initiative", expected[1]),
        ("total", expected[2]),
    ]

    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[o.plan.pk, 2025])).content.decode()
    table = html.split("<table")[1]
    for text in ("1 / 2 / 10", "7 / 8 / 35", "1.125.500 kr.", "50.595,50 kr.", "2.345,50 kr."):
        assert text in table
    assert "Færre end 5 svar" not in table  # 2.3 has no survey: "–"

    pdf = _run(world, o.plan, 2025, "pdf").file.open("rb").read()
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for row in expected:
        for cell in row:
            assert normalise(cell) in text, cell
    assert "None" not in text and "Færre end 5 svar" not in text

    docx = Document(io.BytesIO(_run(world, o.plan, 2025, "docx").file.open("rb").read()))
    [table] = docx.tables
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows[0] == STATUS_HEADER
    # A heading row is one cell across the table (python-docx repeats it per column).
    width = len(STATUS_HEADER)
    assert rows[1:] == [
        ("1. Sprog",) * width,
        expected[0],
        ("Uden indsatsområde",) * width,
        *expected[1:],
    ]
    paragraphs = [p.text for p in docx.paragraphs]
    assert f"Status 2025: {o.plan.title}" in paragraphs
    assert "År: 2025" in paragraphs
    assert any(p.startswith("Dannet ") for p in paragraphs)


def test_few_answers_and_no_survey_read_differently(world):
    """Four answers: "Færre end 5 svar"; no final survey at all: "–"."""
    o = _two_initiatives(world)
    from kompetenceplan.evaluation.models import SurveyResponse

    SurveyResponse.objects.filter(survey=o.survey).first().delete()
    first, second = selectors.status_report_data(o.plan, 2025)["initiatives"]
    assert first["evaluation_text"] == "Færre end 5 svar"
    assert second["evaluation_text"] == "–"


# --- Under focus areas ------------------------------------------------------------------


def _initiative(plan, title, *, area=None, number="", order=0, level="", source=None):
    from kompetenceplan.plans.models import Initiative, number_sort_key

    initiative = Initiative.objects.create(
        plan=plan,
        number=number,
        display_order=order,
        sort_key=number_sort_key(number, order),
        focus_area=area,
        title=title,
        level=level,
    )
    if source is not None:
        Allocation.objects.create(
            source=source, initiative=initiative, year=2025, amount=Decimal(10000)
        )
    return initiative


def _grouped_plan(world, pool):
    """Two focus areas, "1. Stærke Fællesskaber" and "2. Sprog", made and filled
    out of order, and "0.5 Uden område" without a focus area (last, whatever
    its number); 1.2 is for leaders."""
    from kompetenceplan.plans.models import FocusArea

    plan = make_plan(world.ishoj, slug="grupper", initiatives=0)
    first = plan.focus_areas.get()
    second = FocusArea.objects.create(plan=plan, number="2", title="Sprog")
    _initiative(plan, "Uden område", number="0.5", source=pool)
    _initiative(plan, "Sprogvejledning", area=second, number="2.1", source=pool)
    _initiative(plan, "Ledelse", area=first, number="1.2", level="leadership", source=pool)
    _initiative(plan, "Fællesskaber", area=first, number="1.1", source=pool)
    return plan


GROUPED = [
    ("1. Stærke Fællesskaber", ["1.1 Fællesskaber", "1.2 Ledelse"]),
    ("2. Sprog", ["2.1 Sprogvejledning"]),
    ("Uden indsatsområde", ["0.5 Uden område"]),
]


def _in_order(text: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _flat(groups) -> list[str]:
    return [text for heading, labels in groups for text in (heading, *labels)]


def test_initiatives_stand_under_their_focus_areas(client, world, pool):
    """Data, page, PDF and Word: the plan's focus areas in order with their
    initiatives by number, those without a focus area last under "Uden
    indsatsområde", the level under the title, one total row."""
    from kompetenceplan.reports.documents import STATUS_HEADER, status_rows

    plan = _grouped_plan(world, pool)
    data = selectors.status_report_data(plan, 2025)
    assert [(g["heading"], [r["label"] for r in g["initiatives"]]) for g in data["groups"]] == (
        GROUPED
    )
    assert [r["label"] for r in data["initiatives"]] == [
        "1.1 Fællesskaber",
        "1.2 Ledelse",
        "2.1 Sprogvejledning",
        "0.5 Uden område",
    ]
    assert [r["level_label"] for r in data["initiatives"]] == ["", "Ledelsesniveau", "", ""]
    assert data["totals"]["allocated"] == Decimal(40000)
    rows = status_rows(data)
    assert [(r.kind, r.cells[0], r.level) for r in rows] == [
        ("group", "1. Stærke Fællesskaber", ""),
        ("initiative", "1.1 Fællesskaber", ""),
        ("initiative", "1.2 Ledelse", "Ledelsesniveau"),
        ("group", "2. Sprog", ""),
        ("initiative", "2.1 Sprogvejledning", ""),
        ("group", "Uden indsatsområde", ""),
        ("initiative", "0.5 Uden område", ""),
        ("total", "I alt", ""),
    ]

    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[plan.pk, 2025])).content.decode()
    table = html.split("<table")[1].split("</table>")[0]
    # One tbody per focus area, opened by a heading row across the table.
    assert table.count("<tbody>") == 3
    for heading, _ in GROUPED:
        assert f'<th colspan="7" scope="rowgroup">{heading}</th>' in table
    assert _in_order(table, _flat(GROUPED) + ["I alt"])
    assert (
        '<th scope="row">1.2 Ledelse<div class="kp-muted-text">Ledelsesniveau</div></th>' in table
    )
    assert table.count("10.000 kr.") == 4 and "40.000 kr." in table

    pdf = _run(world, plan, 2025, "pdf").file.open("rb").read()
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert _in_order(text, _flat(GROUPED) + ["I alt – 40.000 kr."]), text
    assert "1.2 Ledelse Ledelsesniveau" in text
    structure = read_structure(pdf)
    headers = [normalise(e.text) for e in structure.find_all("/TH")]
    assert [h for h in headers if h in {g for g, _ in GROUPED}] == [g for g, _ in GROUPED]

    docx = Document(io.BytesIO(_run(world, plan, 2025, "docx").file.open("rb").read()))
    [table] = docx.tables
    firsts = [row.cells[0].text for row in table.rows]
    assert firsts == [
        "Indsats",
        "1. Stærke Fællesskaber",
        "1.1 Fællesskaber",
        "1.2 Ledelse\nLedelsesniveau",
        "2. Sprog",
        "2.1 Sprogvejledning",
        "Uden indsatsområde",
        "0.5 Uden område",
        "I alt",
    ]
    # Heading rows span the table: one cell, read back once per column.
    for index in (1, 4, 6):
        assert len({id(c._tc) for c in table.rows[index].cells}) == 1
    assert tuple(c.text for c in table.rows[0].cells) == STATUS_HEADER
    assert table.rows[-1].cells[5].text == "40.000 kr."


def test_a_plan_without_focus_areas_has_no_headings(client, world, pool):
    """Viborg's plan has no focus areas: one table, no "Uden indsatsområde"."""
    from kompetenceplan.reports.documents import status_rows

    plan = make_plan(world.ishoj, slug="uden", initiatives=0)
    plan.focus_areas.all().delete()
    _initiative(plan, "Anden", number="2", source=pool)
    _initiative(plan, "Første", number="1", source=pool)
    data = selectors.status_report_data(plan, 2025)
    assert [r.cells[0] for r in status_rows(data)] == ["1 Første", "2 Anden", "I alt"]
    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[plan.pk, 2025])).content.decode()
    assert "rowgroup" not in html and "Uden indsatsområde" not in html


def test_same_title_in_two_focus_areas_and_the_level(client, world, pool):
    """Seed 004: numberless initiatives by display order, the periods as focus
    areas, one title in both, told apart by their headings; the level shown."""
    from kompetenceplan.plans.models import FocusArea

    plan = make_plan(world.ishoj, slug="demo", initiatives=0)
    plan.focus_areas.all().delete()
    early = FocusArea.objects.create(
        plan=plan, number="2018-2020", title="Strategiske aktiviteter 2018-2020"
    )
    late = FocusArea.objects.create(
        plan=plan, number="2020-2022", title="Strategiske aktiviteter 2020-2022"
    )
    same = "Handleplan og kompetenceudvikling vedr. læsning"
    _initiative(plan, same, area=late, order=4, level="staff")
    _initiative(plan, "Forandringsteam", area=early, order=2, level="leadership")
    _initiative(plan, same, area=early, order=1, level="staff")
    _initiative(plan, "Pejlemærker for kvalitet", area=late, order=3)
    expected = [
        ("2018-2020. Strategiske aktiviteter 2018-2020", [same, "Forandringsteam"]),
        ("2020-2022. Strategiske aktiviteter 2020-2022", ["Pejlemærker for kvalitet", same]),
    ]
    data = selectors.status_report_data(plan, 2025)
    assert [
        (g["heading"], [r["label"] for r in g["initiatives"]]) for g in data["groups"]
    ] == expected
    assert [r["level_label"] for r in data["initiatives"]] == [
        "Medarbejderniveau",
        "Ledelsesniveau",
        "",
        "Medarbejderniveau",
    ]

    client.force_login(world.users.viewer)
    html = client.get(reverse("reports:status_report", args=[plan.pk, 2025])).content.decode()
    table = html.split("<table")[1].split("</table>")[0]
    assert _in_order(table, _flat(expected))
    assert table.count(f"{same}<div") == 2 and "Uden indsatsområde" not in table
    assert '<div class="kp-muted-text">Ledelsesniveau</div>' in table

    pdf = _run(world, plan, 2025, "pdf").file.open("rb").read()
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert _in_order(text, _flat(expected)), text
    assert f"{same} Medarbejderniveau" in text and "Forandringsteam Ledelsesniveau" in text

    docx = Document(io.BytesIO(_run(world, plan, 2025, "docx").file.open("rb").read()))
    firsts = [row.cells[0].text for row in docx.tables[0].rows]
    assert firsts == [
        "Indsats",
        expected[0][0],
        f"{same}\nMedarbejderniveau",
        "Forandringsteam\nLedelsesniveau",
        expected[1][0],
        "Pejlemærker for kvalitet",
        f"{same}\nMedarbejderniveau",
        "I alt",
    ]


def _synthetic(areas: list[tuple[str, int]]) -> dict:
    """status_report_data's shape for the PDF alone: ``areas`` of (heading,
    number of rows), each row a two-line title."""
    zero = {
        "cohorts": 0,
        "completed": 0,
        "participants": 0,
        "seats": 0,
        "has_dated": False,
        "allocated": Decimal(0),
        "spent": Decimal(0),
        "has_undated": False,
        "undated_allocated": Decimal(0),
        "undated_spent": Decimal(0),
    }
    groups = [
        {
            "heading": heading,
            "initiatives": [
                {
                    **zero,
                    "label": f"Indsats {a}-{n} med en lang titel, der fylder to linjer "
                    "i tabellen i et liggende A4-dokument til udvalget",
                    "status_label": "Planlagt",
                    "status_note": "",
                    "rollout": None,
                    "evaluation": None,
                    "evaluation_text": "–",
                    "level_label": "",
                    "focus_area": heading,
                    "focus_area_label": heading,
                }
                for n in range(count)
            ],
        }
        for a, (heading, count) in enumerate(areas)
    ]
    return {
        "title": "Status 2025: Plan",
        "plan_title": "Plan",
        "municipality_label": "Ishøj Kommune",
        "year_label": "2025",
        "period": "2025–2026",
        "generated": "1. december 2025",
        "groups": groups,
        "initiatives": [r for g in groups for r in g["initiatives"]],
        "totals": zero,
    }


def test_a_heading_row_is_not_left_alone_at_the_foot_of_a_page():
    """However many rows come before it, the second focus area's heading row
    is on the page of its first initiative, and the page header names the
    focus area a continued page begins in."""
    from kompetenceplan.reports.documents import render_status_pdf

    # Without break-after: avoid, 8 rows leave the heading alone at the foot of page 1.
    for before in range(6, 11):
        pdf = render_status_pdf(_synthetic([("1. Første", before), ("2. Andet", 3)]))
        pages = [normalise(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
        body = [t.replace("Ishøj Kommune 2. Andet Status", "") for t in pages]
        [heading_page] = [i for i, t in enumerate(body) if "2. Andet" in t]
        first_row = next(i for i, t in enumerate(pages) if "Indsats 1-0 med" in t)
        assert heading_page == first_row, before
        for text in pages[1:]:
            area = int(re.search(r"Indsats (\d)-\d+ med", text).group(1))
            header = ("1. Første", "2. Andet")[area]
            assert f"Ishøj Kommune {header} Status 2025: Plan" in text, (before, text[-80:])


GROUPED_DOCUMENT_QUERIES = 11


def test_focus_areas_cost_no_queries_each(client, world, pool):
    """The page and the document builder run as many queries for one focus
    area of two initiatives as for five of three each plus one without."""
    from kompetenceplan.plans.models import FocusArea

    client.force_login(world.users.viewer)
    page, built = {}, {}
    for areas, each, loose in ((1, 2, 0), (5, 3, 1)):
        plan = make_plan(world.ishoj, slug=f"omraader-{areas}", initiatives=0)
        plan.focus_areas.all().delete()
        for a in range(1, areas + 1):
            area = FocusArea.objects.create(plan=plan, number=str(a), title=f"Område {a}")
            add_initiatives(plan, area, each, source=pool, start=a * 10)
        for n in range(loose):
            _initiative(plan, f"Løs {n}", number=f"9.{n}", source=pool)
        url = reverse("reports:status_report", args=[plan.pk, 2025])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert html.count('scope="rowgroup"') == areas + (1 if loose else 0)
        assert html.count("10.000 kr.") == areas * each + loose
        page[areas] = len(queries)
        for fmt in ("pdf", "docx"):
            job = DocumentJob.objects.create(
                municipality=world.ishoj,
                plan=plan,
                format=fmt,
                kind=DocumentKind.STATUS_REPORT,
                year=2025,
                filename=f"status.{fmt}",
            )
            with CaptureQueriesContext(connection) as queries:
                assert services._render_job(DocumentJob.objects.get(pk=job.pk))
            built[areas, fmt] = len(queries)
    assert page == {1: QUERIES, 5: QUERIES}
    assert built == {(n, f): GROUPED_DOCUMENT_QUERIES for n in (1, 5) for f in ("pdf", "docx")}
