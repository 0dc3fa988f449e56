"""Reads for the coverage dashboard (``/daekning/``): the computation's figures
(``coverage.computation``) put together with the targets, the trend over school
years, the gap in hours, and the drill-down to the classes and teachers behind
a number, every one through the gate (docs/coverage.md, "Overblik").

The counting rules are in ``computation.py`` only; nothing here counts hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.dates import school_year_of
from kompetenceplan.competences.choices import CompetenceLevel
from kompetenceplan.competences.models import Subject
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.organisation.models import Institution, Person

from .choices import GRADE_BANDS, GradeBand
from .computation import (
    ClassSubjectRow,
    CoverageReport,
    Figures,
    SchoolCoverage,
    SubjectFigures,
    class_subject_rows,
    coverage_report,
    school_years_with_data,
)
from .models import CoverageTarget
from .permissions import allocation_institutions_q

#: How many school years the trend shows (newest last).
TREND_YEARS = 6
#: How many of the weakest subjects the overview names.
WEAKEST_COUNT = 3
#: The heat map's colour steps: (lowest coverage in percent, level), best first.
#: The level is a CSS class; the number is always in the cell too.
HEAT_STEPS: tuple[tuple[Decimal, int], ...] = (
    (Decimal(95), 5),
    (Decimal(90), 4),
    (Decimal(80), 3),
    (Decimal(70), 2),
    (Decimal(0), 1),
)
BANDS: tuple[str, ...] = tuple(GRADE_BANDS)


class Measure:
    """What the heat map shows: all coverage, formal only, or assessed only."""

    TOTAL = "samlet"
    FORMAL = "formel"
    ASSESSED = "vurderet"
    ALL = (TOTAL, FORMAL, ASSESSED)


def measure_value(figures: Figures, measure: str) -> Decimal | None:
    if measure == Measure.FORMAL:
        return figures.formal
    if measure == Measure.ASSESSED:
        return figures.assessed
    return figures.coverage


def heat_level(value: Decimal | None) -> int:
    """The colour step of a coverage percentage (0: no hours, no colour)."""
    if value is None:
        return 0
    for lowest, level in HEAT_STEPS:
        if value >= lowest:
            return level
    return 1


# --- school years ---------------------------------------------------------------------


def current_school_year() -> str:
    return school_year_of(timezone.localdate())


def dashboard_years(*, municipality_id: int) -> list[str]:
    """The school years with data, newest first; the current school year when
    there is none (the page then says there is no allocation)."""
    years = school_years_with_data(municipality_id=municipality_id)
    return years or [current_school_year()]


# --- targets and the gap --------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A grade band's target in force in a school year (see :func:`targets_in_force`)."""

    band: str
    percent: Decimal
    school_year: str
    achieved: bool
    own_band: bool = True
    """False when a grade band has no target of its own and the year's target
    for all grades holds."""

    @property
    def band_label(self) -> str:
        return str(dict(GradeBand.choices)[self.band])


def targets_in_force(*, municipality_id: int, school_year: str) -> dict[str, Target]:
    """The targets in force in ``school_year`` per grade band (one query).

    A municipality sets its targets for a school year as a whole: the targets
    in force are those of the newest school year at or before ``school_year``
    that has any. Within that year, a band without a target of its own takes
    the year's target for all grades (``own_band=False``); when the year has
    targets for some bands only (95 % on mellemtrin and udskoling, none in
    indskoling after the 2024 agreement), the other bands have none.
    """
    rows = list(
        CoverageTarget.objects.filter(
            municipality_id=municipality_id, school_year__lte=school_year
        ).order_by("-school_year", "grade_band")
    )
    if not rows:
        return {}
    year = rows[0].school_year
    targets = {
        row.grade_band: Target(
            band=row.grade_band,
            percent=row.percent,
            school_year=row.school_year,
            achieved=row.achieved,
        )
        for row in rows
        if row.school_year == year
    }
    total = targets.get(GradeBand.ALL)
    if total is not None:
        for band in BANDS:
            targets.setdefault(
                band,
                Target(
                    band=band,
                    percent=total.percent,
                    school_year=total.school_year,
                    achieved=total.achieved,
                    own_band=False,
                ),
            )
    return targets


