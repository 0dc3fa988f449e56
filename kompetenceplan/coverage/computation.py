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

The report is a fixed number of queries however many classes there are (four
in the usual case, seven at most): the guideline table in force, the classes
per school and grade, the subjects, and the aggregate, which the ORM builds
(rules 1-5: ``ROW_NUMBER()`` over the class and subject for the main teacher, a
LEFT JOIN for the guideline hours, a LEFT JOIN for the main teacher's
competence, a ``NOT IN`` subquery for the over-registered) with one written
``WHERE rank = 1 GROUP BY`` around it (:func:`aggregate_sql` says why). Only
when a school the aggregate did not count has classes: one ``Exists`` probe a
school for any allocation, and for the estimated schools their guideline hours
and their teachers' competences. ``bench/coverage.py`` times it against the
same aggregate written as one raw SQL query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
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
from kompetenceplan.organisation.models import Employment, Institution

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


def with_weight(rows: QuerySet, table: GuidelineTable | None) -> QuerySet:
    """Rule 4: annotate ``weight``: the guideline hours of the row's subject
    and grade in ``table`` (a LEFT JOIN), else the row's own planned hours
    (what counts on the main teacher's row)."""
    if table is None:
        return rows.annotate(weight=Coalesce(F("hours"), Value(ZERO), output_field=HOURS))
    guideline = FilteredRelation(
        "subject__guideline_hours",
        condition=Q(
            subject__guideline_hours__table_id=table.pk,
            subject__guideline_hours__grade=F("school_class__grade"),
        ),
    )
    return rows.alias(guideline=guideline).annotate(
        weight=Coalesce(F("guideline__hours"), F("hours"), output_field=HOURS)
    )


