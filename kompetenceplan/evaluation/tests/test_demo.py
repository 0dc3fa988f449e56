"""The demo's evaluation: Ishøj's three templates, the language course's
surveys with five or more answers (shown) and the learning day's with four
(hidden); loading again changes nothing."""

import pytest
from django.core.management import call_command

from kompetenceplan.core import registry
from kompetenceplan.core.models import Municipality
from kompetenceplan.evaluation import demo
from kompetenceplan.evaluation.models import Answer, Survey, SurveyLink, SurveyTemplate
from kompetenceplan.evaluation.selectors import group_result


@pytest.mark.django_db
def test_demo_evaluation_shows_and_hides_and_loads_once():
    call_command("load_demo", quiet_logins=True)
    ishoj = Municipality.objects.get(code="183")
    assert SurveyTemplate.objects.filter(municipality=ishoj, active=True).count() == 3
    results = {
        (s.cohort.name, s.kind): group_result(Survey.objects.filter(pk=s.pk))
        for s in Survey.objects.select_related("cohort")
    }
    shown = {key: (r.shown, r.responses) for key, r in results.items()}
    assert shown == {
        (demo.LANGUAGE_COURSE, "formative"): (True, 14),
        (demo.LANGUAGE_COURSE, "summative"): (True, 17),
        (demo.LANGUAGE_COURSE, "transfer"): (True, 6),
        (demo.LEARNING_DAY, "summative"): (False, 0),  # 4: hidden, not even counted
    }
    summative = results[demo.LANGUAGE_COURSE, "summative"]
    assert any(q.texts for q in summative.questions)
    assert SurveyLink.objects.filter(sent_at__isnull=True).count() == 0
    assert SurveyLink.objects.filter(used=True).count() == 14 + 17 + 6 + 4

    def counts():
        return (SurveyTemplate.objects.count(), Survey.objects.count(), Answer.objects.count())

    before = counts()
    demo.load(registry.DemoRun(municipalities={"183": ishoj}))
    assert counts() == before
