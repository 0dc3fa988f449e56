"""Demo competences for Ishøj (183): teaching competences of the teachers at
the five schools, other qualifications of the pedagogical staff, and what
completing the daycare plan's ICDP initiative (1.3) grants.

Synthetic and deterministic (seeded random, same people every time; see
docs/coverage.md, "Demodata"):

- Every teacher has 2-4 undervisningsfag from the teacher education (formal,
  no date). Which subjects is drawn against each subject's demand (the
  guideline hours of about 2.5 classes a grade) times :data:`SUPPLY`: Ishøj
  has plenty of teachers with dansk, matematik and fysik/kemi, and too few
  with kristendomskundskab, natur/teknologi, historie and billedkunst.
- About one teacher in five also has tilsvarende kompetence (assessed by the
  school leader: KiU course, diploma module, experience, ...), mostly in the
  short subjects; some assessed during 2025/26, so they count that year but not
  in 2024/25, and one after the end of 2025/26.
- A few teachers are over-registered with seven or more competences (the
  coverage leaves them and their hours out).
- Pedagogues have the pædagoguddannelse, many in daycare ICDP niveau 1 (the
  pedagogical leaders also niveau 2), assistants ICDP-inspired courses, PAU or
  the merit pedagogue education.

Written with ``bulk_create`` (thousands of rows, the demo must stay quick);
loaded once: when Ishøj has teaching competences, nothing is written again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

from kompetenceplan.accounts.models import User
from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Employment, Institution
from kompetenceplan.plans.models import Initiative

from .choices import CompetenceBasis, CompetenceLevel, QualificationKind
from .models import (
    CompletionGrant,
    GuidelineHours,
    GuidelineTable,
    Qualification,
    Subject,
    TeachingCompetence,
)

MUNICIPALITY = "183"
#: The table whose hours the demo plans by (the 2014 reform's bilag 1).
GUIDELINE_YEAR = "2014/15"
#: Kristendomskundskab: 300 hours over grades 1-9, none in the confirmation
#: grade (7); the law leaves the split to the school, so this is the demo's.
RELIGION_HOURS = {1: 60, 2: 30, 3: 30, 4: 30, 5: 30, 6: 30, 8: 30, 9: 60}
#: Planned hours in 10. klasse (no guideline table there).
GRADE_10_HOURS = {"dansk": 180, "engelsk": 120, "matematik": 150, "tysk": 90, "fysik-kemi": 60}
#: Classes a grade at a demo school, on average (for the demand behind SUPPLY).
CLASSES_PER_GRADE = 2.5
#: Qualified teacher hours a school has per hour of demand in the subject.
#: Above 1: more than enough (the lesson allocation decides); below 1: some
#: hours cannot be covered without upskilling.
SUPPLY = {
    "dansk": 1.12,
    "engelsk": 1.05,
    "tysk": 1.0,
    "fransk": 1.0,
    "kristendomskundskab": 0.85,
    "historie": 0.88,
    "samfundsfag": 0.95,
    "matematik": 1.12,
    "natur-teknologi": 0.88,
    "geografi": 0.95,
    "biologi": 0.95,
    "fysik-kemi": 1.15,
    "idraet": 1.0,
    "musik": 0.92,
    "billedkunst": 0.88,
    "haandvaerk-og-design": 0.92,
    "madkundskab": 0.9,
}
#: A teacher's planned hours in a school year (full time and part time).
FULL_TIME_HOURS = 600
PART_TIME_HOURS = 420
#: Schools whose fifth teacher is over-registered (more than six competences).
OVER_REGISTERED = {"183102": 8, "183103": 7, "183105": 9}
#: Bases of tilsvarende kompetence, with weights.
ASSESSED_BASES = (
    (CompetenceBasis.EXPERIENCE, 40),
    (CompetenceBasis.KIU_COURSE, 25),
    (CompetenceBasis.DIPLOMA_MODULE, 15),
    (CompetenceBasis.LONG_COURSE, 10),
    (CompetenceBasis.COMPETENCE_EXAM, 10),
)
BASIS_NOTES = {
    CompetenceBasis.EXPERIENCE: "Har undervist i faget i mange år; vurderet ved MUS.",
    CompetenceBasis.KIU_COURSE: "KiU-forløb i faget (10 ECTS) gennemført og bestået.",
    CompetenceBasis.DIPLOMA_MODULE: "Diplommodul i fagets didaktik.",
    CompetenceBasis.LONG_COURSE: "Længerevarende kursus i faget (UC).",
    CompetenceBasis.COMPETENCE_EXAM: "Kompetencemålsprøve bestået.",
}
#: Subjects where tilsvarende kompetence is common (the short subjects).
ASSESSED_SUBJECT_BIAS = {
    "kristendomskundskab": 3.0,
    "historie": 2.5,
    "natur-teknologi": 2.5,
    "billedkunst": 2.0,
    "idraet": 1.5,
    "musik": 1.5,
    "haandvaerk-og-design": 1.5,
    "madkundskab": 1.5,
}
ICDP_PLAN = "ishoj-dagtilbud-2024-2026"
ICDP_INITIATIVE = "1.3"


def school_year_end(school_year: str) -> dt.date:
    """31 July at the end of the school year (the coverage's cut-off)."""
    return dt.date(int(school_year[:4]) + 1, 7, 31)


def teacher_capacity(employee_number: str) -> int:
    """The teacher's planned hours in a school year: one in seven part time."""
    return PART_TIME_HOURS if int(employee_number[-3:]) % 7 == 3 else FULL_TIME_HOURS


def planned_hours(school_year: str = GUIDELINE_YEAR) -> dict[tuple[str, int], int]:
    """(subject code, grade) -> the hours a class plans in the school year
    (grades 1-10): the guideline table in force that year (its grade spans:
    no engelsk in 1. klasse from 2025/26), the 2014 table where none is."""
    table = (
        GuidelineTable.objects.filter(first_school_year__lte=school_year)
        .exclude(last_school_year__lt=school_year, last_school_year__gt="")
        .order_by("-first_school_year")
        .first()
    ) or GuidelineTable.objects.get(first_school_year=GUIDELINE_YEAR)
    hours = {
        (code, grade): int(h)
        for code, grade, h in GuidelineHours.objects.filter(table=table).values_list(
            "subject__code", "grade", "hours"
        )
    }
    hours.update({("kristendomskundskab", g): h for g, h in RELIGION_HOURS.items()})
    hours.update({(code, 10): h for code, h in GRADE_10_HOURS.items()})
    return hours


def _demand(hours: dict[tuple[str, int], int]) -> dict[str, float]:
    demand: dict[str, float] = defaultdict(float)
    for (code, grade), h in hours.items():
        if code in SUPPLY and grade <= 9:
            demand[code] += h * CLASSES_PER_GRADE
    demand["fransk"] *= 0.1  # one class in ten reads fransk, not tysk
    demand["tysk"] *= 0.9
    return demand


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    codes = sorted(weights)
    return rng.choices(codes, weights=[max(weights[c], 1.0) for c in codes])[0]


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get(MUNICIPALITY)
    if ishoj is None:
        return
    with transaction.atomic():
        _completion_grant(ishoj)
        if TeachingCompetence.objects.filter(municipality=ishoj).exists():
            return  # loaded before: leave the records (and what users did with them) alone
        competences = _teaching_competences(ishoj)
        qualifications = _qualifications(ishoj)
    run.write(
        f"Kompetencer: {competences} undervisningskompetencer og {qualifications} "
        "andre kvalifikationer i Ishøj"
    )


def _completion_grant(ishoj) -> None:
    initiative = Initiative.objects.filter(
        plan__municipality=ishoj, plan__slug=ICDP_PLAN, number=ICDP_INITIATIVE
    ).first()
    if initiative is not None:
        CompletionGrant.objects.get_or_create(
            initiative=initiative, defaults={"kind": QualificationKind.ICDP_1}
        )


def _school_teachers(ishoj) -> dict[Institution, list]:
    by_school: dict[Institution, list] = defaultdict(list)
    employments = (
        Employment.objects.filter(
            institution__municipality=ishoj, institution__kind="skole", job_role__name="Lærer"
        )
        .select_related("person", "institution")
        .order_by("institution__number", "person__employee_number")
    )
    for employment in employments:
        by_school[employment.institution].append(employment.person)
    return by_school


def _leaders(ishoj) -> dict[int, tuple[str, User | None]]:
    """Institution id -> (the school leader's name, their user if any)."""
    leaders: dict[int, tuple[str, User | None]] = {}
    employments = (
        Employment.objects.filter(institution__municipality=ishoj, job_role__name="Skoleleder")
        .select_related("person")
        .order_by("person__employee_number")
    )
    users = {u.person_id: u for u in User.objects.filter(person__municipality=ishoj)}
    for employment in employments:
        person = employment.person
        leaders.setdefault(
            employment.institution_id,
            (f"{person.first_name} {person.last_name}", users.get(person.pk)),
        )
    return leaders


def _assessed_on(rng: random.Random, index: int) -> dt.date:
    """Most assessments are old; every eighth during 2025/26 (counts that year,
    not in 2024/25); the 23rd after the end of 2025/26."""
    if index == 23:
        return dt.date(2026, 9, 14)
    if index % 8 == 5:
        return dt.date(2025, 8, 15) + dt.timedelta(days=rng.randint(0, 300))
    return dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 4500))


