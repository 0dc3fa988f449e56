"""The counting rules of kompetencedækning, each pinned with hand-computed
figures (docs/coverage.md "Regnereglerne"; coverage/computation.py).

School year 2024/25 uses the 2014 guideline table (bilag 1): dansk 330 hours
in 1st grade, 240 in 3rd, 210 from 4th; matematik 150; engelsk 90 in 5th-9th;
kristendomskundskab and 10th grade have no table hours."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetenceplan.competences.models import Subject, TeachingCompetence
from kompetenceplan.coverage.computation import (
    ClassSubjectRow,
    Figures,
    class_subject_rows,
    coverage_report,
    guideline_table_in_force,
    school_years_with_data,
)
from kompetenceplan.coverage.models import LessonAllocation, SchoolClass
from kompetenceplan.testing.factories import make_institution, make_municipality, make_person

YEAR = "2024/25"
D = Decimal


@pytest.fixture
def town(db):
    municipality = make_municipality("183", "Ishøj")
    school = make_institution(municipality, "Alfa Skole", number="100001")
    other = make_institution(municipality, "Beta Skole", number="100002")
    return municipality, school, other


def klass(school, name, grade, kind="normal", year=YEAR):
    return SchoolClass.objects.create(
        municipality=school.municipality,
        institution=school,
        school_year=year,
        name=name,
        grade=grade,
        kind=kind,
    )


def subject(code):
    return Subject.objects.get(code=code)


def teach(school_class, code, person, hours):
    return LessonAllocation.objects.create(
        municipality=school_class.municipality,
        school_class=school_class,
        subject=subject(code),
        person=person,
        hours=D(hours),
    )


def competent(person, code, level="formal", on=None):
    return TeachingCompetence.objects.create(
        municipality=person.municipality,
        person=person,
        subject=subject(code),
        level=level,
        basis="education" if level == "formal" else "kiu_course",
        assessed_on=on,
    )


def teacher(school, number, **kwargs):
    return make_person(school, first="Lærer", last=number, number=number, **kwargs)


def report(municipality, year=YEAR, **kwargs):
    return coverage_report(municipality_id=municipality.pk, school_year=year, **kwargs)


def figures(hours, covered, formal, assessed):
    return Figures(D(hours), D(covered), D(formal), D(assessed))


def test_figures_percentages_round_half_up():
    f = figures(3, 2, 1, 1)
    assert f.coverage == D("66.7")
    assert f.formal == D("33.3")
    assert figures(8, 1, 1, 0).coverage == D("12.5")
    assert figures(2000, 1, 1, 0).coverage == D("0.1")  # 0.05 rounds up
    assert Figures().coverage is None and Figures().formal is None


def test_normal_classes_only(town):
    municipality, school, _other = town
    anne = teacher(school, "E001")
    competent(anne, "dansk")
    teach(klass(school, "5.A", 5), "dansk", anne, 200)
    uncovered = teacher(school, "E002")
    teach(klass(school, "5.S", 5, kind="special"), "dansk", uncovered, 200)
    teach(klass(school, "5.M", 5, kind="reception"), "dansk", uncovered, 200)
    result = report(municipality)
    # one normal 5th-grade class: dansk weighs its guideline 210 hours, covered
    assert result.figures == figures(210, 210, 210, 0)
    assert result.figures.coverage == D("100.0")


def test_bornehaveklasse_is_out(town):
    municipality, school, _other = town
    anne = teacher(school, "E001")
    teach(klass(school, "0.A", 0), "dansk", anne, 300)
    teach(klass(school, "1.A", 1), "dansk", anne, 300)
    result = report(municipality)
    assert result.figures == figures(330, 0, 0, 0)  # 1.A only: guideline 330
    assert result.bands["early"].hours == D(330)


def test_co_teaching_main_teacher_has_most_hours(town):
    municipality, school, _other = town
    most, fewer = teacher(school, "E002"), teacher(school, "E001")
    competent(fewer, "dansk")
    third = klass(school, "3.A", 3)
    teach(third, "dansk", most, 150)
    teach(third, "dansk", fewer, 90)
    # the class and subject counts once (guideline 240), by the teacher with
    # 150 hours, who has no competence
    assert report(municipality).figures == figures(240, 0, 0, 0)


@pytest.mark.parametrize(
    ("competent_number", "covered"),
    [("E001", 240), ("E002", 0)],
)
def test_co_teaching_tie_goes_to_the_lowest_employee_number(town, competent_number, covered):
    municipality, school, _other = town
    low, high = teacher(school, "E001"), teacher(school, "E002")
    competent(low if competent_number == "E001" else high, "dansk")
    third = klass(school, "3.A", 3)
    teach(third, "dansk", high, 120)
    teach(third, "dansk", low, 120)
    assert report(municipality).figures == figures(240, covered, covered, 0)


def _over_registered(school, number, subjects=7):
    person = teacher(school, number)
    codes = ["dansk", "engelsk", "matematik", "historie", "musik", "idraet", "billedkunst"]
    for code in codes[:subjects]:
        competent(person, code)
    return person


def test_teacher_with_more_than_six_competences_is_out_with_their_hours(town):
    municipality, school, _other = town
    seven = _over_registered(school, "E001")
    teach(klass(school, "4.A", 4), "matematik", seven, 150)
    result = report(municipality)
    assert result.figures == figures(0, 0, 0, 0)
    assert result.schools[0].figures.coverage is None


def test_six_competences_still_count(town):
    municipality, school, _other = town
    six = _over_registered(school, "E001", subjects=6)
    teach(klass(school, "4.A", 4), "matematik", six, 150)
    assert report(municipality).figures == figures(150, 150, 150, 0)


def test_over_registered_teacher_is_dropped_before_the_main_teacher_is_chosen(town):
    municipality, school, _other = town
    seven = _over_registered(school, "E001")
    helper = teacher(school, "E002")
    competent(helper, "matematik", level="assessed", on=dt.date(2024, 1, 10))
    fourth = klass(school, "4.A", 4)
    teach(fourth, "matematik", seven, 90)
    teach(fourth, "matematik", helper, 60)
    # without the seven-competence teacher, the helper is the main teacher
    assert report(municipality).figures == figures(150, 150, 0, 150)


def test_formal_and_assessed(town):
    municipality, school, _other = town
    formal, assessed, none = (
        teacher(school, "E001"),
        teacher(school, "E002"),
        teacher(school, "E003"),
    )
    competent(formal, "dansk")
    competent(assessed, "engelsk", level="assessed", on=dt.date(2023, 5, 1))
    seventh = klass(school, "7.A", 7)
    teach(seventh, "dansk", formal, 200)
    teach(seventh, "engelsk", assessed, 100)
    teach(seventh, "matematik", none, 140)
    result = report(municipality)
    # dansk 210 formal + engelsk 90 assessed of 210 + 90 + 150 = 450
    assert result.figures == figures(450, 300, 210, 90)
    f = result.figures
    assert (f.coverage, f.formal, f.assessed) == (D("66.7"), D("46.7"), D("20.0"))
    by_subject = {s.subject: s.figures for s in result.subjects}
    assert by_subject == {
        "Dansk": figures(210, 210, 210, 0),
        "Engelsk": figures(90, 90, 0, 90),
        "Matematik": figures(150, 0, 0, 0),
    }
    assert [s.subject for s in result.subjects] == ["Dansk", "Engelsk", "Matematik"]
    assert result.bands["late"] == result.figures
    assert result.bands["early"] == Figures()


def test_no_table_hours_fall_back_to_the_main_teachers_planned_hours(town):
    municipality, school, _other = town
    anne, bo = teacher(school, "E001"), teacher(school, "E002")
    competent(anne, "kristendomskundskab")
    fifth = klass(school, "5.A", 5)
    teach(fifth, "kristendomskundskab", anne, 30)
    teach(fifth, "kristendomskundskab", bo, 20)  # co-teacher: not counted
    result = report(municipality)
    assert result.figures == figures(30, 30, 30, 0)


def test_grade_10_counts_with_planned_hours_in_udskoling(town):
    municipality, school, _other = town
    anne = teacher(school, "E001")
    competent(anne, "matematik", level="assessed")
    tenth = klass(school, "10.A", 10)
    teach(tenth, "matematik", anne, D("135.5"))
    teach(tenth, "dansk", anne, 180)
    result = report(municipality)
    assert result.figures == figures("315.5", "135.5", 0, "135.5")
    assert result.bands["late"] == result.figures


def test_competence_dated_after_the_school_year_does_not_count(town):
    municipality, school, _other = town
    late, in_time = teacher(school, "E001"), teacher(school, "E002")
    competent(late, "dansk", level="assessed", on=dt.date(2025, 8, 1))
    competent(in_time, "matematik", level="assessed", on=dt.date(2025, 7, 31))
    fourth = klass(school, "4.A", 4)
    teach(fourth, "dansk", late, 210)
    teach(fourth, "matematik", in_time, 150)
    assert report(municipality).figures == figures(360, 150, 0, 150)
    # the next school year it counts
    fourth_next = klass(school, "5.A", 5, year="2025/26")
    teach(fourth_next, "dansk", late, 210)
    assert report(municipality, "2025/26").figures.covered_hours == D(210)


def test_electives_are_out(town):
    municipality, school, _other = town
    anne = teacher(school, "E001")
    teach(klass(school, "8.A", 8), "valgfag", anne, 60)
    assert report(municipality).figures.hours == D(0)


def test_schools_subjects_and_bands(town):
    municipality, school, other = town
    anne, carl = teacher(school, "E001"), teacher(other, "E003")
    competent(anne, "dansk")
    teach(klass(school, "2.A", 2), "dansk", anne, 300)
    teach(klass(school, "5.A", 5), "dansk", anne, 200)
    teach(klass(other, "8.A", 8), "dansk", carl, 200)
    result = report(municipality)
    assert [s.name for s in result.schools] == ["Alfa Skole", "Beta Skole"]
    alfa, beta = result.schools
    assert alfa.figures == figures(540, 540, 540, 0)
    assert alfa.institution_number == "100001" and not alfa.estimated
    assert alfa.bands == {
        "early": figures(330, 330, 330, 0),
        "middle": figures(210, 210, 210, 0),
        "late": Figures(),
    }
    assert beta.figures == figures(210, 0, 0, 0)
    assert result.figures == figures(750, 540, 540, 0)
    assert result.figures.coverage == D("72.0")
    only_beta = report(municipality, institution_ids=[other.pk])
    assert [s.name for s in only_beta.schools] == ["Beta Skole"]
    assert only_beta.figures == figures(210, 0, 0, 0)


def test_other_municipality_and_year_are_not_counted(town):
    municipality, school, _other = town
    horsens = make_municipality("615", "Horsens")
    h_school = make_institution(horsens, "Horsens Skole")
    h_teacher = teacher(h_school, "H1")
    teach(klass(h_school, "5.A", 5), "dansk", h_teacher, 200)
    anne = teacher(school, "E001")
    teach(klass(school, "5.A", 5, year="2023/24"), "dansk", anne, 200)
    assert report(municipality).schools == []
    assert report(municipality).figures == Figures()


def test_the_guideline_table_in_force(db):
    assert guideline_table_in_force("2014/15").first_school_year == "2014/15"
    assert guideline_table_in_force("2024/25").first_school_year == "2014/15"
    assert guideline_table_in_force("2013/14") is None


def test_estimate_for_a_school_without_allocation(town):
    municipality, school, other = town
    # Beta has an allocation, Alfa only classes: Alfa is estimated.
    carl = teacher(other, "E009")
    teach(klass(other, "5.A", 5), "dansk", carl, 200)
    klass(school, "1.A", 1)
    klass(school, "1.B", 1)
    klass(school, "0.A", 0)
    klass(school, "1.S", 1, kind="special")
    t1, t2 = teacher(school, "E001"), teacher(school, "E002")
    teacher(school, "E003")  # a teacher without competences still takes a share
    competent(t1, "dansk")
    competent(t1, "matematik")
    competent(t2, "dansk", level="assessed")
    pedagogue = make_person(school, role="Pædagog", number="P1")
    competent(pedagogue, "musik")  # not in a teaching role
    gone = teacher(school, "E004", start=dt.date(2015, 8, 1), end=dt.date(2024, 6, 30))
    competent(gone, "musik")  # left before the school year
    result = report(municipality)
    alfa, beta = result.schools
    assert alfa.estimated and not beta.estimated
    # Two 1st-grade classes x (dansk 330, engelsk 30, matematik 150,
    # natur/teknologi 30, idræt 60, musik 60, billedkunst 30) = 1380 hours;
    # three teachers take 460 each: t1 230 dansk + 230 matematik (formal),
    # t2 460 dansk (assessed). Dansk 660: formal 230, assessed 430;
    # matematik 300: formal 230.
    assert alfa.figures == figures(1380, 890, 460, 430)
    assert (alfa.figures.coverage, alfa.figures.formal, alfa.figures.assessed) == (
        D("64.5"),
        D("33.3"),
        D("31.2"),
    )
    by_subject = {s.subject: s.figures for s in alfa.subjects}
    assert by_subject["Dansk"] == figures(660, 660, 230, 430)
    assert by_subject["Matematik"] == figures(300, 230, 230, 0)
    assert by_subject["Musik"] == figures(120, 0, 0, 0)
    assert alfa.bands["early"] == alfa.figures
    assert beta.figures == figures(210, 0, 0, 0)
    assert result.figures == figures(1590, 890, 460, 430)


def test_school_years_with_data(town):
    municipality, school, _other = town
    klass(school, "1.A", 1, year="2023/24")
    klass(school, "1.A", 1, year="2025/26")
    klass(school, "1.B", 1, year="2025/26")
    assert school_years_with_data(municipality_id=municipality.pk) == ["2025/26", "2023/24"]


def test_class_subject_rows(town):
    municipality, school, _other = town
    seven = _over_registered(school, "E001")
    low, high = teacher(school, "E002"), teacher(school, "E003")
    competent(high, "matematik", level="assessed")
    fourth = klass(school, "4.A", 4)
    teach(fourth, "matematik", seven, 100)
    teach(fourth, "matematik", high, 50)
    teach(fourth, "matematik", low, 50)
    teach(fourth, "dansk", seven, 200)
    teach(klass(school, "0.A", 0), "dansk", low, 200)
    rows = class_subject_rows(
        municipality_id=municipality.pk, school_year=YEAR, institution_id=school.pk
    )
    assert rows == [
        ClassSubjectRow(
            class_id=fourth.pk,
            class_name="4.A",
            grade=4,
            subject_id=subject("dansk").pk,
            subject="Dansk",
            weight_hours=D(0),
            main_teacher_id=None,
            main_teacher=None,
            level=None,
            teachers=[(seven.pk, "Lærer E001", D(200), True)],
        ),
        ClassSubjectRow(
            class_id=fourth.pk,
            class_name="4.A",
            grade=4,
            subject_id=subject("matematik").pk,
            subject="Matematik",
            weight_hours=D(150),
            main_teacher_id=low.pk,
            main_teacher="Lærer E002",
            level=None,
            teachers=[
                (seven.pk, "Lærer E001", D(100), True),
                (low.pk, "Lærer E002", D(50), False),
                (high.pk, "Lærer E003", D(50), False),
            ],
        ),
    ]
    only = class_subject_rows(
        municipality_id=municipality.pk,
        school_year=YEAR,
        institution_id=school.pk,
        subject_id=subject("matematik").pk,
    )
    assert [r.subject for r in only] == ["Matematik"]


def _school_of(municipality, name, classes):
    school = make_institution(municipality, name)
    people = [teacher(school, f"{name}-{i}") for i in range(3)]
    competent(people[0], "dansk")
    competent(people[1], "matematik", level="assessed")
    for i in range(classes):
        c = klass(school, f"{i}.X", 1 + i % 10)
        teach(c, "dansk", people[0], 200)
        teach(c, "dansk", people[1], 100)
        teach(c, "matematik", people[1], 150)
        teach(c, "matematik", people[2], 150)
    return school


def test_query_count_does_not_grow_with_the_classes(town):
    municipality, school, _other = town
    _school_of(municipality, "Gamma", 2)
    klass(school, "1.A", 1)  # an estimated school
    teacher(school, "E001")
    with CaptureQueriesContext(connection) as small:
        small_report = report(municipality)
    _school_of(municipality, "Delta", 12)
    _school_of(municipality, "Epsilon", 8)
    with CaptureQueriesContext(connection) as large:
        large_report = report(municipality)
    assert len(large_report.schools) == 4 and len(small_report.schools) == 2
    assert len(small) == len(large) <= 6


def test_the_2025_26_table_is_provisional_and_follows_l41(town):
    table = guideline_table_in_force("2025/26")
    assert table.first_school_year == "2025/26" and table.provisional
    assert guideline_table_in_force("2030/31") == table
    hours = {(h.subject.code, h.grade): h for h in table.hours.select_related("subject")}
    # L 41 § 1 nr. 5-7: no engelsk and no billedkunst in 1st grade, no tysk in 5th
    assert ("engelsk", 1) not in hours and ("billedkunst", 1) not in hours
    assert ("tysk", 5) not in hours and ("tysk", 6) in hours
    # the figures carried over from the 2014 table are marked unverified
    assert not hours[("engelsk", 2)].verified and hours[("dansk", 1)].hours == D(330)
    municipality, school, _other = town
    anne = teacher(school, "E001")
    competent(anne, "engelsk")
    first = klass(school, "1.A", 1, year="2025/26")
    teach(first, "engelsk", anne, 20)  # no table hours: the planned hours count
    teach(first, "dansk", anne, 300)
    result = report(municipality, "2025/26")
    assert result.provisional and result.guideline_table == table.name
    assert result.figures == figures(350, 20, 20, 0)
    assert not report(municipality).provisional
