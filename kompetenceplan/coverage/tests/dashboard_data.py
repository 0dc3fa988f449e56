"""Test data for the coverage dashboard: a small allocation for the ``world``
fixture's Ishøj, with every figure computed by hand (see ``EXPECTED``).

School year 2024/25 (the 2014 guideline table):

- Skole A
  - 1.A (klassetrin 1): dansk, Anne Andersen 300 h (undervisningskompetence)
    -> weighs 330 h, formal; matematik, Bo Bach 150 h (tilsvarende kompetence)
    and Anne Andersen 20 h -> main teacher Bo, weighs 150 h, assessed.
  - 4.A (klassetrin 4): historie, Bo Bach 60 h and Carl Christensen (Skole B)
    10 h -> main teacher Bo, no competence in historie: 60 h not covered.
  - 0.A (børnehaveklasse) and 1.S (specialklasse): not counted.
- Skole B
  - 1.B (klassetrin 1): dansk, Carl Christensen 330 h (undervisningskompetence)
    -> 330 h formal; matematik, Erik Ekstra 150 h (seven competences: left
    out) and Carl 10 h -> main teacher Carl, no competence: 150 h not covered.

Skole A: 480 of 540 h (88,9 %; formal 61,1 %, assessed 27,8 %).
Skole B: 330 of 480 h (68,8 %; formal 68,8 %, assessed 0,0 %).
Ishøj:   810 of 1.020 h (79,4 %; formal 64,7 %, assessed 14,7 %).
Target 95 % (all grades, 2024/25): the gap is 969 - 810 = 159 h (Skole A 33 h,
Skole B 126 h; matematik 135 h, historie 57 h).

School year 2023/24: Skole A's 1.A, dansk, Anne Andersen: 330 of 330 h (100 %).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel
from kompetenceplan.competences.models import Subject, TeachingCompetence
from kompetenceplan.coverage.choices import ClassKind, GradeBand
from kompetenceplan.coverage.models import CoverageTarget, LessonAllocation, SchoolClass
from kompetenceplan.testing.factories import make_person

YEAR = "2024/25"
EARLIER = "2023/24"


def ensure_reference_data() -> None:
    """The subjects and guideline tables, loaded again after a transactional
    test's flush (browser tests) by the data migration's own function."""
    if Subject.objects.exists():
        return
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "kompetenceplan.competences.migrations.0002_subjects_and_guideline_hours"
    )
    migration.load(apps, None)


def subject(code: str) -> Subject:
    return Subject.objects.get(code=code)


def competence(person, code: str, level: str = CompetenceLevel.FORMAL, on=None):
    basis = (
        CompetenceBasis.EDUCATION if level == CompetenceLevel.FORMAL else CompetenceBasis.KIU_COURSE
    )
    return TeachingCompetence.objects.create(
        municipality=person.municipality,
        person=person,
        subject=subject(code),
        level=level,
        basis=basis,
        assessed_on=on,
    )


def school_class(institution, name: str, grade: int, year: str = YEAR, kind=ClassKind.NORMAL):
    return SchoolClass.objects.create(
        municipality=institution.municipality,
        institution=institution,
        school_year=year,
        name=name,
        grade=grade,
        kind=kind,
    )


def allocate(school_class_, code: str, person, hours) -> LessonAllocation:
    return LessonAllocation.objects.create(
        municipality=school_class_.municipality,
        school_class=school_class_,
        subject=subject(code),
        person=person,
        hours=D(hours),
    )


def build(world) -> SimpleNamespace:
    ensure_reference_data()
    a, b = world.school_a, world.school_b
    anne, bo, carl = world.person_a, world.person_a2, world.person_b
    erik = make_person(b, first="Erik", last="Ekstra", number="B9")
    competence(anne, "dansk")
    competence(bo, "matematik", CompetenceLevel.ASSESSED, on=dt.date(2024, 1, 15))
    competence(carl, "dansk")
    for code in ("dansk", "engelsk", "tysk", "historie", "idraet", "musik", "billedkunst"):
        competence(erik, code)

    a1 = school_class(a, "1.A", 1)
    allocate(a1, "dansk", anne, 300)
    allocate(a1, "matematik", bo, 150)
    allocate(a1, "matematik", anne, 20)
    a4 = school_class(a, "4.A", 4)
    allocate(a4, "historie", bo, 60)
    allocate(a4, "historie", carl, 10)
    allocate(school_class(a, "0.A", 0), "dansk", anne, 300)
    allocate(school_class(a, "1.S", 1, kind=ClassKind.SPECIAL), "dansk", bo, 300)

    b1 = school_class(b, "1.B", 1)
    allocate(b1, "dansk", carl, 330)
    allocate(b1, "matematik", erik, 150)
    allocate(b1, "matematik", carl, 10)

    earlier = school_class(a, "1.A", 1, year=EARLIER)
    allocate(earlier, "dansk", anne, 300)

    CoverageTarget.objects.create(
        municipality=world.ishoj, school_year="2022/23", grade_band=GradeBand.ALL, percent=D(90)
    )
    CoverageTarget.objects.create(
        municipality=world.ishoj, school_year=YEAR, grade_band=GradeBand.ALL, percent=D(95)
    )
    return SimpleNamespace(erik=erik, a1=a1, a4=a4, b1=b1)


def more_classes(world, count: int) -> None:
    """``count`` more normal classes at Skole A, each with dansk and matematik
    (co-teaching) and historie: what must not change a page's query count."""
    anne, bo, carl = world.person_a, world.person_a2, world.person_b
    for i in range(count):
        c = school_class(world.school_a, f"{2 + i % 8}.X{i}", 2 + i % 8)
        allocate(c, "dansk", anne, 200)
        allocate(c, "matematik", bo, 150)
        allocate(c, "matematik", carl, 10)
        allocate(c, "historie", bo, 60)