def _teaching_competences(ishoj) -> int:
    subjects = {s.code: s for s in Subject.objects.filter(code__in=list(SUPPLY))}
    demand = _demand(planned_hours())
    leaders = _leaders(ishoj)
    rows: list[TeachingCompetence] = []
    assessed_index = 0
    for school, teachers in sorted(_school_teachers(ishoj).items(), key=lambda i: i[0].number):
        rng = random.Random(f"kompetenceplan-demo-competences-{school.number}")
        need = {code: demand[code] * SUPPLY[code] for code in SUPPLY}
        leader_name, leader_user = leaders.get(school.pk, ("", None))
        order = list(teachers)
        rng.shuffle(order)
        held: dict[int, set[str]] = {}
        for person in order:
            capacity = teacher_capacity(person.employee_number)
            count = rng.choices((2, 3, 4), weights=(35, 45, 20))[0]
            chosen: set[str] = set()
            while len(chosen) < count:
                code = _weighted(rng, {c: n for c, n in need.items() if c not in chosen})
                chosen.add(code)
            for code in chosen:
                need[code] -= capacity / count
                rows.append(
                    TeachingCompetence(
                        municipality=ishoj,
                        person=person,
                        subject=subjects[code],
                        level=CompetenceLevel.FORMAL,
                        basis=CompetenceBasis.EDUCATION,
                        note="Undervisningsfag fra læreruddannelsen.",
                    )
                )
            held[person.pk] = chosen
        # Tilsvarende kompetence: about one teacher in five, mostly short subjects.
        for person in order:
            if rng.random() >= 0.22:
                continue
            weights = {
                code: max(n, 200.0) * ASSESSED_SUBJECT_BIAS.get(code, 1.0)
                for code, n in need.items()
                if code not in held[person.pk]
            }
            code = _weighted(rng, weights)
            need[code] -= teacher_capacity(person.employee_number) / 4
            held[person.pk].add(code)
            rows.append(
                _assessed(
                    rng, ishoj, person, subjects[code], leader_name, leader_user, assessed_index
                )
            )
            assessed_index += 1
        # Over-registered: one teacher with seven or more competences.
        extra = OVER_REGISTERED.get(school.number)
        if extra:
            person = teachers[4]
            codes = [c for c in SUPPLY if c not in held[person.pk]]
            rng.shuffle(codes)
            for code in codes[: extra - len(held[person.pk])]:
                competence = _assessed(
                    rng, ishoj, person, subjects[code], leader_name, leader_user, 0
                )
                competence.basis = CompetenceBasis.EXPERIENCE
                competence.note = "Registreret ud fra erfaring; bør gennemgås."
                rows.append(competence)
    TeachingCompetence.objects.bulk_create(rows)
    return len(rows)


