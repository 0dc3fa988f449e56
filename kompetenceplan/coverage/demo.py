"""Demo classes and lesson allocation (fagfordeling) for Ishøj's five schools
in 2024/25 and 2025/26, Ishøj's coverage targets and the planner's course
options (docs/coverage.md, "Demodata").

Synthetic and deterministic (seeded random):

- Two or three classes a grade, 0.-9. klasse (a year group keeps its number of
  classes as it moves up), a 10. klasse at Ishøj Skole, a special class at
  Vejlebroskolen and a reception class at Strandgårdskolen.
- Every class plans the guideline hours of its subject and grade (the table in
  force that year: the 2014 figures, from 2025/26 with L 41's grade spans;
  kristendomskundskab and 10. klasse: competences.demo's hours); no subject
  rows in 0. klasse.
- The allocation gives a class's subject to a teacher qualified in it (formal,
  or assessed by 31 July at the end of the school year) where one has room,
  udskoling first, the scarce subjects first; the rest of the hours, and a
  share of "skemahensyn" (more in indskoling, more in 2024/25), go to teachers
  without the subject, preferably one who already teaches the class. The
  subjects Ishøj has few teachers for (competences.demo.SUPPLY) end up short.
- Co-teaching: a pedagogue with 60 hours in dansk in 1. klasse and 2.A, a
  second teacher with fewer hours in some classes (one of them qualified where
  the main teacher is not), and one exact tie in hours.

Loaded once: when Ishøj has classes, the allocation is left alone; targets and
course options are created when missing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from kompetenceplan.competences import demo as competences_demo
from kompetenceplan.competences.models import Subject, TeachingCompetence
from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Employment, Institution

from .choices import ClassKind, CourseKind, GradeBand, grade_band_of
from .models import CourseOption, CoverageTarget, LessonAllocation, SchoolClass

MUNICIPALITY = competences_demo.MUNICIPALITY
SCHOOL_YEARS = ("2024/25", "2025/26")
#: School number -> usual classes a grade.
CLASSES_PER_GRADE = {"183101": 2, "183102": 3, "183103": 2, "183104": 3, "183105": 2}
TENTH_GRADE_SCHOOL = "183102"
#: Ishøj Skole's C classes read fransk instead of tysk.
FRENCH = ("183102", "C")
#: (school, name, grade, kind, {subject: hours})
OTHER_CLASSES = (
    (
        "183104",
        "S-klassen",
        5,
        ClassKind.SPECIAL,
        {"dansk": 240, "matematik": 150, "engelsk": 60, "natur-teknologi": 60, "idraet": 60},
    ),
    (
        "183103",
        "Modtagelsesklassen",
        3,
        ClassKind.RECEPTION,
        {"dansk": 330, "matematik": 120, "engelsk": 30, "idraet": 60},
    ),
)
#: The share of a subject's hours the school aims to give a qualified teacher
#: in 2025/26 (where one has room; the rest is "skemahensyn"), adjusted by
#: grade band, school and year below. Ishøj's weak subjects are those the
#: ministry's statistics found weak in 2014/15, a decade on.
PROFILE = {
    "dansk": 0.975,
    "matematik": 0.97,
    "fysik-kemi": 0.98,
    "engelsk": 0.93,
    "tysk": 0.92,
    "fransk": 0.9,
    "samfundsfag": 0.86,
    "geografi": 0.84,
    "biologi": 0.88,
    "idraet": 0.88,
    "musik": 0.8,
    "madkundskab": 0.78,
    "haandvaerk-og-design": 0.8,
    "historie": 0.72,
    "natur-teknologi": 0.7,
    "kristendomskundskab": 0.64,
    "billedkunst": 0.74,
}
BAND_ADJUSTMENT: dict[str, float] = {
    GradeBand.EARLY: -0.04,
    GradeBand.MIDDLE: -0.01,
    GradeBand.LATE: 0.025,
}
SCHOOL_ADJUSTMENT = {
    "183101": 0.0,
    "183102": -0.01,
    "183103": -0.03,
    "183104": 0.01,
    "183105": 0.02,
}
YEAR_ADJUSTMENT = {"2024/25": -0.02, "2025/26": 0.0}
#: Teachers in a year's allocation: employed from before this date.
EMPLOYED_BY = {"2024/25": dt.date(2024, 8, 1), "2025/26": dt.date(2026, 1, 1)}
PEDAGOGUE_CO_TEACHING_HOURS = 60
CO_TEACHING = {"matematik": 30, "dansk": 45}  # second teacher's hours, grades 4-9, B classes
TIE = ("183101", "2025/26", "6.A", "matematik")
QUALIFIED_CO_TEACHER = ("183104", "2025/26")
QUALIFIED_CO_TEACHING = ("matematik", "dansk", "engelsk", "historie", "natur-teknologi")

TARGET_SOURCE = (
    "Demo: Ishøjs kompetenceudviklingsplan for skoleområdet 2024/2025 og 2025/2026 nævner "
    "linjefagskompetence blandt de prioriterede kompetencer, men angiver intet dækningsmål. "
    "Målet her er opfundet til demoen efter de nationale mål ({detail})."
)
TARGETS = (
    ("2024/25", GradeBand.ALL, Decimal(90), "90 % af timerne på alle klassetrin"),
    (
        "2025/26",
        GradeBand.MIDDLE,
        Decimal(95),
        "95 % i 2025/26; intet mål for indskolingen efter aftalen fra 2024",
    ),
    (
        "2025/26",
        GradeBand.LATE,
        Decimal(95),
        "95 % i 2025/26; intet mål for indskolingen efter aftalen fra 2024",
    ),
)
#: (name, kind, subject code or None, price, duration hours, ECTS). Prices per
#: participant, without substitute cover (demo figures in the range of the
#: university colleges' prices).
COURSE_OPTIONS = (
    ("KiU fuldt fagforløb (10 ECTS)", CourseKind.KIU, None, 45000, 275, 10),
    ("KiU kristendomskundskab (10 ECTS)", CourseKind.KIU, "kristendomskundskab", 36000, 275, 10),
    ("KiU historie (10 ECTS)", CourseKind.KIU, "historie", 38000, 275, 10),
    ("KiU natur/teknologi (10 ECTS)", CourseKind.KIU, "natur-teknologi", 52000, 275, 10),
    ("KiU billedkunst (10 ECTS)", CourseKind.KIU, "billedkunst", 42000, 275, 10),
    ("Supplerende kursus i faget (5 ECTS)", CourseKind.SUPPLEMENTARY, None, 22000, 135, 5),
    (
        "Supplerende kursus i kristendomskundskab (5 ECTS)",
        CourseKind.SUPPLEMENTARY,
        "kristendomskundskab",
        18500,
        135,
        5,
    ),
    ("Kompetencemålsprøve", CourseKind.COMPETENCE_EXAM, None, 7500, 40, None),
)


@dataclass
class Teacher:
    person_id: int
    employee_number: str
    capacity: int
    qualified: set[str]
    load: int = 0
    classes: set[str] = field(default_factory=set)

    @property
    def room(self) -> int:
        return self.capacity - self.load


@dataclass
class Slot:
    class_name: str
    grade: int
    kind: str
    code: str
    hours: int
    teacher: Teacher | None = None


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get(MUNICIPALITY)
    if ishoj is None:
        return
    with transaction.atomic():
        _targets(ishoj)
        _course_options(ishoj)
        if SchoolClass.objects.filter(municipality=ishoj).exists():
            return  # loaded before: leave the allocation (and what users did with it) alone
        classes, rows = _allocation(ishoj)
    run.write(
        f"Fagfordeling: {classes} klasser og {rows} fagfordelingsrækker i Ishøj "
        f"({' og '.join(SCHOOL_YEARS)}), dækningsmål og kursusmuligheder"
    )


def _targets(ishoj) -> None:
    for school_year, band, percent, detail in TARGETS:
        CoverageTarget.objects.get_or_create(
            municipality=ishoj,
            school_year=school_year,
            grade_band=band,
            defaults={"percent": percent, "source": TARGET_SOURCE.format(detail=detail)},
        )


def _course_options(ishoj) -> None:
    subjects = {s.code: s for s in Subject.objects.all()}
    for name, kind, code, price, hours, ects in COURSE_OPTIONS:
        CourseOption.objects.get_or_create(
            municipality=ishoj,
            name=name,
            defaults={
                "kind": kind,
                "subject": subjects[code] if code else None,
                "price": Decimal(price),
                "duration_hours": Decimal(hours),
                "ects": Decimal(ects) if ects is not None else None,
            },
        )


def _class_count(school: str, first_year: int) -> int:
    """Classes in the year group that started 0. klasse in ``first_year``."""
    base = CLASSES_PER_GRADE[school]
    r = random.Random(f"kompetenceplan-demo-classes-{school}-{first_year}").random()
    if base == 2 and r < 0.3:
        return 3
    if base == 3 and r < 0.25:
        return 2
    return base


def _slots(school: str, school_year: str, hours: dict[tuple[str, int], int]) -> list[Slot]:
    start = int(school_year[:4])
    slots: list[Slot] = []
    classes: list[tuple[str, int, str]] = []
    for grade in range(10):
        for index in range(_class_count(school, start - grade)):
            classes.append((f"{grade}.{'ABCD'[index]}", grade, ClassKind.NORMAL))
    if school == TENTH_GRADE_SCHOOL:
        classes.append(("10.A", 10, ClassKind.NORMAL))
    for name, grade, kind in classes:
        letter = name.split(".")[1]
        for (code, g), h in sorted(hours.items()):
            if g != grade or code not in competences_demo.SUPPLY:
                continue
            if code in ("tysk", "fransk"):
                french = (school, letter) == FRENCH
                if (code == "fransk") != french:
                    continue
            slots.append(Slot(name, grade, kind, code, h))
        if grade == 0:
            slots.append(Slot(name, grade, kind, "", 0))  # the class, no subject rows
    for other_school, name, grade, kind, subject_hours in OTHER_CLASSES:
        if other_school == school:
            for code, h in subject_hours.items():
                slots.append(Slot(name, grade, kind, code, h))
    return slots


def _teachers(ishoj, school_year: str) -> dict[str, list[Teacher]]:
    """School number -> its teachers in the school year, with the subjects they
    are qualified in that year."""
    end = competences_demo.school_year_end(school_year)
    qualified: dict[int, set[str]] = defaultdict(set)
    for person_id, code, assessed_on in TeachingCompetence.objects.filter(
        municipality=ishoj
    ).values_list("person_id", "subject__code", "assessed_on"):
        if assessed_on is None or assessed_on <= end:
            qualified[person_id].add(code)
    teachers: dict[str, list[Teacher]] = defaultdict(list)
    employments = Employment.objects.filter(
        institution__municipality=ishoj,
        institution__kind="skole",
        job_role__name="Lærer",
        start_date__lt=EMPLOYED_BY[school_year],
    ).order_by("institution__number", "person__employee_number")
    for number, person_id, employee_number in employments.values_list(
        "institution__number", "person_id", "person__employee_number"
    ):
        teachers[number].append(
            Teacher(
                person_id,
                employee_number,
                competences_demo.teacher_capacity(employee_number),
                qualified[person_id],
            )
        )
    return teachers


def _pick(candidates: list[Teacher], slot: Slot) -> Teacher | None:
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda t: (
            slot.class_name not in t.classes,
            t.load / t.capacity,
            t.employee_number,
        ),
    )


def _assign(slot: Slot, teacher: Teacher) -> None:
    slot.teacher = teacher
    teacher.load += slot.hours
    teacher.classes.add(slot.class_name)


def _allocate(school: str, school_year: str, slots: list[Slot], teachers: list[Teacher]) -> None:
    """Main teachers: qualified ones first (udskoling first, scarce subjects
    first) within the timetable's share, then everyone else."""
    subject_slots = [s for s in slots if s.code]
    # Which hours the timetable lets go to a qualified teacher, per subject and band.
    wanted: set[int] = set()
    groups: dict[tuple[str, str | None], list[Slot]] = defaultdict(list)
    for slot in subject_slots:
        band = grade_band_of(slot.grade) if slot.kind == ClassKind.NORMAL else None
        groups[(slot.code, band)].append(slot)
    for (code, band), group in groups.items():
        group.sort(key=lambda s: (-s.grade, s.class_name))
        target = 0.8
        if band is not None:
            target = min(
                0.995,
                PROFILE[code]
                + BAND_ADJUSTMENT[band]
                + SCHOOL_ADJUSTMENT[school]
                + YEAR_ADJUSTMENT[school_year],
            )
        total = covered = 0.0
        for slot in group:
            total += slot.hours
            if covered + slot.hours <= target * total + slot.hours / 2:
                covered += slot.hours
                wanted.add(id(slot))
    demand: dict[str, int] = defaultdict(int)
    for slot in subject_slots:
        demand[slot.code] += slot.hours
    # The big subjects first (a teacher's main subjects fill their week), udskoling first.
    order = sorted(
        subject_slots,
        key=lambda s: (s.kind != ClassKind.NORMAL, -demand[s.code], s.code, -s.grade, s.class_name),
    )
    for slot in order:
        if id(slot) in wanted:
            teacher = _pick(
                [t for t in teachers if slot.code in t.qualified and t.room >= slot.hours], slot
            )
            if teacher is not None:
                _assign(slot, teacher)
    for slot in order:
        if slot.teacher is not None:
            continue
        unqualified = [t for t in teachers if slot.code not in t.qualified]
        teacher = _pick([t for t in unqualified if t.room >= slot.hours], slot) or _pick(
            unqualified, slot
        )
        _assign(slot, teacher or _pick(teachers, slot))  # type: ignore[arg-type]