def gap_hours(figures: Figures, target: Target | None) -> Decimal | None:
    """The hours still to be covered to reach the target: target % x hours -
    covered hours, rounded up to whole hours, never below 0; None without a
    target or hours."""
    if target is None or not figures.hours:
        return None
    needed = target.percent * figures.hours / Decimal(100) - figures.covered_hours
    if needed <= 0:
        return Decimal(0)
    return needed.quantize(Decimal(1), rounding=ROUND_CEILING)


def total_gap(
    figures: Figures, bands: dict[str, Figures], targets: dict[str, Target]
) -> Decimal | None:
    """A school's or the municipality's gap: to the target for all grades when
    there is one; otherwise the sum of the gaps of the grade bands that have a
    target (a band's surplus does not make up for another's shortfall)."""
    if GradeBand.ALL in targets:
        return gap_hours(figures, targets[GradeBand.ALL])
    banded = [band for band in BANDS if band in targets]
    if not banded or not figures.hours:
        return None
    gaps = [gap_hours(bands.get(band) or Figures(), targets[band]) for band in banded]
    return sum((gap for gap in gaps if gap is not None), Decimal(0))


@dataclass
class Line:
    """One line of a table or a bar: a label with its figures, its target and
    the gap to it in hours."""

    label: str
    figures: Figures
    target: Target | None = None
    gap: Decimal | None = None
    key: Any = None
    """The subject's id, the band's key or the school's id (for links)."""
    band_targets: list[Target] = field(default_factory=list)
    """A total without a target for all grades: the bands' targets (its gap is their sum)."""


def _line(label: str, figures: Figures, target: Target | None, key: Any = None) -> Line:
    return Line(
        label=label, figures=figures, target=target, gap=gap_hours(figures, target), key=key
    )


def total_line(
    label: str, figures: Figures, bands: dict[str, Figures], targets: dict[str, Target]
) -> Line:
    return Line(
        label=label,
        figures=figures,
        target=targets.get(GradeBand.ALL),
        gap=total_gap(figures, bands, targets),
        band_targets=[]
        if GradeBand.ALL in targets
        else [targets[b] for b in BANDS if b in targets],
    )


def subject_lines(subjects: Iterable[SubjectFigures], targets: dict[str, Target]) -> list[Line]:
    total = targets.get(GradeBand.ALL)
    return [_line(s.subject, s.figures, total, s.subject_id) for s in subjects if s.figures.hours]


def falls_back(lines: Iterable[Line]) -> bool:
    """Does a band line show the target for all grades (no target of its own)?"""
    return any(line.target is not None and not line.target.own_band for line in lines)


def band_lines(bands: dict[str, Figures], targets: dict[str, Target]) -> list[Line]:
    labels = dict(GradeBand.choices)
    return [
        _line(str(labels[band]), bands[band], targets.get(band), band)
        for band in BANDS
        if band in bands and bands[band].hours
    ]


def weakest(lines: Sequence[Line], count: int = WEAKEST_COUNT) -> list[Line]:
    """The subjects with the lowest coverage below their target (below 100 %
    without one); ties: the larger gap in hours first."""

    def short(line: Line) -> bool:
        coverage = line.figures.coverage
        limit = line.target.percent if line.target else Decimal(100)
        return coverage is not None and coverage < limit

    ranked = sorted(
        filter(short, lines),
        key=lambda line: (line.figures.coverage, line.figures.covered_hours - line.figures.hours),
    )
    return ranked[:count]


# --- the trend ------------------------------------------------------------------------


@dataclass
class TrendPoint:
    school_year: str
    figures: Figures | None
    estimated: bool = False

    @property
    def formal_top(self) -> Decimal:
        """Where the formal part of a vertical bar (0-100, from the top) begins."""
        return Decimal(100) - (self.figures.formal or 0 if self.figures else 0)

    @property
    def covered_top(self) -> Decimal:
        return Decimal(100) - (self.figures.coverage or 0 if self.figures else 0)


