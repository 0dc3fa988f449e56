"""Kompetencedækning: the counting rules, in one place (docs/coverage.md,
"Regnereglerne"; the shared interface is described there too).

Coverage is the share of the counted lesson hours that are taught by a teacher
with undervisningskompetence (formal) or tilsvarende kompetence (assessed) in
the subject, as the ministry computes it (folkeskoleloven § 40 stk. 7):

1. **Rows.** The lesson allocation (``LessonAllocation``) of the school year,
   in **normal classes** only (special and reception classes are out), on
   **klassetrin 1-10** (the børnehaveklasse, klassetrin 0, is out), in the
   subjects with ``Subject.in_coverage`` (the electives are out).
2. **Over-registered teachers.** A teacher with **more than six**
   ``TeachingCompetence`` rows that count in the school year (rule 5's date)
   is excluded together with their hours: their allocation rows are dropped
   *before* the main teacher is chosen, so a co-teacher may become the main
   teacher, and a class and subject taught by them alone drops out.
3. **Main teacher.** Per class and subject, only the teacher with the most
   planned hours counts (co-teaching). A tie in hours goes to the **lowest
   employee number** (compared as text, which for numbers of the same width is
   numeric order; the person id settles the impossible rest).
4. **Weight.** Each class and subject weighs in with the **guideline hours**
   (vejledende timetal, bilag 1) of its subject and klassetrin from the
   guideline table in force that school year (the ``GuidelineTable`` with
   ``first_school_year <= year`` and ``last_school_year`` empty or
   ``>= year``). Where that table has no hours for the subject and grade
   (10. klasse, kristendomskundskab), or no table is in force, the **main
   teacher's planned hours** in that class and subject count instead.
5. **Covered.** The class and subject's weight is covered when the main
   teacher has a ``TeachingCompetence`` in the subject whose ``assessed_on``
   is empty or on or before **31 July at the end of the school year**; it is
   *formal* when that competence's level is undervisningskompetence, otherwise
   *assessed* (a person has at most one competence per subject, so formal
   beats assessed by construction).
6. **Grouping.** Hours and covered hours are summed per school, subject and
   grade band (indskoling 1-3, mellemtrin 4-6, udskoling 7-10) in the
   database, and added up in Python to the school, subject, band and
   municipality figures. Percentages are rounded to one decimal, half up.

**Estimate.** A school with ``SchoolClass`` rows in the year but no lesson
allocation at all is *estimated* (``SchoolCoverage.estimated``):

- hours = the guideline hours of each subject and grade x the school's normal
  classes on that grade (subjects and grades without guideline hours cannot
  be estimated and are left out; bilag 1's combined row tysk/fransk counts
  once, as tysk, since a class takes one of them);
- the school's teachers are the people with an employment at the school in a
  teaching job role (``RoleCategory.TEACHING``) running at some time in the
  school year, over-registered teachers (rule 2) left out;
- each teacher is assumed to teach an equal share of the school's estimated
  hours (total hours / number of teachers), split evenly over the subjects
  they have a counting competence in (a teacher without any competence still
  takes a share of the total);
- per subject: formal hours = min(hours, the formal teachers' shares);
  assessed hours = min(hours - formal hours, the assessed teachers' shares);
  covered = formal + assessed; the subject's covered share applies to each of
  its grades (for the grade bands).

It is a rough estimate of what the school's staff could cover, not a count:
the report labels it as one.

The aggregate is a fixed number of queries however many classes there are:
the guideline table in force, the classes per school and grade, the subjects,
the main aggregate (a window function for the main teacher, a subquery for the
guideline hours, ``Exists`` for the competence), and, only when a school is
estimated, its guideline hours and its teachers' competences.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from kompetenceplan.competences.choices import CompetenceLevel
from kompetenceplan.competences.models import (
    GuidelineHours,
    GuidelineTable,
    Subject,
    TeachingCompetence,
)
from kompetenceplan.competences.reference import COMBINED_ROWS
from kompetenceplan.organisation.choices import RoleCategory
from kompetenceplan.organisation.models import Employment

from .choices import GRADE_BANDS, ClassKind, GradeBand
from .models import LessonAllocation, SchoolClass

#: Rule 2: a teacher with more than this many competences is excluded.
MAX_COMPETENCES = 6
#: Rule 1: the counted klassetrin.
FIRST_GRADE, LAST_GRADE = 1, 10

ZERO = Decimal(0)
HOURS = DecimalField(max_digits=12, decimal_places=2)
BANDS = (GradeBand.EARLY, GradeBand.MIDDLE, GradeBand.LATE)


# --- figures -------------------------------------------------------------------------


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` of ``whole`` in percent, one decimal, half up; None for 0 hours."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    hours: Decimal = ZERO
    covered_hours: Decimal = ZERO
    formal_hours: Decimal = ZERO
    assessed_hours: Decimal = ZERO

    @property
    def coverage(self) -> Decimal | None:
        return percent(self.covered_hours, self.hours)

    @property
    def formal(self) -> Decimal | None:
        return percent(self.formal_hours, self.hours)

    @property
    def assessed(self) -> Decimal | None:
        return percent(self.assessed_hours, self.hours)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.hours + other.hours,
            self.covered_hours + other.covered_hours,
            self.formal_hours + other.formal_hours,
            self.assessed_hours + other.assessed_hours,
        )


def _total(figures: Iterable[Figures]) -> Figures:
    total = Figures()
    for item in figures:
        total = total + item
    return total


@dataclass(frozen=True)
class SubjectFigures:
    subject_id: int
    subject: str
    figures: Figures


@dataclass
class SchoolCoverage:
    institution_id: int
    institution_number: str
    name: str
    figures: Figures
    subjects: list[SubjectFigures]
    bands: dict[str, Figures]
    estimated: bool


@dataclass
class CoverageReport:
    municipality_id: int
    school_year: str
    figures: Figures
    schools: list[SchoolCoverage]
    subjects: list[SubjectFigures]
    bands: dict[str, Figures]
    provisional: bool
    guideline_table: str


@dataclass(frozen=True)
class ClassSubjectRow:
    class_id: int
    class_name: str
    grade: int
    subject_id: int
    subject: str
    weight_hours: Decimal
    main_teacher_id: int | None
    main_teacher: str | None
    level: str | None
    teachers: list[tuple[int, str, Decimal, bool]] = field(default_factory=list)


# --- the rules as query parts --------------------------------------------------------


def school_year_end(school_year: str) -> dt.date:
    """31 July at the end of the school year ('2025/26' -> 2026-07-31)."""
    return dt.date(int(school_year[:4]) + 1, 7, 31)


def school_year_start(school_year: str) -> dt.date:
    """1 August at the start of the school year ('2025/26' -> 2025-08-01)."""
    return dt.date(int(school_year[:4]), 8, 1)


def guideline_table_in_force(school_year: str) -> GuidelineTable | None:
    """Rule 4: the guideline table in force in the school year."""
    return (
        GuidelineTable.objects.filter(first_school_year__lte=school_year)
        .filter(Q(last_school_year="") | Q(last_school_year__gte=school_year))
        .order_by("-first_school_year")
        .first()
    )


def counting_competences(school_year: str, prefix: str = "") -> Q:
    """Rule 5: a competence counts when assessed on or before 31 July at the
    end of the school year, or undated."""
    return Q(**{f"{prefix}assessed_on__isnull": True}) | Q(
        **{f"{prefix}assessed_on__lte": school_year_end(school_year)}
    )


def over_registered(*, municipality_id: int, school_year: str) -> QuerySet:
    """Rule 2: the ids of the people with more than six counting competences."""
    return (
        TeachingCompetence.objects.filter(municipality_id=municipality_id)
        .filter(counting_competences(school_year))
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gt=MAX_COMPETENCES)
        .values("person_id")
    )


def counted_allocations(
    *, municipality_id: int, school_year: str, institution_ids: list[int] | None = None
) -> QuerySet[LessonAllocation]:
    """Rule 1: the allocation rows in scope (normal classes, klassetrin 1-10,
    subjects in coverage), before rule 2."""
    rows = LessonAllocation.objects.filter(
        municipality_id=municipality_id,
        school_class__school_year=school_year,
        school_class__kind=ClassKind.NORMAL,
        school_class__grade__gte=FIRST_GRADE,
        school_class__grade__lte=LAST_GRADE,
        subject__in_coverage=True,
    )
    if institution_ids is not None:
        rows = rows.filter(school_class__institution_id__in=institution_ids)
    return rows


def main_teacher_rank(*partition: str) -> Window:
    """Rule 3: 1 for the main teacher of each class and subject."""
    return Window(
        RowNumber(),
        partition_by=[F("school_class_id"), F("subject_id"), *[F(name) for name in partition]],
        order_by=[F("hours").desc(), F("person__employee_number").asc(), F("person_id").asc()],
    )


def guideline_weight(table: GuidelineTable | None) -> Coalesce | F:
    """Rule 4: the guideline hours of the row's subject and grade, else the
    row's own planned hours (used on the main teacher's row)."""
    if table is None:
        return F("hours")
    guideline = (
        GuidelineHours.objects.filter(
            table_id=table.pk,
            subject_id=OuterRef("subject_id"),
            grade=OuterRef("school_class__grade"),
        )
        .order_by()
        .values("hours")[:1]
    )
    return Coalesce(Subquery(guideline, output_field=HOURS), F("hours"), output_field=HOURS)


def has_competence(school_year: str, level: str) -> Exists:
    """Rule 5: the row's teacher has a counting competence of ``level`` in its subject."""
    return Exists(
        TeachingCompetence.objects.filter(
            person_id=OuterRef("person_id"), subject_id=OuterRef("subject_id"), level=level
        ).filter(counting_competences(school_year))
    )


