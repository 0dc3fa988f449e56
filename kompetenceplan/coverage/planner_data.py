"""The planner's input from the database (docs/coverage.md "Planlægning").

The same counting rules as the computation (coverage/computation.py): the
rows in scope (``counted_allocations``), without the over-registered
teachers (``over_registered``), the guideline weight of the table in force
(``guideline_table_in_force``), the competences that count in the year
(``counting_competences``), the tie rule's order (employee number, then
person id). Schools the computation estimates (no allocation) enter as fixed
hours: the planner cannot say who would teach what there. The planner's
"before" is therefore the computation's coverage for the same scope (tested).

A fixed number of queries, however many classes and teachers: the coverage
report's, the table in force, the rows, the people, their competences, the
course options and the subjects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery

from kompetenceplan.competences.models import GuidelineHours, Subject, TeachingCompetence
from kompetenceplan.organisation.models import Person

from . import planner
from .computation import (
    HOURS,
    CoverageReport,
    counted_allocations,
    counting_competences,
    coverage_report,
    guideline_table_in_force,
    over_registered,
)
from .models import CourseOption

ZERO = Decimal(0)


@dataclass(frozen=True)
class PlannerData:
    input: planner.PlannerInput
    report: CoverageReport
    #: Names of the schools the computation estimates (fixed in the plan).
    estimated: tuple[str, ...]


def planner_input(
    *, municipality_id: int, school_year: str, institution_ids: list[int] | None = None
) -> PlannerData:
    report = coverage_report(
        municipality_id=municipality_id, school_year=school_year, institution_ids=institution_ids
    )
    estimated = [s for s in report.schools if s.estimated]
    allocated = [s.institution_id for s in report.schools if not s.estimated]
    table = guideline_table_in_force(school_year)

    rows: Any = (
        counted_allocations(
            municipality_id=municipality_id, school_year=school_year, institution_ids=allocated
        )
        .exclude(
            person_id__in=over_registered(municipality_id=municipality_id, school_year=school_year)
        )
        .order_by()
    )
    if table is not None:
        guideline = (
            GuidelineHours.objects.filter(
                table_id=table.pk,
                subject_id=OuterRef("subject_id"),
                grade=OuterRef("school_class__grade"),
            )
            .order_by()
            .values("hours")[:1]
        )
        rows = rows.annotate(guideline=Subquery(guideline, output_field=HOURS))
    fields = [
        "school_class_id",
        "school_class__name",
        "school_class__grade",
        "school_class__institution_id",
        "subject_id",
        "person_id",
        "hours",
    ]
    values = list(rows.values(*fields, *(["guideline"] if table is not None else [])))

    people_ids = sorted({row["person_id"] for row in values})
    people = list(
        Person.objects.filter(pk__in=people_ids)
        .order_by("employee_number", "pk")
        .values_list("pk", "first_name", "last_name")
    )
    competences: dict[int, set[int]] = defaultdict(set)
    for person_id, subject_id in (
        TeachingCompetence.objects.filter(municipality_id=municipality_id, person_id__in=people_ids)
        .filter(counting_competences(school_year))
        .values_list("person_id", "subject_id")
    ):
        competences[person_id].add(subject_id)
    teachers = {
        pk: planner.Teacher(
            id=pk,
            name=f"{first} {last}".strip(),
            rank=rank,
            competences=frozenset(competences[pk]),
            registered=frozenset(competences[pk]),
        )
        for rank, (pk, first, last) in enumerate(people)
    }

    grouped: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in values:
        grouped[(row["school_class_id"], row["subject_id"])].append(row)
    rank = {pk: t.rank for pk, t in teachers.items()}
    units = []
    for (_class_id, _subject_id), unit_rows in sorted(
        grouped.items(),
        key=lambda item: (
            item[1][0]["school_class__institution_id"],
            item[1][0]["school_class__grade"],
            item[1][0]["school_class__name"],
            item[0][1],
        ),
    ):
        first = unit_rows[0]
        teacher_rows = tuple((r["person_id"], Decimal(r["hours"])) for r in unit_rows)
        main = planner.main_teacher(teacher_rows, rank)
        weight = first.get("guideline")
        if weight is None:  # rule 4: the main teacher's planned hours
            weight = dict(teacher_rows)[main]
        units.append(
            planner.Unit(
                school_id=first["school_class__institution_id"],
                class_id=first["school_class_id"],
                class_name=first["school_class__name"],
                grade=first["school_class__grade"],
                subject_id=first["subject_id"],
                weight=Decimal(weight),
                teachers=teacher_rows,
            )
        )

    options = tuple(
        planner.CourseOption(
            id=o.pk,
            name=o.name,
            kind=o.kind,
            subject_id=o.subject_id,
            price=o.price,
            duration_hours=o.duration_hours,
        )
        for o in CourseOption.objects.filter(municipality_id=municipality_id).order_by("pk")
    )
    # lower case in running text, as Danish writes subject names ("i natur/teknologi")
    subjects = {
        pk: name.lower()
        for pk, name in Subject.objects.filter(in_coverage=True).values_list("pk", "name")
    }
    return PlannerData(
        input=planner.PlannerInput(
            units=tuple(units),
            teachers=teachers,
            options=options,
            subjects=subjects,
            schools={s.institution_id: s.name for s in report.schools},
            fixed_hours=sum((s.figures.hours for s in estimated), ZERO),
            fixed_covered=sum((s.figures.covered_hours for s in estimated), ZERO),
        ),
        report=report,
        estimated=tuple(s.name for s in estimated),
    )