def with_level(rows: QuerySet, school_year: str) -> QuerySet:
    """Rule 5: annotate ``level``: the level (``formal`` or ``assessed``) of
    the row's teacher's counting competence in its subject, or ``""``.

    A LEFT JOIN, not ``Exists``: a person has at most one competence per
    subject (a unique constraint), so the join cannot multiply rows, and two
    ``Exists`` inflated PostgreSQL's cost estimate of the aggregate past
    ``jit_above_cost``: compiling it took longer than running it."""
    prefix = "person__teaching_competences__"
    competence = FilteredRelation(
        "person__teaching_competences",
        condition=Q(**{f"{prefix}subject_id": F("subject_id")})
        & counting_competences(school_year, prefix=prefix),
    )
    return rows.alias(competence=competence).annotate(
        level=Coalesce(F("competence__level"), Value(""), output_field=CharField())
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


def ranked_rows(
    *,
    municipality_id: int,
    school_year: str,
    table: GuidelineTable | None,
    institution_ids: list[int] | None = None,
) -> QuerySet:
    """Rules 1-5 on each allocation row in scope, over-registered teachers
    dropped: ``rank`` (1 on the main teacher's row), ``weight``, ``level``
    (``formal``, ``assessed`` or ``""``), ``band`` and ``institution``."""
    rows = counted_allocations(
        municipality_id=municipality_id,
        school_year=school_year,
        institution_ids=institution_ids,
    ).exclude(
        person_id__in=over_registered(municipality_id=municipality_id, school_year=school_year)
    )
    return (
        with_level(with_weight(rows, table), school_year)
        .annotate(
            rank=main_teacher_rank(),
            band=grade_band(),
            institution=F("school_class__institution_id"),
        )
        .values("institution", "subject_id", "band", "level", "weight", "rank")
        .order_by()
    )


def aggregate_sql(
    *,
    municipality_id: int,
    school_year: str,
    table: GuidelineTable | None,
    institution_ids: list[int] | None = None,
) -> tuple[str, tuple[Any, ...]]:
    """Rule 6: the weighted hours of the main teachers' rows per school,
    subject and band, with the formal and the assessed part, as one query.

    The ORM builds the ranked rows (:func:`ranked_rows`); the only SQL written
    here is the outer ``WHERE rank = 1 GROUP BY`` around them, because Django
    cannot aggregate over a queryset filtered on a window function (it puts
    the ``GROUP BY`` inside, before the window, which silently ranks the wrong
    rows). The outer sums read the inner columns, so each rule's expression
    is computed once a row."""
    rows = ranked_rows(
        municipality_id=municipality_id,
        school_year=school_year,
        table=table,
        institution_ids=institution_ids,
    )
    inner, params = rows.query.sql_with_params()
    q = connection.ops.quote_name
    keys = ", ".join(q(name) for name in ("institution", "subject_id", "band"))
    weight, level = q("weight"), q("level")
    # Fixed column names around the ORM's own SQL; the values stay parameters.
    sql = (
        f"SELECT {keys}, SUM({weight}), "  # noqa: S608
        f"SUM(CASE WHEN {level} = %s THEN {weight} ELSE 0 END), "
        f"SUM(CASE WHEN {level} = %s THEN {weight} ELSE 0 END) "
        f"FROM ({inner}) ranked WHERE {q('rank')} = 1 GROUP BY {keys}"
    )
    return sql, (str(CompetenceLevel.FORMAL), str(CompetenceLevel.ASSESSED), *params)


def aggregate_rows(
    *,
    municipality_id: int,
    school_year: str,
    table: GuidelineTable | None,
    institution_ids: list[int] | None = None,
) -> list[tuple[int, int, str, Decimal, Decimal, Decimal]]:
    """The rows of :func:`aggregate_sql`: (institution id, subject id, band,
    hours, formal hours, assessed hours), rounded to hundredths (one query)."""
    sql, params = aggregate_sql(
        municipality_id=municipality_id,
        school_year=school_year,
        table=table,
        institution_ids=institution_ids,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (
                institution,
                subject,
                band,
                _round(_dec(hours)),
                _round(_dec(formal)),
                _round(_dec(assessed)),
            )
            for institution, subject, band, hours, formal, assessed in cursor.fetchall()
        ]


# --- the report ----------------------------------------------------------------------


def _dec(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
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
        classes.values(
            "institution_id", "institution__number", "institution__name", "grade", "kind"
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    schools: dict[int, tuple[str, str]] = {}
    normal_classes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in class_counts:
        school = row["institution_id"]
        schools[school] = (row["institution__number"], row["institution__name"])
        if row["kind"] == ClassKind.NORMAL and FIRST_GRADE <= row["grade"] <= LAST_GRADE:
            normal_classes[school][row["grade"]] += row["n"]
    subjects = {
        s.pk: s for s in Subject.objects.filter(in_coverage=True).order_by("sort_order", "name")
    }

    totals = _Totals()
    counted: set[int] = set()
    if schools:
        for cell in aggregate_rows(
            municipality_id=municipality_id,
            school_year=school_year,
            table=table,
            institution_ids=institution_ids,
        ):
            counted.add(cell[0])
            totals.add(*cell)
    # A school is estimated when it has classes but no allocation row at all
    # in the year; only the schools the aggregate did not count are asked
    # (usually none: no query).
    estimated = _without_allocation(set(schools) - counted, school_year)
    if estimated:
        for cell in _estimate(
            school_year=school_year,
            table=table,
            schools=sorted(estimated),
            normal_classes=normal_classes,
        ):
            totals.add(*cell)

    school_list = [
        SchoolCoverage(
            institution_id=school,
            institution_number=number,
            name=name,
            figures=totals.figures(("school", school)),
            subjects=totals.subjects(subjects, school),
            bands=totals.bands(school),
            estimated=school in estimated,
        )
        for school, (number, name) in sorted(
            schools.items(), key=lambda item: (item[1][1], item[0])
        )
    ]
    return CoverageReport(
        municipality_id=municipality_id,
        school_year=school_year,
        figures=totals.figures(("all",)),
        schools=school_list,
        subjects=totals.subjects(subjects),
        bands=totals.bands(),
        provisional=bool(table and table.provisional),
        guideline_table=table.name if table else "",
    )


def _without_allocation(schools: set[int], school_year: str) -> set[int]:
    """Those of ``schools`` with no lesson allocation row in the school year
    (one query, an ``Exists`` probe a school)."""
    if not schools:
        return set()
    allocated = Institution.objects.filter(pk__in=schools).filter(
        Exists(
            LessonAllocation.objects.filter(
                school_class__institution_id=OuterRef("pk"),
                school_class__school_year=school_year,
            )
        )
    )
    return schools - set(allocated.values_list("pk", flat=True))


class _Totals:
    """Running sums (hours, formal, assessed) of the cells (school, subject,
    band) per school, subject, band and for the municipality: one pass."""

    def __init__(self) -> None:
        self.sums: dict[tuple[Any, ...], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])

    def add(
        self,
        school: int,
        subject: int,
        band: str,
        hours: Decimal,
        formal: Decimal,
        assessed: Decimal,
    ) -> None:
        for key in (
            ("all",),
            ("subject", subject),
            ("band", band),
            ("school", school),
            ("school_subject", school, subject),
            ("school_band", school, band),
        ):
            sums = self.sums[key]
            sums[0] += hours
            sums[1] += formal
            sums[2] += assessed

    def figures(self, key: tuple[Any, ...]) -> Figures:
        if key not in self.sums:
            return Figures()
        hours, formal, assessed = self.sums[key]
        return Figures(hours, formal + assessed, formal, assessed)

    def subjects(
        self, subjects: dict[int, Subject], school: int | None = None
    ) -> list[SubjectFigures]:
        keys = {
            pk: ("subject", pk) if school is None else ("school_subject", school, pk)
            for pk in subjects
        }
        return [
            SubjectFigures(subject_id=pk, subject=subject.name, figures=self.figures(keys[pk]))
            for pk, subject in subjects.items()
            if keys[pk] in self.sums
        ]

    def bands(self, school: int | None = None) -> dict[str, Figures]:
        return {
            str(band): self.figures(
                ("band", str(band)) if school is None else ("school_band", school, str(band))
            )
            for band in BANDS
        }


def _estimate(
    *,
    school_year: str,
    table: GuidelineTable | None,
    schools: list[int],
    normal_classes: dict[int, dict[int, int]],
) -> list[tuple[int, int, str, Decimal, Decimal, Decimal]]:
    """The estimate of the schools without a lesson allocation (see the module
    docstring) as cells (school, subject, band, hours, formal, assessed): two
    queries for all of them."""
    if table is None:
        return []
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
    cells: list[tuple[int, int, str, Decimal, Decimal, Decimal]] = []
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
                cells.append((school, subject_id, str(band), band_hours, f, a))
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
    rows = (
        with_level(with_weight(rows, table), school_year)
        .annotate(
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
                level=(main.level or None) if main else None,
                teachers=[
                    (a.person_id, a.person.full_name, _dec(a.hours), bool(a.excluded))
                    for a in allocations
                ],
            )
        )
    return result
