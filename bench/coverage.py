"""Benchmark of the coverage computation (issue 9, item 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kompetenceplan make bench-coverage
    # or: DATABASE_URL=... .venv/bin/python bench/coverage.py --schools 40 --repeat 21

Generates a municipality of ``--schools`` schools (40: about 1,600 classes and
25,000 allocation rows in the measured school year, and as many in the year
before, so the year filter has something to skip), with realistic co-teaching
(about half the subjects of a class have a second teacher, some a third), the
teachers' competences (two to four subjects each, most formal, some assessed
with a date, 3 % over-registered with seven or eight) and the 2024/25 guideline
table. Then it times, each as the median of ``--repeat`` runs taken in turn:

1. ``coverage_report`` for the school year: everything the dashboard gets
   (the guideline table, the classes, the subjects and the aggregate, plus
   building the report in Python);
2. the same aggregate written by hand as one raw SQL query (a CTE with the
   window function, joins for the guideline hours and the competence),

checks that both give the same figures, and prints both, the ratio (goal: at
most 1.3x the raw SQL) and the 200 ms limit.

Creates a throw-away database beside DATABASE_URL's (``bench_<name>``, dropped
at the end; the database itself is not touched); without a PostgreSQL
DATABASE_URL it runs on a temporary SQLite file (then the figures say little).
Nothing is asserted; the suite's proof of the rules is
``coverage/tests/test_computation.py``.
"""

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LIMIT_MS = 200
RATIO_GOAL = 1.3
YEAR, PREVIOUS_YEAR = "2024/25", "2023/24"

RAW_SQL = """
WITH over_registered AS (
    SELECT person_id
    FROM competences_teachingcompetence
    WHERE municipality_id = %(municipality)s
      AND (assessed_on IS NULL OR assessed_on <= %(year_end)s)
    GROUP BY person_id
    HAVING COUNT(*) > 6
), ranked AS (
    SELECT a.person_id, a.subject_id, a.hours, c.institution_id, c.grade,
           ROW_NUMBER() OVER (
               PARTITION BY a.school_class_id, a.subject_id
               ORDER BY a.hours DESC, p.employee_number, a.person_id
           ) AS rank
    FROM coverage_lessonallocation a
    JOIN coverage_schoolclass c ON c.id = a.school_class_id
    JOIN competences_subject s ON s.id = a.subject_id
    JOIN organisation_person p ON p.id = a.person_id
    WHERE a.municipality_id = %(municipality)s
      AND c.school_year = %(year)s
      AND c.kind = 'normal'
      AND c.grade BETWEEN 1 AND 10
      AND s.in_coverage
      AND a.person_id NOT IN (SELECT person_id FROM over_registered)
)
SELECT r.institution_id, r.subject_id,
       CASE WHEN r.grade <= 3 THEN 'early' WHEN r.grade <= 6 THEN 'middle' ELSE 'late' END,
       SUM(COALESCE(g.hours, r.hours)),
       SUM(CASE WHEN tc.level = 'formal' THEN COALESCE(g.hours, r.hours) ELSE 0 END),
       SUM(CASE WHEN tc.level = 'assessed' THEN COALESCE(g.hours, r.hours) ELSE 0 END)
FROM ranked r
LEFT JOIN competences_guidelinehours g
       ON g.table_id = %(table)s AND g.subject_id = r.subject_id AND g.grade = r.grade
LEFT JOIN competences_teachingcompetence tc
       ON tc.person_id = r.person_id AND tc.subject_id = r.subject_id
      AND (tc.assessed_on IS NULL OR tc.assessed_on <= %(year_end)s)
WHERE r.rank = 1
GROUP BY 1, 2, 3
"""