def _allocation(ishoj) -> tuple[int, int]:
    subjects = {s.code: s for s in Subject.objects.all()}
    schools = {
        i.number: i
        for i in Institution.objects.filter(municipality=ishoj, number__in=list(CLASSES_PER_GRADE))
    }
    pedagogues: dict[str, list[int]] = defaultdict(list)
    for number, person_id in (
        Employment.objects.filter(
            institution__municipality=ishoj, institution__kind="skole", job_role__name="Pædagog"
        )
        .order_by("institution__number", "person__employee_number")
        .values_list("institution__number", "person_id")
    ):
        pedagogues[number].append(person_id)
    plan: list[tuple[Institution, str, list[Slot], list[tuple[Slot, int, Decimal]]]] = []
    for school_year in SCHOOL_YEARS:
        hours = competences_demo.planned_hours(school_year)
        teachers_by_school = _teachers(ishoj, school_year)
        for number, institution in sorted(schools.items()):
            teachers = teachers_by_school[number]
            slots = _slots(number, school_year, hours)
            _allocate(number, school_year, slots, teachers)
            extra = _co_teaching(number, school_year, slots, teachers, pedagogues[number])
            plan.append((institution, school_year, slots, extra))
    classes: dict[tuple[int, str, str], SchoolClass] = {}
    for institution, school_year, slots, _extra in plan:
        for slot in slots:
            key = (institution.pk, school_year, slot.class_name)
            if key not in classes:
                classes[key] = SchoolClass(
                    municipality=ishoj,
                    institution=institution,
                    school_year=school_year,
                    name=slot.class_name,
                    grade=slot.grade,
                    kind=slot.kind,
                )
    SchoolClass.objects.bulk_create(list(classes.values()))
    rows: dict[tuple[int, int, int], LessonAllocation] = {}
    for institution, school_year, slots, extra in plan:
        main = [(s, s.teacher.person_id, Decimal(s.hours)) for s in slots if s.code and s.teacher]
        for slot, person_id, h in main + extra:
            school_class = classes[(institution.pk, school_year, slot.class_name)]
            subject = subjects[slot.code]
            row_key = (school_class.pk, subject.pk, person_id)
            if row_key in rows:
                rows[row_key].hours += h
                continue
            rows[row_key] = LessonAllocation(
                municipality=ishoj,
                school_class=school_class,
                subject=subject,
                person_id=person_id,
                hours=h,
            )
    LessonAllocation.objects.bulk_create(list(rows.values()), batch_size=2000)
    return len(classes), len(rows)


