"""The cohort page's evaluation panel (object panel, slot "evaluation") and
the survey status the overviews read (docs/evaluation.md)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.evaluation import selectors
from kompetenceplan.evaluation.models import Survey, SurveyLink

from .factories import answer, enrol, make_eval_world

pytestmark = pytest.mark.django_db

HIDDEN = "For få svar til at vise resultater"


def _send_all(survey) -> None:
    SurveyLink.objects.filter(survey=survey).update(sent_at=timezone.now())


@pytest.mark.parametrize("answers", [4, 5])
def test_the_panel_shows_the_answers_only_from_five(client, world, answers):
    o = make_eval_world(world, answers=answers)
    _send_all(o.survey)
    client.force_login(world.users.consultant)
    page = client.get(reverse("cohorts:cohort_detail", args=[o.cohort.pk])).content.decode()
    panel = page[page.index('id="evaluering"') :]
    assert "<td>Slutevaluering</td>" in panel
    assert "6 deltagere" in panel  # six participants, six links sent
    results = reverse("evaluation:cohort_results", args=[o.cohort.pk])
    if answers == 5:
        assert "<td>5</td>" in panel and results in panel and HIDDEN not in panel
    else:
        assert HIDDEN in panel and "færre end 5 svar" in panel
        assert results not in panel and "<td>4</td>" not in panel


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", True),
        ("consultant", True),
        ("leader", True),
        ("viewer", True),
        ("staff", False),
        ("coordinator", False),
    ],
)
def test_only_result_readers_see_the_panel(client, world, role, sees):
    o = make_eval_world(world, answers=5)
    client.force_login(getattr(world.users, role))
    response = client.get(reverse("cohorts:cohort_detail", args=[o.cohort.pk]))
    assert response.status_code == 200
    assert ('id="evaluering"' in response.content.decode()) is sees


def test_a_cohort_without_surveys_has_no_panel(client, world):
    o = make_eval_world(world)
    other = make_cohort(o.initiative, "Uden evaluering")
    client.force_login(world.users.admin)
    page = client.get(reverse("cohorts:cohort_detail", args=[other.pk])).content.decode()
    assert 'id="evaluering"' not in page


def test_survey_status_of_an_institution_and_open_surveys_per_institution(world):
    """School A's six participants took the held cohort (summative, 5 answers,
    no closing day: open). A second cohort of this school year has Carl
    (school B) and a formative survey closed yesterday with 2 answers."""
    o = make_eval_world(world, answers=5)
    _send_all(o.survey)
    today = timezone.localdate()
    second = make_cohort(o.initiative, "Sproghold 2", school_year=o.cohort.school_year)
    enrol(second, [world.person_b], status="enrolled")
    closed = Survey.objects.create(
        municipality=world.ishoj,
        cohort=second,
        kind="formative",
        template=o.templates["formative"],
        closes_on=today - dt.timedelta(days=1),
    )
    answer(closed, 2)

    def status(user, school, school_year=o.cohort.school_year):
        return [
            (s.cohort.name, s.sent, s.is_open, s.shown, s.responses)
            for s in selectors.institution_survey_status(
                user=user, institution_id=school.pk, school_years=[school_year], today=today
            )
        ]

    assert status(world.users.leader, world.school_a) == [("Sproghold 1", 6, True, True, 5)]
    # 2 answers: no count.
    assert status(world.users.admin, world.school_b) == [("Sproghold 2", 0, False, False, 0)]
    # Another school year's closed survey is left out; an open one stays.
    assert status(world.users.admin, world.school_b, "2001/02") == []
    ids = [world.school_a.pk, world.school_b.pk, world.school_h.pk]
    assert selectors.open_surveys_by_institution(institution_ids=ids, today=today) == {
        world.school_a.pk: 1
    }
    # Anne (school A) leaves: the other five still count the survey at A.
    world.person_a.employments.update(end_date=today - dt.timedelta(days=1))
    assert selectors.open_surveys_by_institution(institution_ids=ids, today=today) == {
        world.school_a.pk: 1
    }
    # An employment of one of them at school B counts it there too.
    make_employment = o.people[1].employments.first()
    make_employment.pk = None
    make_employment.institution = world.school_b
    make_employment.save()
    assert selectors.open_surveys_by_institution(institution_ids=ids, today=today) == {
        world.school_a.pk: 1,
        world.school_b.pk: 1,
    }
