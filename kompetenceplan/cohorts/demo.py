"""Demo cohorts for Ishøj's school plan: the language course (2.2) for 25
teachers over three days of 5 hours with prøvehandling between them, the
learning day (1.3, 7 hours, below its minimum after the deadline) and
after-work meetings (held), with enrolments and a short waitlist; in the
current school year 2026/27 the language course's next run (open,
``ishoj-laerer`` enrolled), a full after-work meeting with a waitlist and this
year's after-work meetings (a request from ``ishoj-laerer`` waiting for
``ishoj-leder``); Ishøj's winter and autumn holidays;
the rollout target of 2.2 (all teachers over four school years from 2025/26). Written through the
services; a cohort that exists is left as it is, so loading twice changes
nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Employment, JobRole, Person
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.models import Initiative

from . import services
from .choices import EnrolmentMode, SessionKind
from .models import Cohort, RolloutTarget, SchoolHoliday

PLAN = "ishoj-skole-2024-2026"
HOLIDAYS = (
    ("Efterårsferie", dt.date(2025, 10, 11), dt.date(2025, 10, 19)),
    ("Juleferie", dt.date(2025, 12, 20), dt.date(2026, 1, 4)),
    ("Vinterferie", dt.date(2026, 2, 7), dt.date(2026, 2, 15)),
    ("Efterårsferie", dt.date(2026, 10, 10), dt.date(2026, 10, 18)),
    ("Juleferie", dt.date(2026, 12, 19), dt.date(2027, 1, 3)),
    ("Vinterferie", dt.date(2027, 2, 13), dt.date(2027, 2, 21)),
)
PRACTICE = (
    "Prøvehandling: planlæg og gennemfør et sprogudviklende forløb i egen klasse, "
    "og tag noter til næste kursusdag."
)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _demo_teacher() -> User | None:
    """The demo login ``ishoj-laerer`` (organisation's demo users), if loaded."""
    return User.objects.filter(username="ishoj-laerer", person__isnull=False).first()


def _teachers(municipality_id: int, count: int, offset: int = 0) -> list[Person]:
    teacher = _demo_teacher()
    employments = Employment.objects.filter(
        current_employments_q(), person__municipality_id=municipality_id, job_role__name="Lærer"
    )
    if teacher is not None and teacher.person_id is not None:
        employments = employments.exclude(person_id=teacher.person_id)
    ids = (
        employments.order_by("person__employee_number")
        .values_list("person_id", flat=True)
        .distinct()
    )
    chosen = list(dict.fromkeys(ids))[offset : offset + count]
    return list(Person.objects.filter(pk__in=chosen).order_by("employee_number"))


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get("183")
    if ishoj is None:
        return
    initiatives = {
        i.number: i for i in Initiative.objects.filter(plan__municipality=ishoj, plan__slug=PLAN)
    }
    if not {"1.3", "2.2"} <= set(initiatives):
        return
    with transaction.atomic():
        for name, start, end in HOLIDAYS:
            if not SchoolHoliday.objects.filter(
                municipality=ishoj, name=name, start=start
            ).exists():
                services.school_holiday_create(
                    actor=None, municipality=ishoj, name=name, start=start, end=end
                )
        _rollout(initiatives["2.2"])
        if Cohort.objects.filter(municipality=ishoj).exists():
            return  # loaded before: leave the cohorts (and what users did with them) alone
        _language_course(initiatives["2.2"], ishoj.pk)
        _learning_day(initiatives["1.3"], ishoj.pk)
        _after_work(initiatives["2.2"], ishoj.pk)
        if "2.7" in initiatives:
            _dyslexia_courses(initiatives["2.7"], ishoj.pk)
        _coming_language_course(initiatives["2.2"], ishoj.pk)
        _coming_after_work(initiatives["2.2"], ishoj.pk)
        _coming_after_work_series(initiatives["2.2"], ishoj.pk)
    run.write(
        "Hold: sprogkursus, læringsdag, fyraftensmøder og ordblindekurser for Ishøj "
        "(med fremmøde og gennemførelse for de afholdte; kommende hold i 2026/27)"
    )


def _rollout(initiative: Initiative) -> None:
    """2.2's reach: "Over en fireårig periode: Alle lærere" (at schools, from 2025/26)."""
    from .rollouts import rollout_set

    if RolloutTarget.objects.filter(initiative=initiative).exists():
        return
    rollout_set(
        actor=None,
        initiative=initiative,
        target_roles=list(JobRole.objects.filter(name="Lærer")),
        institution_kinds=["skole"],
        first_school_year="2025/26",
        school_years=4,
    )


def _language_course(initiative: Initiative, municipality_id: int) -> None:
    cohort = services.cohort_create_from_estimate(
        actor=None,
        initiative=initiative,
        name="Sprogudviklende didaktik, hold 1",
        school_year="2025/26",
        starts=[
            at(dt.date(2025, 9, 23), 9),
            at(dt.date(2025, 11, 4), 9),
            at(dt.date(2026, 1, 20), 9),
        ],
        capacity=25,
        practice_between=PRACTICE,
        minimum=15,
        min_sessions_attended=2,  # at least 2 of the 3 course days
        enrolment_mode=EnrolmentMode.NOMINATION,
        enrolment_deadline=dt.date(2025, 9, 1),
        provider="Professionshøjskolen Absalon",
        place="Kompetencecenter Ishøjgård",
        responsible_user=initiative.responsible_user,
    )
    # 25 seats taken and three on the waitlist.
    teachers = _teachers(municipality_id, 28)
    for person in teachers:
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)
    # The course has been held: one teacher came once (not completed), three
    # missed one day (completed by the 2-of-3 rule).
    absent = (
        [teachers[3].pk],
        [teachers[3].pk, teachers[7].pk],
        [teachers[11].pk, teachers[15].pk],
    )
    _held(cohort, absent)