def _co_teaching(
    school: str,
    school_year: str,
    slots: list[Slot],
    teachers: list[Teacher],
    pedagogues: list[int],
) -> list[tuple[Slot, int, Decimal]]:
    """Second adults in some classes (rows beside the main teachers'), and the
    exact tie: the main teacher's hours changed in place."""
    extra: list[tuple[Slot, int, Decimal]] = []
    normal = [s for s in slots if s.code and s.kind == ClassKind.NORMAL and s.teacher]
    for index, slot in enumerate(
        s for s in normal if s.code == "dansk" and (s.grade == 1 or s.class_name == "2.A")
    ):
        if pedagogues:
            extra.append(
                (slot, pedagogues[index % len(pedagogues)], Decimal(PEDAGOGUE_CO_TEACHING_HOURS))
            )
    by_number = sorted(teachers, key=lambda t: t.employee_number)
    for slot in normal:
        hours = CO_TEACHING.get(slot.code)
        if not hours or slot.grade not in (4, 6, 8) or not slot.class_name.endswith("B"):
            continue
        second = _pick([t for t in by_number if t is not slot.teacher and t.room >= hours], slot)
        if second is not None:
            second.load += hours
            extra.append((slot, second.person_id, Decimal(hours)))
    if (school, school_year) == QUALIFIED_CO_TEACHER:
        # The main teacher lacks the subject; a qualified colleague has fewer hours.
        for slot in normal:
            assert slot.teacher is not None
            if slot.code not in QUALIFIED_CO_TEACHING or slot.code in slot.teacher.qualified:
                continue
            colleague = _pick([t for t in by_number if slot.code in t.qualified], slot)
            if colleague is not None and slot.grade >= 1 and slot.hours > 30:
                colleague.load += 30
                extra.append((slot, colleague.person_id, Decimal(30)))
                break
    if (school, school_year) == TIE[:2]:
        for slot in normal:
            assert slot.teacher is not None
            if (slot.class_name, slot.code) != TIE[2:]:
                continue
            # A colleague of the other kind (qualified or not) takes half the hours.
            main_qualified = slot.code in slot.teacher.qualified
            colleague = _pick(
                [
                    t
                    for t in by_number
                    if t is not slot.teacher and (slot.code in t.qualified) != main_qualified
                ],
                slot,
            )
            if colleague is not None:
                half = slot.hours // 2
                slot.hours -= half
                extra.append((slot, colleague.person_id, Decimal(half)))
    return extra
