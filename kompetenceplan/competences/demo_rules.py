"""Demo mandatory rules for Ishøj (docs/competences.md, "Obligatoriske regler"):

- new teachers take the two-hour dyslexia course (the school plan's 2.7)
  within 180 days of being hired in the municipality, for hires from 1 August
  2025; a spring 2026 course was held for the first half of them, and a
  winter 2027 course is open for the leaders to enrol the rest;
- pedagogues in day care take ICDP level 1 (the day-care plan's 1.3, or the
  qualification ``icdp_1``) within a year of starting in the role, for starts
  from 1 January 2024; half of the earlier ones hold the qualification, and an
  ICDP course in spring 2027 is open.

So the compliance lists show some done, some overdue, some due soon and some
due. Written through the services; what exists is left as it is, so loading
twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kompetenceplan.cohorts import services as cohort_services
from kompetenceplan.cohorts.choices import EnrolmentMode, SessionKind
from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core import registry
from kompetenceplan.core.changelog import log_saved
from kompetenceplan.core.models import Municipality
from kompetenceplan.organisation.models import Employment, JobRole, Person
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.models import Initiative

from . import services_rules
from .choices import QualificationKind, RuleTrigger
from .models import MandatoryRule, Qualification

SCHOOL_PLAN = "ishoj-skole-2024-2026"
DAYCARE_PLAN = "ishoj-dagtilbud-2024-2026"
DYSLEXIA_RULE = "Ordblindekursus for nye lærere"
ICDP_RULE = "ICDP niveau 1 for pædagoger i dagtilbud"
DYSLEXIA_FROM = dt.date(2025, 8, 1)
ICDP_FROM = dt.date(2024, 1, 1)
HELD_DAY = dt.date(2026, 4, 21)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _initiative(municipality: Municipality, slug: str, number: str) -> Initiative | None:
    return Initiative.objects.filter(
        plan__municipality=municipality, plan__slug=slug, number=number
    ).first()


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get("183")
    if ishoj is None:
        return
    dyslexia = _initiative(ishoj, SCHOOL_PLAN, "2.7")
    icdp = _initiative(ishoj, DAYCARE_PLAN, "1.3")
    with transaction.atomic():
        if dyslexia is not None:
            _dyslexia(ishoj, dyslexia)
        if icdp is not None:
            _icdp(ishoj, icdp)
    run.write("Obligatoriske regler: ordblindekursus for nye lærere, ICDP for pædagoger.")


def _rule(municipality: Municipality, name: str, **fields) -> MandatoryRule:
    existing = MandatoryRule.objects.filter(municipality=municipality, name=name).first()
    if existing is not None:
        return existing
    return services_rules.rule_create(actor=None, municipality=municipality, name=name, **fields)


def _new_hires(municipality: Municipality, role: str, kind: str, since: dt.date) -> list[Person]:
    """People in the role at an institution of the kind, hired since ``since``,
    in hiring order."""
    rows = (
        Employment.objects.filter(
            current_employments_q(),
            person__municipality=municipality,
            job_role__name=role,
            institution__kind=kind,
            start_date__gte=since,
        )
        .select_related("person")
        .order_by("start_date", "person__employee_number")
    )
    people: dict[int, Person] = {}
    for employment in rows:
        if not Employment.objects.filter(
            person_id=employment.person_id, start_date__lt=since
        ).exists():
            people.setdefault(employment.person_id, employment.person)
    return list(people.values())


def _cohort(initiative: Initiative, name: str, **fields) -> tuple[Cohort, bool]:
    existing = Cohort.objects.filter(initiative=initiative, name=name).first()
    if existing is not None:
        return existing, False
    cohort = cohort_services.cohort_create(
        actor=None,
        initiative=initiative,
        name=name,
        enrolment_mode=EnrolmentMode.NOMINATION,
        responsible_user=initiative.responsible_user,
        **fields,
    )
    return cohort, True


def _dyslexia(municipality: Municipality, initiative: Initiative) -> None:
    _rule(
        municipality,
        DYSLEXIA_RULE,
        description="Nye lærere deltager i et to-timers ordblindekursus hos skolens "
        "ordblinderessourcelærer (skoleplanens indsats 2.7).",
        job_role=JobRole.objects.get(name="Lærer"),
        resource_function=None,
        institution_kinds=["skole"],
        trigger=RuleTrigger.HIRE_DATE,
        trigger_date=None,
        applies_from=DYSLEXIA_FROM,
        deadline_days=180,
        initiative=initiative,
        qualification_kind="",
        active=True,
    )
    teachers = _new_hires(municipality, "Lærer", "skole", DYSLEXIA_FROM)
    held, created = _cohort(
        initiative,
        "Ordblindekursus for nye lærere, forår 2026",
        school_year="2025/26",
        capacity=30,
        provider="Ordblinderessourcelærerne",
        place="Ishøj Skole",
    )
    if created:
        session = cohort_services.session_create(
            actor=None,
            cohort=held,
            kind=SessionKind.AFTER_WORK,
            starts_at=at(HELD_DAY, 15),
            ends_at=at(HELD_DAY, 17),
            hours=Decimal(2),
            place="Ishøj Skole",
        )
        # Every other teacher hired before the course took it.
        before = [p for i, p in enumerate(_hired_before(teachers, HELD_DAY)) if i % 2 == 0]
        for person in before:
            cohort_services.enrolment_nominate(actor=None, cohort=held, person=person)
        cohort_services.attendance_record(actor=None, session=session, absent_person_ids=[])
        cohort_services.cohort_complete(actor=None, cohort=held)
    coming, created = _cohort(
        initiative,
        "Ordblindekursus for nye lærere, vinter 2027",
        school_year="2026/27",
        capacity=20,
        enrolment_deadline=dt.date(2027, 1, 15),
        provider="Ordblinderessourcelærerne",
        place="Gildbroskolen",
    )
    if created:
        cohort_services.session_create(
            actor=None,
            cohort=coming,
            kind=SessionKind.AFTER_WORK,
            starts_at=at(dt.date(2027, 1, 26), 15),
            ends_at=at(dt.date(2027, 1, 26), 17),
            hours=Decimal(2),
            place="Gildbroskolen",
        )
        # One of those who missed the spring course is already on it.
        missed = [p for p in _hired_before(teachers, HELD_DAY) if not _completed(p, initiative)]
        if missed:
            cohort_services.enrolment_nominate(actor=None, cohort=coming, person=missed[0])


def _hired_before(people: list[Person], day: dt.date) -> list[Person]:
    first = dict(
        Employment.objects.filter(person__in=people)
        .order_by("-start_date")
        .values_list("person_id", "start_date")
    )
    return [p for p in people if first[p.pk] < day]


def _completed(person: Person, initiative: Initiative) -> bool:
    return person.course_completions.filter(cohort__initiative=initiative).exists()


def _icdp(municipality: Municipality, initiative: Initiative) -> None:
    _rule(
        municipality,
        ICDP_RULE,
        description="Pædagoger i dagtilbud får ICDP niveau 1 inden for et år i stillingen "
        "(dagtilbudsplanens indsats 1.3).",
        job_role=JobRole.objects.get(name="Pædagog"),
        resource_function=None,
        institution_kinds=["dagtilbud"],
        trigger=RuleTrigger.ROLE_START,
        trigger_date=None,
        applies_from=ICDP_FROM,
        deadline_days=365,
        initiative=initiative,
        qualification_kind=QualificationKind.ICDP_1,
        active=True,
    )
    pedagogues = _new_hires(municipality, "Pædagog", "dagtilbud", ICDP_FROM)
    starts = dict(
        Employment.objects.filter(person__in=pedagogues, job_role__name="Pædagog").values_list(
            "person_id", "start_date"
        )
    )
    early = [p for p in pedagogues if starts[p.pk] < dt.date(2025, 6, 1)]
    for person in early[::2]:
        if Qualification.objects.filter(person=person, kind=QualificationKind.ICDP_1).exists():
            continue
        qualification = Qualification.objects.create(
            municipality=municipality,
            person=person,
            kind=QualificationKind.ICDP_1,
            title="ICDP niveau 1",
            obtained_on=starts[person.pk] + dt.timedelta(days=200),
        )
        log_saved(actor=None, obj=qualification, before=None, related=person)
    coming, created = _cohort(
        initiative,
        "ICDP niveau 1, forår 2027",
        school_year="2026/27",
        capacity=24,
        enrolment_deadline=dt.date(2027, 2, 1),
        provider="ICDP Danmark",
        place="Kompetencecenter Ishøjgård",
    )
    if created:
        for day in (dt.date(2027, 2, 15), dt.date(2027, 3, 15)):
            cohort_services.session_create(
                actor=None, cohort=coming, starts_at=at(day, 9), ends_at=at(day, 15)
            )
