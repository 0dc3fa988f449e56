"""A small world for the mandatory rules' tests: each test module makes its
``rw`` fixture with :func:`make_rules_world`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from kompetenceplan.cohorts.choices import EnrolmentMode
from kompetenceplan.cohorts.models import Cohort, CourseCompletion
from kompetenceplan.cohorts.tests.factories import make_cohort, make_target_initiative
from kompetenceplan.competences.choices import QualificationKind, RuleTrigger
from kompetenceplan.competences.models import MandatoryRule
from kompetenceplan.funding.tests.factories import make_plan
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.testing.factories import make_person

#: "Today" of the computations in the tests.
TODAY = dt.date(2026, 8, 10)


def make_rule(municipality, name="Ordblindekursus for nye lærere", **fields) -> MandatoryRule:
    fields.setdefault("job_role", JobRole.objects.get(name="Lærer"))
    fields.setdefault("trigger", RuleTrigger.HIRE_DATE)
    fields.setdefault("deadline_days", 180)
    return MandatoryRule.objects.create(municipality=municipality, name=name, **fields)


def complete(person, cohort: Cohort, on: dt.date) -> CourseCompletion:
    return CourseCompletion.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        cohort=cohort,
        initiative_title=str(cohort.initiative),
        cohort_name=cohort.name,
        hours=Decimal(2),
        completed_on=on,
        recorded_at=timezone.now(),
    )


def make_rules_world(world) -> SimpleNamespace:
    """Ishøj's dyslexia rule (Lærer, 180 days after hire, initiative 2.7) with
    a held cohort and an open one; new teachers at school A: Nina (hired 2
    March 2026: due 29 August 2026, due soon on TODAY) and Ole (hired 1
    December 2025: due 30 May 2026, overdue); the world's Anne, Bo (school A)
    and Carl (school B), hired 2020, are overdue since 2021. A pedagogue at
    school A (not covered). Horsens has a rule of its own."""
    plan = make_plan(world.ishoj, "plan-a", title="Plan A")
    initiative = make_target_initiative(plan, "2.7", title="Ordblindekurser")
    held = make_cohort(initiative, "Ordblindekursus forår 2026", capacity=20)
    held.completed_at = timezone.now()
    held.save()
    open_cohort = make_cohort(
        initiative,
        "Ordblindekursus vinter 2027",
        capacity=20,
        school_year="2026/27",
        enrolment_mode=EnrolmentMode.NOMINATION,
    )
    nina = make_person(world.school_a, first="Nina", last="Nygaard", start=dt.date(2026, 3, 2))
    ole = make_person(world.school_a, first="Ole", last="Olsen", start=dt.date(2025, 12, 1))
    pia = make_person(world.school_a, first="Pia", last="Pedersen", role="Pædagog")
    rule = make_rule(world.ishoj, initiative=initiative)
    h_rule = make_rule(
        world.horsens, "Horsens-regel", initiative=None, qualification_kind=QualificationKind.ICDP_1
    )
    return SimpleNamespace(
        plan=plan,
        initiative=initiative,
        held=held,
        open_cohort=open_cohort,
        nina=nina,
        ole=ole,
        pia=pia,
        rule=rule,
        h_rule=h_rule,
    )
