"""Answering and sending under concurrency, with real threads on PostgreSQL:
one link gives one response, and two sending runs at once send each link once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from kompetenceplan.evaluation import services
from kompetenceplan.evaluation.models import SurveyLink, SurveyResponse
from kompetenceplan.testing.factories import run_in_threads

from .factories import make_eval_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def test_ten_threads_answer_with_one_link(world):
    o = make_eval_world(world, answers=0)
    likert = o.template.questions.order_by("position")[0]

    def submit():
        try:
            services.answer_submit(token=o.token, answers={likert.pk: 4})
        except ValidationError as exc:
            return exc.code
        return "ok"

    results, errors = run_in_threads(*([submit] * 10))
    assert errors == []
    assert sorted(results) == ["ok"] + ["used"] * 9
    assert SurveyResponse.objects.filter(survey=o.survey).count() == 1


def test_two_deliveries_of_the_same_links_at_once(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    o = make_eval_world(world, answers=0)
    ids = list(SurveyLink.objects.filter(survey=o.survey).values_list("pk", flat=True))

    def deliver_all():
        return sum(services.deliver_link(pk) for pk in ids)

    results, errors = run_in_threads(deliver_all, deliver_all)
    assert errors == []
    assert sum(results) == len(ids) == 6
    assert len(mail.outbox) == 6
    assert SurveyLink.objects.filter(sent_at__isnull=True).count() == 0
    # The links carry their new tokens' hashes only.
    assert all(len(h) == 64 for h in SurveyLink.objects.values_list("token_hash", flat=True))
