"""The compliance computation (competences/rules.py) with hand-computed dates."""

import datetime as dt

import pytest

from kompetenceplan.competences.choices import ComplianceStatus, QualificationKind, RuleTrigger
from kompetenceplan.competences.models import Qualification
from kompetenceplan.competences.rules import (
    DUE_SOON_DAYS,
    compliance_items,
    institution_compliance,
    leader_overdue_counts,
    status_for,
)
from kompetenceplan.organisation.models import Employment, JobRole, ResourceFunction
from kompetenceplan.testing.factories import make_person

from .rules_factories import TODAY, complete, make_rule, make_rules_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return make_rules_world(world)


OVERDUE, DUE_SOON, DUE, DONE = (
    ComplianceStatus.OVERDUE,
    ComplianceStatus.DUE_SOON,
    ComplianceStatus.DUE,
    ComplianceStatus.DONE,
)


def by_name(items):
    return {i.person.first_name: i for i in items}


def test_hired_on_a_date_with_180_days_is_due_exactly(world, rw):
    items = by_name(compliance_items(municipality_id=world.ishoj.pk, today=TODAY))
    # Hired 2 March 2026 + 180 days = 29 August 2026: 19 days after 10 August.
    assert items["Nina"].trigger_date == dt.date(2026, 3, 2)
    assert items["Nina"].due_on == dt.date(2026, 8, 29)
    assert items["Nina"].status == DUE_SOON
    # Hired 1 December 2025 + 180 days = 30 May 2026: overdue.
    assert items["Ole"].due_on == dt.date(2026, 5, 30)
    assert items["Ole"].status == OVERDUE
    # Hired 1 August 2020 + 180 days = 28 January 2021.
    assert items["Anne"].due_on == dt.date(2021, 1, 28)
    assert items["Anne"].status == OVERDUE
    # The pedagogue is no teacher; Horsens' people are not Ishøj's.
    assert set(items) == {"Nina", "Ole", "Anne", "Bo", "Carl"}
    assert items["Carl"].institution_ids == {world.school_b.pk}


def test_status_boundaries():
    due = dt.date(2026, 9, 9)  # exactly DUE_SOON_DAYS after TODAY
    assert due - TODAY == dt.timedelta(days=DUE_SOON_DAYS)
    assert status_for(due, False, TODAY) == DUE_SOON
    assert status_for(due + dt.timedelta(days=1), False, TODAY) == DUE
    assert status_for(TODAY, False, TODAY) == DUE_SOON  # due today is not overdue yet
    assert status_for(TODAY - dt.timedelta(days=1), False, TODAY) == OVERDUE
    assert status_for(TODAY - dt.timedelta(days=1), True, TODAY) == DONE


def test_a_completion_of_a_cohort_of_the_initiative_is_done(world, rw):
    complete(rw.ole, rw.held, dt.date(2026, 6, 15))
    items = by_name(compliance_items(municipality_id=world.ishoj.pk, today=TODAY))
    assert items["Ole"].status == DONE
    assert items["Ole"].done_on == dt.date(2026, 6, 15)


def test_applies_from_leaves_out_earlier_hires(world, rw):
    rw.rule.applies_from = dt.date(2025, 8, 1)
    rw.rule.save()
    items = by_name(compliance_items(municipality_id=world.ishoj.pk, today=TODAY))
    assert set(items) == {"Nina", "Ole"}


