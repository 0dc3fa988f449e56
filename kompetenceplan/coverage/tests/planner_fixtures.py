"""A small planner world on the ``world`` fixture (kompetenceplan/conftest.py),
school year 2024/25 (the 2014 guideline table):

- Skole A, 5.a: historie (60 h) taught by Anne Andersen, who holds musik;
  musik (60 h) taught by Bo Bach, who holds historie: one swap covers both;
  dansk (210 h) taught by Anne, who does not hold it: a KiU course (45.000 kr.).
- Skole B, 5.b: dansk (210 h) taught by Carl Christensen, who holds it.

Before: 210 of 540 hours (38,9 %); the whole plan: 540 of 540.
"""

from decimal import Decimal
from types import SimpleNamespace

from kompetenceplan.competences.models import Subject, TeachingCompetence
from kompetenceplan.coverage.models import CourseOption, LessonAllocation, SchoolClass

YEAR = "2024/25"


def subject(code):
    return Subject.objects.get(code=code)


def klass(school, name, grade):
    return SchoolClass.objects.create(
        municipality=school.municipality,
        institution=school,
        school_year=YEAR,
        name=name,
        grade=grade,
    )


def teach(school_class, code, person, hours):
    LessonAllocation.objects.create(
        municipality=school_class.municipality,
        school_class=school_class,
        subject=subject(code),
        person=person,
        hours=Decimal(hours),
    )


def competent(person, code):
    TeachingCompetence.objects.create(
        municipality=person.municipality,
        person=person,
        subject=subject(code),
        level="formal",
        basis="education",
    )


def planner_world(world):
    a5 = klass(world.school_a, "5.a", 5)
    b5 = klass(world.school_b, "5.b", 5)
    teach(a5, "historie", world.person_a, 60)
    teach(a5, "musik", world.person_a2, 60)
    teach(a5, "dansk", world.person_a, 210)
    teach(b5, "dansk", world.person_b, 210)
    competent(world.person_a, "musik")
    competent(world.person_a2, "historie")
    competent(world.person_b, "dansk")
    kiu = CourseOption.objects.create(
        municipality=world.ishoj,
        name="KiU-forløb",
        kind="kiu",
        price=Decimal(45000),
        duration_hours=Decimal(250),
    )
    h_kiu = CourseOption.objects.create(
        municipality=world.horsens,
        name="Horsens KiU",
        kind="kiu",
        price=Decimal(40000),
        duration_hours=Decimal(250),
    )
    return SimpleNamespace(a5=a5, b5=b5, kiu=kiu, h_kiu=h_kiu)