def _assessed(rng, ishoj, person, subject, leader_name, leader_user, index) -> TeachingCompetence:
    bases, weights = zip(*ASSESSED_BASES, strict=True)
    basis = rng.choices(bases, weights=weights)[0]
    return TeachingCompetence(
        municipality=ishoj,
        person=person,
        subject=subject,
        level=CompetenceLevel.ASSESSED,
        basis=basis,
        assessed_by=leader_user,
        assessed_by_name=leader_name,
        assessed_on=_assessed_on(rng, index),
        note=BASIS_NOTES[basis],
    )


#: (institution kind, job role) -> [(kind, title, share of the staff)]
QUALIFICATIONS: dict[tuple[str, str], list[tuple[str, str, float]]] = {
    ("dagtilbud", "Dagtilbudsleder"): [
        (QualificationKind.PEDAGOGUE_EDUCATION, "Pædagoguddannelsen", 1.0),
        (QualificationKind.ICDP_1, "ICDP niveau 1", 1.0),
        (QualificationKind.DIPLOMA_MODULE, "Diplomuddannelse i ledelse, modul 1", 1.0),
    ],
    ("dagtilbud", "Pædagogisk leder"): [
        (QualificationKind.PEDAGOGUE_EDUCATION, "Pædagoguddannelsen", 1.0),
        (QualificationKind.ICDP_1, "ICDP niveau 1", 1.0),
        (QualificationKind.ICDP_2, "ICDP niveau 2", 1.0),
    ],
    ("dagtilbud", "Pædagog"): [
        (QualificationKind.PEDAGOGUE_EDUCATION, "Pædagoguddannelsen", 1.0),
        (QualificationKind.ICDP_1, "ICDP niveau 1", 0.55),
        (QualificationKind.ICDP_2, "ICDP niveau 2", 0.08),
    ],
    ("dagtilbud", "Pædagogmedhjælper"): [
        (QualificationKind.ICDP_INSPIRED, "ICDP-inspireret forløb om samspil og relationer", 0.3),
        (QualificationKind.MERIT_PEDAGOGUE, "Meritpædagoguddannelsen", 0.15),
    ],
    ("dagtilbud", "PAU"): [
        (QualificationKind.PAU_EDUCATION, "Pædagogisk assistentuddannelse (PAU)", 1.0),
        (QualificationKind.ICDP_INSPIRED, "ICDP-inspireret forløb om samspil og relationer", 0.5),
    ],
    ("dagpleje", "Dagplejer"): [
        (QualificationKind.ICDP_INSPIRED, "ICDP-inspireret forløb om samspil og relationer", 0.4),
        (QualificationKind.PAU_EDUCATION, "Pædagogisk assistentuddannelse (PAU)", 0.1),
    ],
    ("sfo", "Pædagog"): [
        (QualificationKind.PEDAGOGUE_EDUCATION, "Pædagoguddannelsen", 1.0),
        (QualificationKind.ICDP_1, "ICDP niveau 1", 0.2),
    ],
    ("sfo", "Pædagogmedhjælper"): [
        (QualificationKind.PAU_EDUCATION, "Pædagogisk assistentuddannelse (PAU)", 0.25),
        (QualificationKind.MERIT_PEDAGOGUE, "Meritpædagoguddannelsen", 0.1),
    ],
    ("skole", "Pædagog"): [
        (QualificationKind.PEDAGOGUE_EDUCATION, "Pædagoguddannelsen", 1.0),
    ],
}
#: KiU courses completed in spring 2026, awaiting the leader's assessment:
#: (school number, teacher index at the school, subject code).
KIU_AWAITING = (
    ("183101", 9, "kristendomskundskab"),
    ("183102", 12, "natur-teknologi"),
    ("183104", 7, "historie"),
    ("183105", 15, "billedkunst"),
)