@dataclass
class SchoolTrend:
    institution_id: int
    name: str
    points: list[TrendPoint]


@dataclass
class Trend:
    years: list[str]  # oldest first
    municipality: list[TrendPoint]
    schools: list[SchoolTrend]


def trend(
    *,
    municipality_id: int,
    years: Sequence[str],
    current: CoverageReport,
    institution_ids: list[int] | None = None,
) -> Trend:
    """Coverage per school year (the newest :data:`TREND_YEARS` with data):
    one report per school year (a fixed number of queries each), reusing the
    report of the year already shown."""
    chosen = sorted(years)[-TREND_YEARS:]
    reports: dict[str, CoverageReport] = {}
    for year in chosen:
        if year == current.school_year:
            reports[year] = current
        else:
            reports[year] = coverage_report(
                municipality_id=municipality_id, school_year=year, institution_ids=institution_ids
            )
    names: dict[int, str] = {}
    per_school: dict[int, dict[str, SchoolCoverage]] = {}
    for year in chosen:
        for school in reports[year].schools:
            names[school.institution_id] = school.name
            per_school.setdefault(school.institution_id, {})[year] = school
    schools = [
        SchoolTrend(
            institution_id=pk,
            name=names[pk],
            points=[
                TrendPoint(
                    year,
                    per_school[pk][year].figures if year in per_school[pk] else None,
                    per_school[pk][year].estimated if year in per_school[pk] else False,
                )
                for year in chosen
            ],
        )
        for pk in sorted(names, key=lambda pk: names[pk])
    ]
    municipality = [
        TrendPoint(year, reports[year].figures if reports[year].figures.hours else None)
        for year in chosen
    ]
    return Trend(years=chosen, municipality=municipality, schools=schools)


# --- the overview ---------------------------------------------------------------------


@dataclass
class HeatCell:
    subject_id: int
    figures: Figures | None
    value: Decimal | None
    level: int


@dataclass
class HeatRow:
    school: SchoolCoverage
    cells: list[HeatCell]
    total: HeatCell
    gap: Decimal | None
    can_drill: bool


@dataclass
class Overview:
    school_year: str
    years: list[str]
    report: CoverageReport
    measure: str
    targets: dict[str, Target]
    total: Line
    heat_subjects: list[Line]
    heat_rows: list[HeatRow]
    subjects: list[Line]
    weakest: list[Line]
    bands: list[Line]
    trend: Trend
    estimated_schools: list[str] = field(default_factory=list)

    @property
    def band_fallback(self) -> bool:
        return falls_back(self.bands)

    @property
    def can_drill_any(self) -> bool:
        return any(row.can_drill for row in self.heat_rows)


def drill_institution_ids(*, user: User) -> set[int]:
    """The schools whose classes and teachers ``user`` may see (one query)."""
    q = allocation_institutions_q(user)
    if q is None:
        return set()
    return set(Institution.objects.filter(q).values_list("pk", flat=True))


def _heat_cell(subject_id: int, figures: Figures | None, measure: str) -> HeatCell:
    value = measure_value(figures, measure) if figures is not None else None
    return HeatCell(subject_id=subject_id, figures=figures, value=value, level=heat_level(value))


def coverage_overview(
    *, user: User, years: list[str], school_year: str, measure: str = Measure.TOTAL
) -> Overview:
    """The municipality's dashboard for a school year (one of ``years``, the
    school years with data): aggregated figures only."""
    municipality_id = user.municipality_id
    assert municipality_id is not None  # the gate lets no user without one through
    report = coverage_report(municipality_id=municipality_id, school_year=school_year)
    targets = targets_in_force(municipality_id=municipality_id, school_year=school_year)
    subjects = subject_lines(report.subjects, targets)
    drillable = drill_institution_ids(user=user)
    heat_rows = []
    for school in report.schools:
        by_subject = {s.subject_id: s.figures for s in school.subjects if s.figures.hours}
        heat_rows.append(
            HeatRow(
                school=school,
                cells=[_heat_cell(s.key, by_subject.get(s.key), measure) for s in subjects],
                total=_heat_cell(0, school.figures if school.figures.hours else None, measure),
                gap=total_gap(school.figures, school.bands, targets),
                can_drill=school.institution_id in drillable and not school.estimated,
            )
        )
    return Overview(
        school_year=school_year,
        years=years,
        report=report,
        measure=measure,
        targets=targets,
        total=total_line(_("Kommunen"), report.figures, report.bands, targets),
        heat_subjects=subjects,
        heat_rows=heat_rows,
        subjects=subjects,
        weakest=weakest(subjects),
        bands=band_lines(report.bands, targets),
        trend=trend(municipality_id=municipality_id, years=years, current=report),
        estimated_schools=[s.name for s in report.schools if s.estimated],
    )


