"""The count the overviews read (frontpage, docs/overviews.md): transfer
follow-ups sent to the leaders and not yet answered, per institution."""

import datetime as dt

import pytest
from django.utils import timezone

from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.evaluation.models import Survey, SurveyLink
from kompetenceplan.evaluation.selectors import transfer_followups_awaiting
from kompetenceplan.funding.tests.factories import make_initiative, make_plan

from .factories import make_templates

pytestmark = pytest.mark.django_db


def test_transfer_followups_awaiting_counts_sent_unanswered_open_links(world):
    templates = make_templates(world.ishoj)
    initiative = make_initiative(make_plan(world.ishoj), "1.1")
    today = dt.date(2026, 3, 1)

    def survey(kind="transfer", closes_on=None):
        return Survey.objects.create(
            municipality=world.ishoj,
            cohort=make_cohort(initiative, f"Hold {Survey.objects.count()}"),
            template=templates[kind],
            kind=kind,
            closes_on=closes_on,
        )

    open_transfer, closed = survey(), survey(closes_on=dt.date(2026, 2, 1))
    summative = survey("summative")
    sent = timezone.now()
    SurveyLink.objects.create(survey=open_transfer, person=world.person_a, sent_at=sent)
    SurveyLink.objects.create(survey=open_transfer, person=world.person_a2, sent_at=sent, used=True)
    SurveyLink.objects.create(survey=open_transfer, person=world.person_b)  # not sent yet
    SurveyLink.objects.create(survey=closed, person=world.person_b, sent_at=sent)
    SurveyLink.objects.create(survey=summative, person=world.person_b, sent_at=sent)
    ids = [world.school_a.pk, world.school_b.pk]
    assert transfer_followups_awaiting(institution_ids=ids, today=today) == {world.school_a.pk: 1}