def test_hire_date_is_the_earliest_employment_in_the_municipality(world, rw):
    # Nina worked at school B as a pedagogue from 2019 (ended): hired 2019.
    Employment.objects.create(
        person=rw.nina,
        institution=world.school_b,
        job_role=JobRole.objects.get(name="Pædagog"),
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    items = by_name(compliance_items(municipality_id=world.ishoj.pk, today=TODAY))
    assert items["Nina"].trigger_date == dt.date(2019, 1, 1)
    assert items["Nina"].institution_ids == {world.school_a.pk}  # the current one only
    # Start in the role: her teacher employment, 2 March 2026.
    rw.rule.trigger = RuleTrigger.ROLE_START
    rw.rule.save()
    items = by_name(compliance_items(municipality_id=world.ishoj.pk, today=TODAY))
    assert items["Nina"].trigger_date == dt.date(2026, 3, 2)


def test_fixed_date_and_qualification(world, rw):
    rule = make_rule(
        world.ishoj,
        "ICDP for pædagoger",
        job_role=JobRole.objects.get(name="Pædagog"),
        trigger=RuleTrigger.FIXED_DATE,
        trigger_date=dt.date(2026, 1, 1),
        deadline_days=365,
        qualification_kind=QualificationKind.ICDP_1,
    )
    items = compliance_items(municipality_id=world.ishoj.pk, rule_ids=[rule.pk], today=TODAY)
    assert [(i.person.first_name, i.due_on, i.status) for i in items] == [
        ("Pia", dt.date(2027, 1, 1), DUE)
    ]
    Qualification.objects.create(
        municipality=world.ishoj, person=rw.pia, kind=QualificationKind.ICDP_1
    )
    items = compliance_items(municipality_id=world.ishoj.pk, rule_ids=[rule.pk], today=TODAY)
    assert items[0].status == DONE and items[0].done_on is None
    # Another qualification does not count.
    Qualification.objects.filter(person=rw.pia).update(kind=QualificationKind.ICDP_2)
    items = compliance_items(municipality_id=world.ishoj.pk, rule_ids=[rule.pk], today=TODAY)
    assert items[0].status == DUE


def test_resource_function_and_institution_kinds(world, rw):
    function = ResourceFunction.objects.filter(municipality=world.ishoj).first()
    rw.ole.resource_functions.add(function)
    rule = make_rule(
        world.ishoj,
        "Funktionsregel",
        job_role=None,
        resource_function=function,
        qualification_kind=QualificationKind.OTHER,
    )
    items = compliance_items(municipality_id=world.ishoj.pk, rule_ids=[rule.pk], today=TODAY)
    assert [i.person.first_name for i in items] == ["Ole"]
    # Both a role and a function: a teacher with the function.
    rule.job_role = JobRole.objects.get(name="Pædagog")
    rule.save()
    assert compliance_items(municipality_id=world.ishoj.pk, rule_ids=[rule.pk], today=TODAY) == []
    # Institution kinds: the rule for day care only leaves out the schools.
    rw.rule.institution_kinds = ["dagtilbud"]
    rw.rule.save()
    assert compliance_items(municipality_id=world.ishoj.pk, rule_ids=[rw.rule.pk]) == []


def test_ended_employment_is_not_covered(world, rw):
    Employment.objects.filter(person=rw.ole).update(end_date=dt.date(2026, 6, 30))
    items = by_name(compliance_items(municipality_id=world.ishoj.pk, today=TODAY))
    assert "Ole" not in items


def test_inactive_rule_counts_nothing(world, rw):
    rw.rule.active = False
    rw.rule.save()
    assert compliance_items(municipality_id=world.ishoj.pk, today=TODAY) == []


def test_the_computation_has_a_fixed_number_of_queries(world, rw, django_assert_num_queries):
    make_rule(
        world.ishoj,
        "ICDP",
        job_role=JobRole.objects.get(name="Pædagog"),
        initiative=rw.initiative,
        qualification_kind=QualificationKind.ICDP_1,
    )
    # rules, employments (with the hire date), completions, qualifications
    with django_assert_num_queries(4):
        first = compliance_items(municipality_id=world.ishoj.pk, today=TODAY)
    for n in range(15):
        person = make_person(
            world.school_b, first=f"Ny{n}", last="Lærer", start=dt.date(2026, 1, n + 1)
        )
        complete(person, rw.held, dt.date(2026, 4, 1))
        make_person(world.school_a, first=f"Pæd{n}", last="X", role="Pædagog")
    with django_assert_num_queries(4):
        more = compliance_items(municipality_id=world.ishoj.pk, today=TODAY)
    assert len(more) == len(first) + 30


def test_institution_list_filters_and_offers_open_cohorts(world, rw, django_assert_num_queries):
    with django_assert_num_queries(5):  # rules, employments, completions, enrolments, cohorts
        result = institution_compliance(
            user=world.users.leader, institution=world.school_a, today=TODAY
        )
    assert [i.person.first_name for i in result.items] == ["Anne", "Bo", "Ole", "Nina"]
    assert result.counts == {OVERDUE: 3, DUE_SOON: 1}
    # The held cohort is closed; the open one is offered.
    assert [c.name for c in result.items[0].open_cohorts] == ["Ordblindekursus vinter 2027"]
    only = institution_compliance(
        user=world.users.leader, institution=world.school_a, status=DUE_SOON, today=TODAY
    )
    assert [i.person.first_name for i in only.items] == ["Nina"]


def test_leader_panel_counts_their_institutions_only(world, rw):
    assert leader_overdue_counts(user=world.users.leader, today=TODAY) == {OVERDUE: 3, DUE_SOON: 1}
    assert leader_overdue_counts(user=world.users.admin, today=TODAY) == {}