def _cohort(
    initiative: Initiative,
    *,
    kind: str,
    days: tuple[dt.date, ...],
    hours: tuple[int, int],
    session_hours: Decimal | None = None,
    **fields,
) -> Cohort:
    """A cohort of ``initiative`` (its responsible user) with one session of
    ``kind`` on each of ``days`` from ``hours[0]`` to ``hours[1]`` at the cohort's place."""
    cohort = services.cohort_create(
        actor=None, initiative=initiative, responsible_user=initiative.responsible_user, **fields
    )
    for day in days:
        services.session_create(
            actor=None,
            cohort=cohort,
            kind=kind,
            starts_at=at(day, hours[0]),
            ends_at=at(day, hours[1]),
            hours=session_hours,
            place=fields.get("place", ""),
        )
    return cohort


def _after_work_cohort(initiative: Initiative, *days: dt.date, **fields) -> Cohort:
    """After-work meetings at Vejlebroskolen, 16-18."""
    return _cohort(
        initiative,
        kind=SessionKind.AFTER_WORK,
        days=days,
        hours=(16, 18),
        place="Vejlebroskolen",
        **fields,
    )


def _learning_day(initiative: Initiative, municipality_id: int) -> None:
    cohort = _cohort(
        initiative,
        kind=SessionKind.LEARNING_DAY,
        days=(dt.date(2025, 10, 6),),
        hours=(8, 15),
        session_hours=Decimal(7),
        name="Læringsdag 2025",
        school_year="2025/26",
        capacity=400,
        minimum=50,
        enrolment_mode=EnrolmentMode.OPEN,
        enrolment_deadline=dt.date(2025, 9, 15),
        place="Ishøj Idrætscenter",
    )
    teachers = _teachers(municipality_id, 40, offset=28)
    for person in teachers:
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)
    _held(cohort, ([teachers[0].pk, teachers[5].pk, teachers[9].pk],))


def _after_work(initiative: Initiative, municipality_id: int) -> None:
    cohort = _after_work_cohort(
        initiative,
        dt.date(2026, 2, 24),
        dt.date(2026, 4, 14),
        name="Fyraftensmøder om sprog i fagene",
        school_year="2025/26",
        capacity=40,
        minimum=6,
        enrolment_mode=EnrolmentMode.APPROVAL,
    )
    for person in _teachers(municipality_id, 6, offset=68):
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)
    _held(cohort, ([], []))