#: Pedagogues who started from this date are the ICDP rule's new hires; their
#: ICDP (done, overdue, due soon) is the rules demo's (competences/demo_rules.py).
RULE_NEW_HIRES_FROM = dt.date(2024, 1, 1)
ICDP_KINDS = (QualificationKind.ICDP_1, QualificationKind.ICDP_2)


def _qualifications(ishoj) -> int:
    rng = random.Random("kompetenceplan-demo-qualifications")
    employments = (
        Employment.objects.filter(institution__municipality=ishoj)
        .select_related("person", "institution", "job_role")
        .order_by("institution__number", "person__employee_number")
    )
    rows: list[Qualification] = []
    for employment in employments:
        specs = QUALIFICATIONS.get((employment.institution.kind, employment.job_role.name), [])
        person = employment.person
        obtained = employment.start_date
        for kind, title, share in specs:
            if rng.random() >= share:
                continue
            if kind in ICDP_KINDS and employment.start_date >= RULE_NEW_HIRES_FROM:
                continue  # the mandatory rule's new hires: competences/demo_rules.py
            if kind in (QualificationKind.PEDAGOGUE_EDUCATION, QualificationKind.PAU_EDUCATION):
                on = obtained - dt.timedelta(days=rng.randint(30, 400))
            elif kind == QualificationKind.ICDP_2:
                on = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2300))
            else:
                on = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3600))
            rows.append(
                Qualification(
                    municipality=ishoj, person=person, kind=kind, title=title, obtained_on=on
                )
            )
    teachers = _school_teachers(ishoj)
    subjects = {s.code: s for s in Subject.objects.filter(code__in=[k[2] for k in KIU_AWAITING])}
    numbers = {school.number: people for school, people in teachers.items()}
    held = set(
        TeachingCompetence.objects.filter(municipality=ishoj).values_list("person_id", "subject_id")
    )
    for number, index, code in KIU_AWAITING:
        people = numbers.get(number, [])
        if index < len(people) and (people[index].pk, subjects[code].pk) not in held:
            rows.append(
                Qualification(
                    municipality=ishoj,
                    person=people[index],
                    kind=QualificationKind.KIU_COURSE,
                    title=f"KiU-forløb i {subjects[code].name.lower()} (10 ECTS)",
                    subject=subjects[code],
                    obtained_on=dt.date(2026, 6, 12),
                )
            )
    Qualification.objects.bulk_create(rows)
    return len(rows)