# --- one school -----------------------------------------------------------------------


def coverage_school_get(*, user: User, pk: int, action: str = Action.VIEW) -> Institution:
    """A school of the user's municipality (404 otherwise): its aggregated
    figures are as open as the overview's."""
    return get_restricted_or_404(Institution.objects.all(), user, action, pk=pk)


def drill_school_get(*, user: User, pk: int, action: str = Action.VIEW) -> Institution:
    """A school whose classes and teachers the user may see (404 otherwise:
    leaders only their own schools)."""
    q = allocation_institutions_q(user, action)
    if q is None:  # the view's gate answers 403 before this
        raise PermissionDenied
    return get_restricted_or_404(Institution.objects.filter(q), user, Action.VIEW, pk=pk)


@dataclass
class SchoolPage:
    school_year: str
    years: list[str]
    institution: Institution
    report: CoverageReport
    school: SchoolCoverage | None
    targets: dict[str, Target]
    total: Line | None
    subjects: list[Line]
    weakest: list[Line]
    bands: list[Line]
    trend: list[TrendPoint]
    can_drill: bool

    @property
    def band_fallback(self) -> bool:
        return falls_back(self.bands)

    @property
    def estimated_names(self) -> list[str]:
        return [self.institution.name] if self.school and self.school.estimated else []


def coverage_school(
    *, user: User, institution: Institution, years: list[str], school_year: str
) -> SchoolPage:
    municipality_id = institution.municipality_id
    report = coverage_report(
        municipality_id=municipality_id,
        school_year=school_year,
        institution_ids=[institution.pk],
    )
    school = next((s for s in report.schools if s.institution_id == institution.pk), None)
    targets = targets_in_force(municipality_id=municipality_id, school_year=school_year)
    subjects = subject_lines(school.subjects, targets) if school else []
    history = trend(
        municipality_id=municipality_id,
        years=years,
        current=report,
        institution_ids=[institution.pk],
    )
    points = history.schools[0].points if history.schools else []
    return SchoolPage(
        school_year=school_year,
        years=years,
        institution=institution,
        report=report,
        school=school,
        targets=targets,
        total=(
            total_line(institution.name, school.figures, school.bands, targets)
            if school and school.figures.hours
            else None
        ),
        subjects=subjects,
        weakest=weakest(subjects),
        bands=band_lines(school.bands, targets) if school else [],
        trend=points,
        can_drill=institution.pk in drill_institution_ids(user=user),
    )


# --- the drill-down -------------------------------------------------------------------


@dataclass
class Teacher:
    person_id: int
    name: str | None
    """None: the user may not see this person (not their school's staff)."""
    hours: Decimal


@dataclass
class DrillRow:
    class_name: str
    grade: int
    band: str | None
    subject_id: int
    subject: str
    weight_hours: Decimal
    main_teacher: Teacher | None
    level: str | None
    level_label: str
    co_teachers: list[Teacher]
    excluded: list[Teacher]

    @property
    def covered(self) -> bool:
        return self.level is not None