def competence_level(school_year: str) -> Case:
    """Rule 5: ``formal``, ``assessed`` or ``""`` for the row's teacher in its
    subject (formal first; the second ``Exists`` only runs when the first fails)."""
    return Case(
        When(
            has_competence(school_year, CompetenceLevel.FORMAL),
            then=Value(str(CompetenceLevel.FORMAL)),
        ),
        When(
            has_competence(school_year, CompetenceLevel.ASSESSED),
            then=Value(str(CompetenceLevel.ASSESSED)),
        ),
        default=Value(""),
        output_field=CharField(),
    )


def grade_band() -> Case:
    """Rule 6: the grade band of the row's class."""
    return Case(
        *[
            When(school_class__grade__in=grades, then=Value(str(band)))
            for band, grades in GRADE_BANDS.items()
        ],
        default=Value(""),
        output_field=CharField(),
    )


def main_teacher_ids(
    *, municipality_id: int, school_year: str, institution_ids: list[int] | None = None
) -> QuerySet:
    """Rules 1-3: the ids of the main teachers' allocation rows, one per
    counted class and subject (a window function over the rows in scope
    without the over-registered teachers)."""
    return (
        counted_allocations(
            municipality_id=municipality_id,
            school_year=school_year,
            institution_ids=institution_ids,
        )
        .exclude(
            person_id__in=over_registered(municipality_id=municipality_id, school_year=school_year)
        )
        .annotate(rank=main_teacher_rank())
        .filter(rank=1)
        .order_by()
        .values("pk")
    )


