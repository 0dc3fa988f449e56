"""Sending the surveys (docs/evaluation.md, "Udsendelse"): made when their
moment comes, each participant gets each survey once, however often the
command runs; the transfer follow-up goes to the participants' leaders, once."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from kompetenceplan.cohorts.tests.factories import aware, make_cohort, make_session
from kompetenceplan.evaluation import schedule, services, tokens
from kompetenceplan.evaluation.choices import SurveyKind
from kompetenceplan.evaluation.models import Survey, SurveyLink, SurveyResponse

from .factories import enrol, make_eval_world

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def course(world):
    """A new cohort of 2.2 with three sessions (1, 15 and 29 October 2026) and
    the six participants of the eval world."""
    o = make_eval_world(world, answers=0)
    Survey.objects.all().delete()
    cohort = make_cohort(o.initiative, "Sproghold 2", capacity=25, school_year="2026/27")
    for day in (1, 15, 29):
        make_session(cohort, aware(2026, 10, day))
    enrol(cohort, o.people)
    o.course = cohort
    world.users.leader.email = "leder-a@ishoj.dk"
    world.users.leader.save()
    return o


def run(day, capture, **kwargs):
    with capture(execute=True):
        return services.evaluations_send(today=day, **kwargs)


def test_moments():
    ends = [dt.date(2026, 10, 1), dt.date(2026, 10, 15), dt.date(2026, 10, 29)]
    assert schedule.moments(ends, 3) == {
        "formative": dt.date(2026, 10, 15),
        "summative": dt.date(2026, 10, 29),
        "transfer": dt.date(2027, 1, 29),
    }
    assert schedule.moments(ends[:1], 3) == {
        "summative": dt.date(2026, 10, 1),
        "transfer": dt.date(2027, 1, 1),
    }
    assert schedule.moments([], 3) == {}
    assert schedule.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_each_participant_gets_each_survey_once(world, course, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    assert run(dt.date(2026, 10, 10), capture).surveys == 0  # before midway
    first = run(dt.date(2026, 10, 16), capture)
    assert (first.surveys, first.enqueued) == (1, 6)
    assert len(mail.outbox) == 6
    assert {m.to[0] for m in mail.outbox} == {p.email for p in course.people}
    message = mail.outbox[0]
    assert message.subject == "Evaluering: Sproghold 2"
    assert "Dine svar gemmes anonymt" in message.body
    assert re.search(r"/evaluering/svar/[A-Za-z0-9_-]{40,}/", message.body)
    # Again the same day, and the next days: nothing new.
    for day in (16, 17, 20):
        again = run(dt.date(2026, 10, day), capture)
        assert (again.surveys, again.enqueued) == (0, 0)
    assert len(mail.outbox) == 6
    # The end: the summative survey, once.
    run(dt.date(2026, 10, 30), capture)
    run(dt.date(2026, 10, 30), capture)
    assert len(mail.outbox) == 12
    assert set(Survey.objects.filter(cohort=course.course).values_list("kind", flat=True)) == {
        "formative",
        "summative",
    }
    assert SurveyLink.objects.filter(sent_at__isnull=True).count() == 0
    # Sending a sent link again does nothing.
    link = SurveyLink.objects.first()
    assert services.deliver_link(link.pk) is False
    assert len(mail.outbox) == 12


def test_the_transfer_follow_up_goes_to_the_leaders_once(
    world, course, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run(dt.date(2026, 10, 30), capture)
    sent = len(mail.outbox)
    assert run(dt.date(2027, 1, 28), capture).surveys == 0
    assert run(dt.date(2027, 1, 29), capture).surveys == 1
    assert run(dt.date(2027, 2, 1), capture).surveys == 0
    transfer = mail.outbox[sent:]
    # One e-mail per participant, to school A's leader.
    assert len(transfer) == 6 and {tuple(m.to) for m in transfer} == {("leder-a@ishoj.dk",)}
    assert "Anne Andersen" in " ".join(m.subject for m in transfer)
    assert "transfer" in transfer[0].body


def test_the_template_or_the_municipality_sets_the_months(
    world, course, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    services.settings_update(actor=None, municipality=world.ishoj, transfer_months=6)
    run(dt.date(2026, 10, 30), capture)
    assert run(dt.date(2027, 1, 29), capture).surveys == 0
    assert run(dt.date(2027, 4, 29), capture).surveys == 1
    Survey.objects.filter(kind=SurveyKind.TRANSFER).delete()
    template = course.templates[SurveyKind.TRANSFER]
    template.transfer_months = 4
    template.save()
    assert run(dt.date(2027, 3, 1), capture).surveys == 1


def test_an_old_cohort_gets_no_survey(world, course, django_capture_on_commit_callbacks):
    assert run(dt.date(2027, 6, 1), django_capture_on_commit_callbacks).surveys == 0


def test_no_active_template_no_survey(world, course, django_capture_on_commit_callbacks):
    course.templates[SurveyKind.FORMATIVE].active = False
    course.templates[SurveyKind.FORMATIVE].save()
    assert run(dt.date(2026, 10, 16), django_capture_on_commit_callbacks).surveys == 0


def test_a_failed_link_is_sent_by_the_next_run(
    world, course, settings, django_capture_on_commit_callbacks
):
    anne = course.people[0]
    anne.email = ""
    anne.save()
    run(dt.date(2026, 10, 16), django_capture_on_commit_callbacks)
    link = SurveyLink.objects.get(person=anne)
    assert link.sent_at is None and link.error == "Ingen e-mail-adresse at sende til."
    assert len(mail.outbox) == 5
    anne.email = "anne@ishoj.dk"
    anne.save()
    again = run(dt.date(2026, 10, 17), django_capture_on_commit_callbacks)
    assert (again.surveys, again.enqueued) == (0, 1)
    assert [m.to for m in mail.outbox[5:]] == [["anne@ishoj.dk"]]


def test_the_command_twice_in_a_row(world, course, django_capture_on_commit_callbacks):
    for _ in range(2):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "send_evaluations", "--municipality", "183", "--date", "2026-10-30", stdout=out
            )
    assert out.getvalue() == "0 nye evalueringer; 0 svarlinks sat i kø til afsendelse.\n"
    assert len(mail.outbox) == 12  # midway and end, six each


def test_the_command_refuses_an_unknown_municipality(db):
    with pytest.raises(CommandError, match="Ukendt kommunekode: 999"):
        call_command("send_evaluations", "--municipality", "999")


def test_answering_once_anonymously(world, course, django_capture_on_commit_callbacks):
    run(dt.date(2026, 10, 16), django_capture_on_commit_callbacks)
    token = re.search(r"/evaluering/svar/([A-Za-z0-9_-]+)/", mail.outbox[0].body).group(1)
    survey = Survey.objects.get(cohort=course.course)
    likert, text = survey.template.questions.order_by("position")
    services.answer_submit(
        token=token, answers={likert.pk: 5, text.pk: "Godt"}, today=dt.date(2026, 10, 20)
    )
    link = tokens.link_for_token(token)
    assert link.used is True
    response = SurveyResponse.objects.get(survey=survey)
    assert set(response.answers.values_list("value", "text")) == {(None, "Godt"), (5, "")}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="allerede svaret"):
        services.answer_submit(token=token, answers={likert.pk: 1}, today=dt.date(2026, 10, 20))
    assert SurveyResponse.objects.count() == 1
    # The token is stored only as its hash.
    assert token not in str(list(SurveyLink.objects.values_list()))


def test_answering_is_refused_when_closed_or_incomplete(
    world, course, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    run(dt.date(2026, 10, 16), django_capture_on_commit_callbacks)
    tokens = re.findall(r"/evaluering/svar/([A-Za-z0-9_-]+)/", "".join(m.body for m in mail.outbox))
    survey = Survey.objects.get(cohort=course.course)
    likert, text = survey.template.questions.order_by("position")
    likert.required = True
    likert.save()
    with pytest.raises(ValidationError, match="Evalueringen er lukket"):
        services.answer_submit(token=tokens[0], answers={likert.pk: 4}, today=dt.date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.answer_submit(token=tokens[0], answers={text.pk: "x"}, today=dt.date(2026, 10, 20))
    assert error.value.message_dict == {f"q{likert.pk}": ["Besvar spørgsmålet."]}
    with pytest.raises(ValidationError, match="Evalueringen er lukket"):
        services.answer_submit(token="gæt", answers={likert.pk: 4})
    assert SurveyResponse.objects.count() == 0


def test_the_task_runs_the_sweep(world, course):
    from kompetenceplan.evaluation.tasks import send_evaluations

    Survey.objects.filter(cohort=course.course).delete()
    sessions = list(course.course.sessions.order_by("starts_at"))
    now = aware(2026, 1, 1).replace(year=dt.date.today().year, month=dt.date.today().month)
    for index, session in enumerate(sessions):  # held in the last days before today
        start = now.replace(day=1) + dt.timedelta(days=index) - dt.timedelta(days=5)
        session.starts_at, session.ends_at = start, start + dt.timedelta(hours=5)
        session.save()
    result = send_evaluations.enqueue()
    assert result.return_value == 2  # midway and end