def medians_ms(runs: list[Callable[[], object]], repeat: int) -> list[float]:
    """The median time of each of ``runs``, run in turn ``repeat`` times (so a
    change of load on the machine hits them alike)."""
    for run in runs:
        run()  # warm up (caches, prepared plans, the session)
    timings: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, times in zip(runs, timings, strict=True):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
    return [statistics.median(times) for times in timings]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--explain", action="store_true", help="print both query plans")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if postgres:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
            f"bench_{settings.DATABASES['default']['NAME']}"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    try:
        municipality_id = build_world(args.schools)
        measure(args, municipality_id, postgres)
    finally:
        if postgres:
            connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def build_world(schools: int) -> int:
    """The municipality: ``schools`` schools of about 40 classes each (four
    per grade 0-9, some grade 10 and special classes), 45 teachers a school."""
    from kompetenceplan.competences.models import GuidelineHours, Subject, TeachingCompetence
    from kompetenceplan.coverage.computation import guideline_table_in_force
    from kompetenceplan.coverage.models import LessonAllocation, SchoolClass
    from kompetenceplan.organisation.models import Employment, Institution, JobRole, Person
    from kompetenceplan.testing.factories import make_municipality

    rng = random.Random(9)
    started = time.perf_counter()
    municipality = make_municipality("999", "Benchkommune")
    teacher_role = JobRole.objects.get(name="Lærer")
    subjects = {s.code: s for s in Subject.objects.all()}
    table = guideline_table_in_force(YEAR)
    assert table is not None
    guideline: dict[int, list[tuple[Subject, Decimal]]] = {g: [] for g in range(11)}
    for row in GuidelineHours.objects.filter(table=table).select_related("subject"):
        if row.subject.code != "fransk":  # a class takes tysk or fransk
            guideline[row.grade].append((row.subject, row.hours))
    for grade in range(1, 10):  # kristendomskundskab: no table hours, planned hours count
        if grade != 7:
            guideline[grade].append((subjects["kristendomskundskab"], Decimal(30)))
    for code, hours in (("dansk", 210), ("engelsk", 90), ("matematik", 150), ("fysik-kemi", 60)):
        guideline[10].append((subjects[code], Decimal(hours)))

    institutions = Institution.objects.bulk_create(
        Institution(
            municipality=municipality,
            name=f"Skole {i + 1:02d}",
            number=f"9{i + 1:05d}",
            kind="skole",
            sector="school",
        )
        for i in range(schools)
    )
    people = Person.objects.bulk_create(
        Person(
            municipality=municipality,
            employee_number=f"{100000 + n}",
            first_name="Lærer",
            last_name=str(n),
        )
        for n in range(schools * 45)
    )
    staff = {inst.pk: people[i * 45 : (i + 1) * 45] for i, inst in enumerate(institutions)}
    Employment.objects.bulk_create(
        Employment(
            person=person,
            institution_id=school,
            job_role=teacher_role,
            start_date=dt.date(2015, 8, 1),
        )
        for school, persons in staff.items()
        for person in persons
    )
    codes = [code for code, s in subjects.items() if s.in_coverage]
    competences = []
    for person in people:
        over = rng.random() < 0.03
        for code in rng.sample(codes, rng.randint(7, 8) if over else rng.randint(2, 4)):
            formal = rng.random() < 0.75
            competences.append(
                TeachingCompetence(
                    municipality=municipality,
                    person=person,
                    subject=subjects[code],
                    level="formal" if formal else "assessed",
                    basis="education" if formal else "kiu_course",
                    assessed_on=None
                    if formal
                    else dt.date(2019 + rng.randint(0, 7), rng.randint(1, 12), 1),
                )
            )
    TeachingCompetence.objects.bulk_create(competences, batch_size=2000)
    # Who may teach what at each school: the main teacher is mostly qualified.
    qualified: dict[tuple[int, int], list[Person]] = {}
    school_of = {person.pk: school for school, persons in staff.items() for person in persons}
    for competence in competences:
        key = (school_of[competence.person.pk], competence.subject.pk)
        qualified.setdefault(key, []).append(competence.person)

    for year in (PREVIOUS_YEAR, YEAR):
        classes = []
        for inst in institutions:
            for grade in range(10):
                for letter in "ABCD":
                    classes.append((inst.pk, f"{grade}.{letter}", grade, "normal"))
            if rng.random() < 0.3:
                classes.append((inst.pk, "10.A", 10, "normal"))
            classes.append((inst.pk, "S1", rng.randint(1, 9), "special"))
        created = SchoolClass.objects.bulk_create(
            [
                SchoolClass(
                    municipality=municipality,
                    institution_id=inst,
                    school_year=year,
                    name=name,
                    grade=grade,
                    kind=kind,
                )
                for inst, name, grade, kind in classes
            ],
            batch_size=2000,
        )
        rows = []
        for school_class in created:
            teachers = staff[school_class.institution_id]
            plan = guideline[school_class.grade] or [(subjects["dansk"], Decimal(300))]
            for subject, hours in plan:
                chosen = rng.sample(teachers, 3)
                able = qualified.get((school_class.institution_id, subject.pk))
                if able and rng.random() < 0.82:
                    main = rng.choice(able)
                    chosen = [main, *[t for t in chosen if t.pk != main.pk]][:3]
                share = rng.random()
                parts = [hours]
                if share < 0.55:  # co-teaching
                    second = Decimal(rng.choice((15, 30, 30, 45, 60)))
                    parts = [hours, second]
                    if share < 0.12:
                        parts.append(Decimal(rng.choice((15, 30))))
                    if share < 0.05:
                        parts[1] = hours  # a tie in hours
                for person, part in zip(chosen, parts, strict=False):
                    rows.append(
                        LessonAllocation(
                            municipality=municipality,
                            school_class=school_class,
                            subject=subject,
                            person=person,
                            hours=part,
                        )
                    )
        LessonAllocation.objects.bulk_create(rows, batch_size=5000)
        print(f"{year}: {len(created)} classes, {len(rows)} allocation rows")
    print(
        f"world: {schools} schools, {len(people)} teachers, {len(competences)} competences, "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    return municipality.pk


def measure(args: argparse.Namespace, municipality_id: int, postgres: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kompetenceplan.coverage.computation import (
        aggregate_rows,
        coverage_report,
        guideline_table_in_force,
        school_year_end,
    )

    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    table = guideline_table_in_force(YEAR)
    assert table is not None
    params = {
        "municipality": municipality_id,
        "year": YEAR,
        "year_end": school_year_end(YEAR),
        "table": table.pk,
    }

    def raw() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, params)
            return cursor.fetchall()

    def report() -> object:
        return coverage_report(municipality_id=municipality_id, school_year=YEAR)

    # The same figures both ways.
    cent = Decimal("0.01")
    raw_cells = {
        (i, s, b): tuple(Decimal(x).quantize(cent) for x in sums) for i, s, b, *sums in raw()
    }
    orm_cells = {
        (i, s, b): tuple(sums)
        for i, s, b, *sums in aggregate_rows(
            municipality_id=municipality_id, school_year=YEAR, table=table
        )
    }
    same = raw_cells == orm_cells
    with CaptureQueriesContext(connection) as queries:
        result = report()
    figures = result.figures  # type: ignore[attr-defined]
    print(
        f"database: {connection.vendor}; {YEAR}: {len(orm_cells)} groups, "
        f"{figures.hours} hours, coverage {figures.coverage} % "
        f"(formal {figures.formal} %, assessed {figures.assessed} %)"
    )
    print(f"same figures from the ORM aggregate and the raw SQL: {'yes' if same else 'NO'}")
    print(f"coverage_report queries: {len(queries)}")

    raw_ms, aggregate_ms, report_ms = medians_ms(
        [
            raw,
            lambda: aggregate_rows(municipality_id=municipality_id, school_year=YEAR, table=table),
            report,
        ],
        args.repeat,
    )
    ratio = report_ms / raw_ms if raw_ms else float("inf")
    print(f"{'raw SQL, one query (the floor)':<46} median {raw_ms:8.1f} ms")
    print(f"{'the coverage aggregate query alone':<46} median {aggregate_ms:8.1f} ms")
    print(
        f"{'coverage_report (all its queries + Python)':<46} median {report_ms:8.1f} ms   "
        f"{'within' if report_ms < LIMIT_MS else 'OVER'} the {LIMIT_MS} ms limit"
    )
    print(
        f"ratio coverage_report / raw SQL: {ratio:.2f}x   "
        f"{'within' if ratio <= RATIO_GOAL else 'OVER'} the goal of {RATIO_GOAL}x"
    )
    if args.explain and postgres:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + RAW_SQL, params)
            print("\nraw SQL:\n" + "\n".join(row[0] for row in cursor.fetchall()))
        from kompetenceplan.coverage.computation import aggregate_sql

        sql, orm_params = aggregate_sql(
            municipality_id=municipality_id, school_year=YEAR, table=table
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, orm_params)
            print("\ncoverage aggregate:\n" + "\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
