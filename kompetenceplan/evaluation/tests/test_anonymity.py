"""The anonymity rule (docs/evaluation.md, "Anonymitet"): no page, export or
selector shows anything of a group of fewer than five answers. Each is tried
with four answers (hidden) and with five (shown); free texts count on their
own (a group of five where only four wrote a text hides the texts)."""

import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kompetenceplan.evaluation.choices import SurveyKind
from kompetenceplan.evaluation.selectors import HIDDEN_TEXT, MIN_GROUP, evaluation_summary

from .factories import LIKERT, SECRET, TEXT, answer, make_eval_world

pytestmark = pytest.mark.django_db

HIDDEN = str(HIDDEN_TEXT)


def test_the_one_constant():
    assert MIN_GROUP == 5
    assert HIDDEN == "Færre end 5 svar – resultatet vises ikke"


def pages(o) -> list[str]:
    return [
        reverse("evaluation:cohort_results", args=[o.cohort.pk]),
        reverse("evaluation:initiative_results", args=[o.initiative.pk]),
        reverse("evaluation:initiative_results", args=[o.initiative.pk]) + "?aar=2025/26",
        reverse("evaluation:focus_area_results", args=[o.area.pk]),
    ]


def xlsx_text(content: bytes) -> str:
    book = load_workbook(BytesIO(content))
    return "\n".join(
        ";".join("" if v is None else str(v) for v in row)
        for row in book.active.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("role", ["admin", "leader", "viewer"])
@pytest.mark.parametrize("answers", [4, 5])
def test_every_page_and_export(client, world, role, answers):
    o = make_eval_world(world, answers=answers)
    client.force_login(getattr(world.users, role))
    shown = answers >= MIN_GROUP
    for url in pages(o):
        body = client.get(url).content.decode()
        assert (HIDDEN in body) is not shown, url
        assert (SECRET in body) is shown, url
        assert ("Gennemsnit 4,0 af 5 svar" in body) is shown, url
        assert (LIKERT in body) is shown, url
        sep = "&" if "?" in url else "?"
        csv = client.get(f"{url}{sep}export=csv").content.decode()
        xlsx = xlsx_text(client.get(f"{url}{sep}export=xlsx").content)
        for text in (csv, xlsx):
            assert (HIDDEN in text) is not shown, url
            assert (SECRET in text) is shown, url
            assert (LIKERT in text) is shown, url
    overview = client.get(reverse("evaluation:overview")).content.decode()
    assert ("færre end 5 svar" in overview) is not shown
    assert (", 5 svar" in overview) is shown


@pytest.mark.parametrize("answers", [4, 5])
def test_the_status_report_selector(world, answers):
    o = make_eval_world(world, answers=answers)
    summary = evaluation_summary(initiative=o.initiative, school_year="2025/26")
    if answers < MIN_GROUP:
        assert summary is None
    else:
        assert summary.responses == 5 and summary.mean == 4.0
        assert summary.questions == [(LIKERT, 4.0)]
    assert evaluation_summary(initiative=o.initiative, school_year="2026/27") is None
    assert (
        evaluation_summary(
            initiative=o.initiative, school_year="2025/26", kind=SurveyKind.FORMATIVE
        )
        is None
    )


@pytest.mark.parametrize("texts", [4, 5])
def test_free_texts_need_five_of_their_own(client, world, texts):
    o = make_eval_world(world, answers=0)
    answer(o.survey, 7, texts=texts)
    client.force_login(world.users.consultant)
    for url in pages(o):
        body = client.get(url).content.decode()
        assert "7 besvarelser" in body and "Gennemsnit 4,0 af 7 svar" in body
        assert (SECRET in body) is (texts >= 5), url
        assert (HIDDEN in body) is (texts < 5), url
        assert TEXT in body
        sep = "&" if "?" in url else "?"
        csv = client.get(f"{url}{sep}export=csv").content.decode()
        assert (SECRET in csv) is (texts >= 5)


def _second_cohort(o, world, answers, texts=None):
    from kompetenceplan.cohorts.tests.factories import make_cohort
    from kompetenceplan.evaluation.models import Answer, Survey

    other = make_cohort(o.initiative, "Sproghold 2", capacity=25)
    survey = Survey.objects.create(
        municipality=world.ishoj, cohort=other, kind=SurveyKind.SUMMATIVE, template=o.template
    )
    answer(survey, answers, texts=texts, value=1)
    Answer.objects.filter(response__survey=survey, text__startswith=SECRET).update(
        text="Andet holds tekst"
    )
    return other


def test_small_cohorts_do_not_add_up_to_a_shown_group(client, world):
    """Two cohorts of 3: each hidden, and the initiative too (a sum of small
    groups would be subtracted back into them by the cohort pages)."""
    o = make_eval_world(world, answers=3)
    other = _second_cohort(o, world, 3)
    client.force_login(world.users.admin)
    for url in [
        reverse("evaluation:cohort_results", args=[o.cohort.pk]),
        reverse("evaluation:cohort_results", args=[other.pk]),
        reverse("evaluation:initiative_results", args=[o.initiative.pk]),
        reverse("evaluation:focus_area_results", args=[o.area.pk]),
    ]:
        body = client.get(url).content.decode()
        assert HIDDEN in body and SECRET not in body and "besvarelser" not in body, url
    assert evaluation_summary(initiative=o.initiative, school_year="2025/26") is None


def test_no_subtraction_reveals_a_small_cohort(client, world):
    """Cohort 1 has 5 answers (all 4), cohort 2 has 3 (all 1): the
    initiative shows cohort 1's five only, so initiative minus cohort 1 is
    nothing; cohort 2's free texts are nowhere."""
    o = make_eval_world(world, answers=5)
    _second_cohort(o, world, 3)
    client.force_login(world.users.admin)
    for url in [
        reverse("evaluation:initiative_results", args=[o.initiative.pk]),
        reverse("evaluation:focus_area_results", args=[o.area.pk]),
    ]:
        body = client.get(url).content.decode()
        assert "5 besvarelser" in body and "Gennemsnit 4,0 af 5 svar" in body, url
        assert "tælles ikke med" in body
        assert "Andet holds tekst" not in body
        csv = client.get(url + "?export=csv").content.decode()
        assert "Andet holds tekst" not in csv and ";1;" not in csv.replace(";1;0", "")
    summary = evaluation_summary(initiative=o.initiative, school_year="2025/26")
    assert summary.responses == 5 and summary.mean == 4.0


def test_no_subtraction_reveals_a_small_question(client, world):
    """Cohort 2 has 6 answers but only 3 free texts: its Likert answers
    count, its texts do not (not even inside the initiative's list)."""
    o = make_eval_world(world, answers=5)
    _second_cohort(o, world, 6, texts=3)
    client.force_login(world.users.admin)
    body = client.get(
        reverse("evaluation:initiative_results", args=[o.initiative.pk])
    ).content.decode()
    assert "11 besvarelser" in body and "af 11 svar" in body
    assert SECRET in body and "Andet holds tekst" not in body


def test_a_response_names_nobody():
    """The model itself: a response has no person, user, link or time."""
    from kompetenceplan.evaluation.models import Answer, SurveyResponse

    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert fields == {"id", "survey", "answers"}
    assert {f.name for f in Answer._meta.get_fields()} == {
        "id",
        "response",
        "question",
        "value",
        "text",
    }


@pytest.mark.parametrize("answers", [4, 5])
def test_the_initiative_page_panel(client, world, answers):
    o = make_eval_world(world, answers=answers)
    client.force_login(world.users.viewer)
    body = client.get(reverse("plans:initiative_detail", args=[o.initiative.pk])).content.decode()
    assert "Se evalueringens resultater" in body
    assert ("færre end 5 svar" in body) is (answers < MIN_GROUP)
    assert ("<td>5</td>" in body) is (answers >= MIN_GROUP)
    client.force_login(world.users.staff)
    body = client.get(reverse("plans:initiative_detail", args=[o.initiative.pk])).content.decode()
    assert "Se evalueringens resultater" not in body


@pytest.mark.parametrize("answers", [4, 5])
def test_the_other_surfaces_that_summarise_answers(client, world, answers):
    """The cohort page's panel, the leader's overview and the committee's
    status report (page, PDF and Word) follow the same rule as the results
    pages: a mean only from five answers."""
    from docx import Document
    from pypdf import PdfReader

    from kompetenceplan.reports.documents import render_status_docx, render_status_pdf
    from kompetenceplan.reports.selectors import status_report_data

    o = make_eval_world(world, answers=answers)
    shown = answers >= MIN_GROUP
    client.force_login(world.users.admin)
    cohort_page = client.get(reverse("cohorts:cohort_detail", args=[o.cohort.pk]))
    body = cohort_page.content.decode()
    assert ("For få svar til at vise resultater" in body) is not shown
    assert (LIKERT in body) is False  # the panel links to the results, never quotes them
    report_url = reverse("reports:status_report", args=[o.plan.pk, 2025])
    body = client.get(report_url).content.decode()
    assert ("Gennemsnit 4,0 af 5 (5 svar)" in body) is shown
    assert ("Færre end 5 svar" in body) is not shown
    data = status_report_data(o.plan, 2025)
    pdf = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_status_pdf(data))).pages
    )
    docx = "\n".join(
        cell.text
        for table in Document(io.BytesIO(render_status_docx(data))).tables
        for row in table.rows
        for cell in row.cells
    )
    for text in (pdf, docx):
        assert ("Gennemsnit 4,0 af 5" in text) is shown
        assert ("Færre end 5 svar" in text) is not shown
        assert (LIKERT in text) is (shown and text is pdf)  # the PDF lists the questions
    client.force_login(world.users.leader)
    overview = client.get(reverse("core:my_institution"), follow=True).content.decode()
    assert "Evaluering af holdene" in overview
    assert ("færre end 5 svar" in overview) is not shown
    assert (f"<td>{answers}</td>" in overview) is shown