def _dyslexia_courses(initiative: Initiative, municipality_id: int) -> None:
    """The mandatory two-hour dyslexia course for new teachers, autumn 2024 and
    autumn 2025, held by the dyslexia resource teachers; both held."""
    courses = (
        ("Ordblindekursus for nye lærere, efterår 2024", "2024/25", dt.date(2024, 10, 29), 0),
        ("Ordblindekursus for nye lærere, efterår 2025", "2025/26", dt.date(2025, 10, 28), 8),
    )
    for name, school_year, day, offset in courses:
        cohort = _cohort(
            initiative,
            kind=SessionKind.AFTER_WORK,
            days=(day,),
            hours=(15, 17),
            session_hours=Decimal(2),
            name=name,
            school_year=school_year,
            capacity=20,
            enrolment_mode=EnrolmentMode.NOMINATION,
            provider="Ordblinderessourcelærerne",
            place="Ishøj Skole",
        )
        teachers = _teachers(municipality_id, 8, offset=80 + offset)
        for person in teachers:
            services.enrolment_nominate(actor=None, cohort=cohort, person=person)
        _held(cohort, ([],))


# --- the current school year (2026/27): what is coming ----------------------------------
#
# Fixed dates in 2026/27 (the school year of the demo's "today", autumn 2026):
# the calendar's coming months, "Mine kurser" (ishoj-laerer: a seat and a
# waitlist place) and "Mine hold" (ishoj-konsulent) show them as coming. The
# demo people are put on through the system (actor None), which no enrolment
# deadline stops, so the demo loads the same after the deadlines.


def _coming_language_course(initiative: Initiative, municipality_id: int) -> None:
    """The language course's next run in spring 2027: open for the teachers to
    enrol, 15 of 25 seats taken, ishoj-laerer among them."""
    cohort = services.cohort_create_from_estimate(
        actor=None,
        initiative=initiative,
        name="Sprogudviklende didaktik, hold 2",
        school_year="2026/27",
        starts=[
            at(dt.date(2027, 1, 26), 9),
            at(dt.date(2027, 3, 9), 9),
            at(dt.date(2027, 4, 20), 9),
        ],
        capacity=25,
        practice_between=PRACTICE,
        minimum=15,
        min_sessions_attended=2,
        enrolment_mode=EnrolmentMode.OPEN,
        enrolment_deadline=dt.date(2027, 1, 8),
        provider="Professionshøjskolen Absalon",
        place="Kompetencecenter Ishøjgård",
        responsible_user=initiative.responsible_user,
    )
    for person in _teachers(municipality_id, 14, offset=100):
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)
    teacher = _demo_teacher()
    if teacher is not None and teacher.person is not None:
        services.enrolment_nominate(actor=None, cohort=cohort, person=teacher.person)


def _coming_after_work(initiative: Initiative, municipality_id: int) -> None:
    """A small after-work meeting in December 2026: full (12 of 12), with three
    on the waitlist, ishoj-laerer first."""
    cohort = _after_work_cohort(
        initiative,
        dt.date(2026, 12, 9),
        name="Fyraftensmøde om sprog i matematik",
        school_year="2026/27",
        capacity=12,
        minimum=6,
        enrolment_mode=EnrolmentMode.OPEN,
        enrolment_deadline=dt.date(2026, 12, 4),
    )
    teachers = _teachers(municipality_id, 14, offset=114)
    for person in teachers[:12]:
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)
    teacher = _demo_teacher()
    if teacher is not None and teacher.person is not None:
        services.enrolment_nominate(actor=None, cohort=cohort, person=teacher.person)
    for person in teachers[12:]:
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)


def _coming_after_work_series(initiative: Initiative, municipality_id: int) -> None:
    """This year's after-work meetings (February and April 2027), on request
    with the leader's approval: six teachers have places, and ishoj-laerer's
    request waits for ishoj-leder."""
    cohort = _after_work_cohort(
        initiative,
        dt.date(2027, 2, 23),
        dt.date(2027, 4, 13),
        name="Fyraftensmøder om sprog i fagene, forår 2027",
        school_year="2026/27",
        capacity=40,
        minimum=6,
        enrolment_mode=EnrolmentMode.APPROVAL,
    )
    for person in _teachers(municipality_id, 6, offset=128):
        services.enrolment_nominate(actor=None, cohort=cohort, person=person)
    teacher = _demo_teacher()
    if teacher is not None:  # a request waiting for ishoj-leder's approval
        services.enrolment_request(actor=teacher, cohort=cohort)


def _held(cohort: Cohort, absent_per_session: tuple[list[int], ...]) -> None:
    """Attendance for each held session (everyone present but the absent) and
    the completion rule applied."""
    sessions = list(cohort.sessions.order_by("starts_at"))
    for session, absent in zip(sessions, absent_per_session, strict=True):
        services.attendance_record(actor=None, session=session, absent_person_ids=absent)
    services.cohort_complete(actor=None, cohort=cohort)