def main_teacher_rows(
    *,
    municipality_id: int,
    school_year: str,
    table: GuidelineTable | None,
    institution_ids: list[int] | None = None,
) -> QuerySet[LessonAllocation]:
    """Rules 1-5: the main teachers' rows, annotated with ``weight``,
    ``level`` (``formal``, ``assessed`` or ``""``) and ``band``."""
    ids = main_teacher_ids(
        municipality_id=municipality_id,
        school_year=school_year,
        institution_ids=institution_ids,
    )
    return (
        LessonAllocation.objects.filter(pk__in=ids)
        .annotate(
            weight=guideline_weight(table),
            level=competence_level(school_year),
            band=grade_band(),
        )
        .order_by()
    )


def aggregate_rows(
    *,
    municipality_id: int,
    school_year: str,
    table: GuidelineTable | None,
    institution_ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Rule 6: the weighted hours per school, subject, band and competence
    level (one query; each expression is computed once a row because the
    level is grouped on, not summed conditionally)."""
    rows: Any = main_teacher_rows(
        municipality_id=municipality_id,
        school_year=school_year,
        table=table,
        institution_ids=institution_ids,
    )
    return list(
        rows.values("school_class__institution_id", "subject_id", "band", "level")
        .annotate(total=Sum("weight", output_field=HOURS))
        .order_by()
    )


# --- the report ----------------------------------------------------------------------


def _dec(value: object) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


def coverage_report(
    *, municipality_id: int, school_year: str, institution_ids: list[int] | None = None
) -> CoverageReport:
    """The municipality's coverage in the school year, per school, subject and
    grade band (the rules in this module's docstring), in a fixed number of
    queries. ``institution_ids`` limits it to those schools (a leader's)."""
    table = guideline_table_in_force(school_year)
    classes = SchoolClass.objects.filter(municipality_id=municipality_id, school_year=school_year)
    if institution_ids is not None:
        classes = classes.filter(institution_id__in=institution_ids)
    class_counts: list[Any] = list(
        classes.annotate(
            allocated=Exists(LessonAllocation.objects.filter(school_class_id=OuterRef("pk")))
        )
        .values(
            "institution_id",
            "institution__number",
            "institution__name",
            "grade",
            "kind",
            "allocated",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    schools: dict[int, tuple[str, str]] = {}
    allocated: set[int] = set()
    normal_classes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in class_counts:
        school = row["institution_id"]
        schools[school] = (row["institution__number"], row["institution__name"])
        if row["allocated"]:
            allocated.add(school)
        if row["kind"] == ClassKind.NORMAL and FIRST_GRADE <= row["grade"] <= LAST_GRADE:
            normal_classes[school][row["grade"]] += row["n"]
    estimated = set(schools) - allocated
    subjects = {
        s.pk: s for s in Subject.objects.filter(in_coverage=True).order_by("sort_order", "name")
    }

    # (school, subject, band) -> figures
    cells: dict[tuple[int, int, str], Figures] = {}
    if allocated:
        for cell in aggregate_rows(
            municipality_id=municipality_id,
            school_year=school_year,
            table=table,
            institution_ids=sorted(allocated) if institution_ids is not None else None,
        ):
            key = (cell["school_class__institution_id"], cell["subject_id"], cell["band"])
            hours = _dec(cell["total"])
            formal = hours if cell["level"] == CompetenceLevel.FORMAL else ZERO
            assessed = hours if cell["level"] == CompetenceLevel.ASSESSED else ZERO
            cells[key] = cells.get(key, Figures()) + Figures(
                hours, formal + assessed, formal, assessed
            )
    if estimated:
        cells.update(
            _estimate(
                school_year=school_year,
                table=table,
                schools=sorted(estimated),
                normal_classes=normal_classes,
            )
        )

    school_list = []
    for school, (number, name) in sorted(schools.items(), key=lambda item: (item[1][1], item[0])):
        own = {key: value for key, value in cells.items() if key[0] == school}
        school_list.append(
            SchoolCoverage(
                institution_id=school,
                institution_number=number,
                name=name,
                figures=_total(own.values()),
                subjects=_by_subject(own, subjects),
                bands=_by_band(own),
                estimated=school in estimated,
            )
        )
    return CoverageReport(
        municipality_id=municipality_id,
        school_year=school_year,
        figures=_total(cells.values()),
        schools=school_list,
        subjects=_by_subject(cells, subjects),
        bands=_by_band(cells),
        provisional=bool(table and table.provisional),
        guideline_table=table.name if table else "",
    )


def _by_subject(
    cells: dict[tuple[int, int, str], Figures], subjects: dict[int, Subject]
) -> list[SubjectFigures]:
    sums: dict[int, Figures] = defaultdict(Figures)
    for (_school, subject, _band), figures in cells.items():
        sums[subject] = sums[subject] + figures
    return [
        SubjectFigures(subject_id=pk, subject=subject.name, figures=sums[pk])
        for pk, subject in subjects.items()
        if pk in sums
    ]


def _by_band(cells: dict[tuple[int, int, str], Figures]) -> dict[str, Figures]:
    bands = {str(band): Figures() for band in BANDS}
    for (_school, _subject, band), figures in cells.items():
        if band in bands:
            bands[band] = bands[band] + figures
    return bands


def _estimate(
    *,
    school_year: str,
    table: GuidelineTable | None,
    schools: list[int],
    normal_classes: dict[int, dict[int, int]],
) -> dict[tuple[int, int, str], Figures]:
    """The estimate of the schools without a lesson allocation (see the module
    docstring): two queries for all of them."""
    if table is None:
        return {}
    guideline: dict[int, dict[int, Decimal]] = defaultdict(dict)
    # A combined row of bilag 1 (tysk/fransk) is one class's hours: only its
    # first subject is estimated.
    alternatives = [name for names in COMBINED_ROWS.values() for name in names[1:]]
    for subject_id, grade, hours in (
        GuidelineHours.objects.filter(
            table=table, subject__in_coverage=True, grade__gte=FIRST_GRADE, grade__lte=LAST_GRADE
        )
        .exclude(subject__name__in=alternatives)
        .values_list("subject_id", "grade", "hours")
    ):
        guideline[subject_id][grade] = Decimal(hours)
    # The schools' teachers in the year with their counting competences (one
    # query: a row per teacher and competence, or one without a subject).
    teachers = (
        Employment.objects.filter(
            institution_id__in=schools,
            job_role__category=RoleCategory.TEACHING,
            start_date__lte=school_year_end(school_year),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=school_year_start(school_year)))
        .annotate(
            competence_subject=F("person__teaching_competences__subject_id"),
            competence_level=F("person__teaching_competences__level"),
            competence_on=F("person__teaching_competences__assessed_on"),
        )
        .values_list(
            "institution_id", "person_id", "competence_subject", "competence_level", "competence_on"
        )
        .distinct()
    )
    end = school_year_end(school_year)
    staff: dict[int, dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    for school, person, subject, level, on in teachers:
        competences = staff[school][person]
        if subject is not None and (on is None or on <= end):
            competences[subject] = level
    cells: dict[tuple[int, int, str], Figures] = {}
    for school in schools:
        # hours per subject and grade
        school_hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for subject_id, per_grade in guideline.items():
            for grade, count in normal_classes.get(school, {}).items():
                if grade in per_grade and count:
                    school_hours[subject_id][grade] = per_grade[grade] * count
        total = sum((sum(g.values(), ZERO) for g in school_hours.values()), ZERO)
        people = {p: c for p, c in staff.get(school, {}).items() if len(c) <= MAX_COMPETENCES}
        share = total / len(people) if people else ZERO
        capacity: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        for competences in people.values():
            for subject_id, level in competences.items():
                capacity[(subject_id, level)] += share / len(competences)
        for subject_id, per_grade in school_hours.items():
            subject_hours = sum(per_grade.values(), ZERO)
            formal = min(subject_hours, capacity[(subject_id, CompetenceLevel.FORMAL)])
            assessed = min(subject_hours - formal, capacity[(subject_id, CompetenceLevel.ASSESSED)])
            ratio_formal = formal / subject_hours if subject_hours else ZERO
            ratio_assessed = assessed / subject_hours if subject_hours else ZERO
            for band, grades in GRADE_BANDS.items():
                band_hours = sum((h for g, h in per_grade.items() if g in grades), ZERO)
                if not band_hours:
                    continue
                f = _round(band_hours * ratio_formal)
                a = _round(band_hours * ratio_assessed)
                cells[(school, subject_id, str(band))] = Figures(band_hours, f + a, f, a)
    return cells


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- school years and drill-down -----------------------------------------------------


def school_years_with_data(*, municipality_id: int) -> list[str]:
    """The school years with classes in the municipality, newest first."""
    return list(
        SchoolClass.objects.filter(municipality_id=municipality_id)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def class_subject_rows(
    *,
    municipality_id: int,
    school_year: str,
    institution_id: int,
    subject_id: int | None = None,
) -> list[ClassSubjectRow]:
    """The classes and subjects behind a school's figures: each counted class
    and subject with its weight, all its teachers (over-registered ones
    flagged) and the main teacher with their competence level. Fixed number of
    queries (the table in force and one for the rows)."""
    table = guideline_table_in_force(school_year)
    rows = counted_allocations(
        municipality_id=municipality_id, school_year=school_year, institution_ids=[institution_id]
    )
    if subject_id is not None:
        rows = rows.filter(subject_id=subject_id)
    competence_level = (
        TeachingCompetence.objects.filter(
            person_id=OuterRef("person_id"), subject_id=OuterRef("subject_id")
        )
        .filter(counting_competences(school_year))
        .values("level")[:1]
    )
    rows = (
        rows.annotate(
            excluded=ExpressionWrapper(
                Q(
                    person_id__in=over_registered(
                        municipality_id=municipality_id, school_year=school_year
                    )
                ),
                output_field=BooleanField(),
            ),
        )
        .annotate(
            rank=main_teacher_rank("excluded"),
            weight=guideline_weight(table),
            level=Subquery(competence_level, output_field=CharField()),
        )
        .select_related("school_class", "subject", "person")
        .order_by(
            "school_class__grade",
            "school_class__name",
            "subject__sort_order",
            "-hours",
            "person__employee_number",
        )
    )
    grouped: dict[tuple[int, int], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row.school_class_id, row.subject_id), []).append(row)
    result = []
    for allocations in grouped.values():
        first = allocations[0]
        main = next((a for a in allocations if a.rank == 1 and not a.excluded), None)
        result.append(
            ClassSubjectRow(
                class_id=first.school_class_id,
                class_name=first.school_class.name,
                grade=first.school_class.grade,
                subject_id=first.subject_id,
                subject=first.subject.name,
                weight_hours=_dec(main.weight) if main else ZERO,
                main_teacher_id=main.person_id if main else None,
                main_teacher=main.person.full_name if main else None,
                level=main.level if main else None,
                teachers=[
                    (a.person_id, a.person.full_name, _dec(a.hours), bool(a.excluded))
                    for a in allocations
                ],
            )
        )
    return result
