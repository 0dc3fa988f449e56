"""The demo's mandatory rules: Ishøj's dyslexia course for new teachers and
ICDP for pedagogues in day care show a mix of done, overdue and due soon;
loading them again changes nothing."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from kompetenceplan.cohorts.models import Cohort, CourseCompletion, Enrolment
from kompetenceplan.competences import demo_rules
from kompetenceplan.competences.models import MandatoryRule, Qualification
from kompetenceplan.competences.rules import compliance_items
from kompetenceplan.core import registry
from kompetenceplan.core.models import Municipality


@pytest.mark.django_db
def test_demo_rules_show_a_mix_and_load_once():
    call_command("load_demo", quiet_logins=True)
    ishoj = Municipality.objects.get(code="183")
    items = compliance_items(municipality_id=ishoj.pk, today=dt.date(2026, 11, 30))
    by_rule = {
        rule: Counter(i.status for i in items if i.rule.name == rule)
        for rule in (demo_rules.DYSLEXIA_RULE, demo_rules.ICDP_RULE)
    }
    for rule, counts in by_rule.items():
        assert {"done", "overdue", "due_soon", "due"} <= set(counts), (rule, counts)
    dyslexia = MandatoryRule.objects.get(name=demo_rules.DYSLEXIA_RULE)
    assert (dyslexia.initiative.number, dyslexia.deadline_days) == ("2.7", 180)
    icdp = MandatoryRule.objects.get(name=demo_rules.ICDP_RULE)
    assert (icdp.initiative.number, icdp.qualification_kind) == ("1.3", "icdp_1")

    def counts():
        return (
            MandatoryRule.objects.count(),
            Cohort.objects.count(),
            Enrolment.objects.count(),
            CourseCompletion.objects.count(),
            Qualification.objects.count(),
        )

    before = counts()
    demo_rules.load(registry.DemoRun(municipalities={"183": ishoj}))
    assert counts() == before