@dataclass
class Drilldown:
    school_year: str
    years: list[str]
    institution: Institution
    rows: list[DrillRow]
    subjects: list[tuple[int, str]]
    subject_id: int | None
    band: str | None
    no_allocation: bool
    """The school has no lesson allocation this school year (its figure is an estimate)."""
    hours: Decimal
    covered_hours: Decimal
    people: list[Person]
    """The people whose names the page shows (for the read log)."""

    @property
    def coverage(self) -> Decimal | None:
        if not self.hours:
            return None
        return (self.covered_hours * 100 / self.hours).quantize(Decimal("0.1"))


def _band_of(grade: int) -> str | None:
    for band, grades in GRADE_BANDS.items():
        if grade in grades:
            return str(band)
    return None


def _main_hours(row: ClassSubjectRow) -> Decimal:
    for person_id, _name, hours, _excluded in row.teachers:
        if person_id == row.main_teacher_id:
            return hours
    return row.weight_hours


def coverage_drilldown(
    *,
    user: User,
    institution: Institution,
    years: list[str],
    school_year: str,
    subject_id: int | None = None,
    band: str | None = None,
) -> Drilldown:
    """The class x subject rows behind a school's figure: weight hours, main
    teacher and their level, co-teachers and the teachers left out for more
    than six competences. Teachers' names pass the gate (Person's scope): a
    leader sees the names of their own schools' staff only."""
    municipality_id = institution.municipality_id
    all_rows = class_subject_rows(
        municipality_id=municipality_id,
        school_year=school_year,
        institution_id=institution.pk,
    )
    # The rows come class by class (klassetrin, class, subject); the subject
    # filter's choices in the subjects' own order.
    order = dict(Subject.objects.values_list("pk", "sort_order"))
    subjects = sorted(
        dict.fromkeys((r.subject_id, r.subject) for r in all_rows),
        key=lambda s: (order.get(s[0], 0), s[1]),
    )
    rows = [
        r
        for r in all_rows
        if (subject_id is None or r.subject_id == subject_id)
        and (band is None or _band_of(r.grade) == band)
    ]
    ids = {pk for r in rows for pk, _n, _h, _x in r.teachers}
    ids |= {r.main_teacher_id for r in rows if r.main_teacher_id is not None}
    visible: dict[int, Person] = {}
    if ids:
        visible = {p.pk: p for p in restrict(Person.objects.filter(pk__in=ids), user).only("pk")}
    names: dict[int, str] = {}
    for r in rows:
        for pk, name, _h, _x in r.teachers:
            names[pk] = name
        if r.main_teacher_id is not None and r.main_teacher:
            names[r.main_teacher_id] = r.main_teacher

    def teacher(pk: int, hours: Decimal) -> Teacher:
        return Teacher(person_id=pk, name=names.get(pk) if pk in visible else None, hours=hours)

    levels = dict(CompetenceLevel.choices)
    out = []
    hours = covered = Decimal(0)
    for r in rows:
        main = teacher(r.main_teacher_id, _main_hours(r)) if r.main_teacher_id else None
        out.append(
            DrillRow(
                class_name=r.class_name,
                grade=r.grade,
                band=_band_of(r.grade),
                subject_id=r.subject_id,
                subject=r.subject,
                weight_hours=r.weight_hours,
                main_teacher=main,
                level=r.level,
                level_label=str(levels[r.level]) if r.level else _("Ingen kompetence i faget"),
                co_teachers=[
                    teacher(pk, h)
                    for pk, _n, h, excluded in r.teachers
                    if not excluded and pk != r.main_teacher_id
                ],
                excluded=[teacher(pk, h) for pk, _n, h, excluded in r.teachers if excluded],
            )
        )
        hours += r.weight_hours
        if r.level:
            covered += r.weight_hours
    shown = {t.person_id for row in out for t in _teachers(row) if t.name is not None}
    return Drilldown(
        school_year=school_year,
        years=years,
        institution=institution,
        rows=out,
        subjects=subjects,
        subject_id=subject_id,
        band=band,
        no_allocation=not all_rows,
        hours=hours,
        covered_hours=covered,
        people=[visible[pk] for pk in sorted(shown)],
    )


def _teachers(row: DrillRow) -> list[Teacher]:
    main = [row.main_teacher] if row.main_teacher else []
    return [*main, *row.co_teachers, *row.excluded]
