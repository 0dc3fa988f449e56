"""The anonymity rule (docs/evaluation.md, "Anonymitet"): no page, export or
selector shows anything of a group of fewer than five answers. Each is tried
with four answers (hidden) and with five (shown); free texts count on their
own (a group of five where only four wrote a text hides the texts)."""

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


def test_groups_add_up_across_cohorts_of_an_initiative(client, world):
    """Two cohorts of 3 answers: each cohort hidden, the initiative (6) shown."""
    from kompetenceplan.cohorts.tests.factories import make_cohort
    from kompetenceplan.evaluation.models import Survey

    o = make_eval_world(world, answers=3)
    other = make_cohort(o.initiative, "Sproghold 2", capacity=25)
    survey = Survey.objects.create(
        municipality=world.ishoj, cohort=other, kind=SurveyKind.SUMMATIVE, template=o.template
    )
    answer(survey, 3)
    client.force_login(world.users.admin)
    for cohort in (o.cohort, other):
        body = client.get(reverse("evaluation:cohort_results", args=[cohort.pk])).content.decode()
        assert HIDDEN in body and SECRET not in body
    body = client.get(
        reverse("evaluation:initiative_results", args=[o.initiative.pk])
    ).content.decode()
    assert "6 besvarelser" in body and SECRET in body


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
