"""The two imports: teaching competences and lesson allocation (fagfordeling),
with real values, bad files, dry runs and reruns."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel
from kompetenceplan.competences.models import TeachingCompetence
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.coverage.models import LessonAllocation, SchoolClass

pytestmark = pytest.mark.django_db

COMPETENCES = """medarbejdernummer;fag;niveau;grundlag;vurderet_af;dato
A1;Dansk;undervisningskompetence;uddannelse;;
A1;natur/teknologi;Tilsvarende;KiU;Lene Leder;15-06-2024
A2;Fysik/kemi;tilsvarende;kompetencemålsprøve;Lene Leder;2023-05-31
B1;Matematik;undervisningskompetence;;;
B1;Historie;tilsvarende;længerevarende kursus;Lene Leder;01-08-2022
"""

ALLOCATIONS = """skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer
100001;5.A;5;normal;Dansk;A1;210
100001;5.A;5;normal;Natur/teknologi;A1;60
100001;5.A;5;normal;Dansk;A2;30,5
100001;0.A;0;normal;Dansk;A2;10
100002;7.B;7;special;Fysik/kemi;B1;75
100002;M1;8;modtagelse;Dansk;B1;150
"""


def write(tmp_path, text, name="fil.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(command, path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, path, "--municipality", "183", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return None, str(exc), err.getvalue()
    return out.getvalue(), None, err.getvalue()


def competences():
    return {
        (c.person.employee_number, c.subject.name): (
            c.level,
            c.basis,
            c.assessed_by_name,
            c.assessed_on,
        )
        for c in TeachingCompetence.objects.select_related("person", "subject")
    }


# --- teaching competences ---------------------------------------------------------------------


def test_competences_import_real_values(world, tmp_path):
    out, error, _ = run("import_teaching_competences", write(tmp_path, COMPETENCES))
    assert error is None
    assert "5 rækker: 5 nye, 0 ændrede, 0 uændrede" in out
    F, A, B = CompetenceLevel.FORMAL, CompetenceLevel.ASSESSED, CompetenceBasis
    assert competences() == {
        ("A1", "Dansk"): (F, B.EDUCATION, "", None),
        ("A1", "Natur/teknologi"): (A, B.KIU_COURSE, "Lene Leder", dt.date(2024, 6, 15)),
        ("A2", "Fysik/kemi"): (A, B.COMPETENCE_EXAM, "Lene Leder", dt.date(2023, 5, 31)),
        ("B1", "Matematik"): (F, B.EDUCATION, "", None),
        ("B1", "Historie"): (A, B.LONG_COURSE, "Lene Leder", dt.date(2022, 8, 1)),
    }
    assert ChangeLogEntry.objects.filter(content_type__model="teachingcompetence").count() == 5


def test_competences_rerun_is_idempotent_and_a_change_is_logged(world, tmp_path):
    path = write(tmp_path, COMPETENCES)
    run("import_teaching_competences", path)
    out, _, _ = run("import_teaching_competences", path)
    assert "0 nye, 0 ændrede, 5 uændrede" in out
    assert ChangeLogEntry.objects.filter(content_type__model="teachingcompetence").count() == 5
    changed = COMPETENCES.replace("længerevarende kursus", "erfaring")
    out, _, _ = run("import_teaching_competences", write(tmp_path, changed, "ny.csv"))
    assert "0 nye, 1 ændrede, 4 uændrede" in out
    assert competences()[("B1", "Historie")][1] == CompetenceBasis.EXPERIENCE


def test_competences_dry_run_writes_nothing(world, tmp_path):
    out, _, _ = run("import_teaching_competences", write(tmp_path, COMPETENCES), "--dry-run")
    assert out.startswith("Tørkørsel – intet gemt: 5 rækker: 5 nye")
    assert not TeachingCompetence.objects.exists() and not ChangeLogEntry.objects.exists()


def test_competences_windows_1252_comma_and_xlsx(world, tmp_path):
    from kompetenceplan.core.tabular import to_xlsx

    text = COMPETENCES.replace(";", ",")
    out, error, _ = run(
        "import_teaching_competences", write(tmp_path, text, "cp.csv", encoding="cp1252")
    )
    assert error is None and "5 nye" in out
    rows = [line.split(";") for line in COMPETENCES.strip().splitlines()]
    data = to_xlsx(rows[0], rows[1:])
    path = tmp_path / "kompetencer.xlsx"
    path.write_bytes(data)
    out, error, _ = run("import_teaching_competences", str(path))
    assert error is None and "5 uændrede" in out


BAD_COMPETENCES = """medarbejdernummer;fag;niveau;grundlag;vurderet_af;dato
A1;Klingonsk;undervisningskompetence;uddannelse;;
ZZ9;Dansk;undervisningskompetence;uddannelse;;
A2;Dansk;tilsvarende;uddannelse;Lene Leder;01-08-2024
A2;Engelsk;tilsvarende;erfaring;Lene Leder;31-02-2024
A2;Tysk;tilsvarende;erfaring;;01-08-2024
A2;Musik;undervisningskompetence;KiU;;
B1;Dansk;ekspert;uddannelse;;
B1;Idræt;tilsvarende;erfaring;=cmd|' /C calc'!A0;01-08-2024
B1;Idræt;tilsvarende;erfaring;Lene\x07Leder;01-08-2024
H1;Dansk;undervisningskompetence;uddannelse;;
A1;Matematik;undervisningskompetence;uddannelse;;
A1;matematik;undervisningskompetence;uddannelse;;
"""


def test_competences_bad_rows_are_reported_in_danish_and_nothing_is_saved(world, tmp_path):
    _, error, err = run("import_teaching_competences", write(tmp_path, BAD_COMPETENCES))
    assert error == "11 række(r) har fejl. Intet er gemt."
    lines = err.splitlines()
    assert lines[0] == "Række 2: Faget “Klingonsk” er ukendt"
    assert lines[1] == "Række 3: Medarbejdernummer “ZZ9” findes ikke i kommunen"
    assert lines[2].startswith("Række 4: Tilsvarende kompetence kræver et andet grundlag")
    assert lines[3].startswith("Række 5: Dato: “31-02-2024” er ikke en gyldig dato")
    assert lines[4] == "Række 6: Angiv hvem der har vurderet kompetencen."
    assert lines[5] == ("Række 7: Undervisningskompetence har altid læreruddannelsen som grundlag.")
    assert lines[6].startswith("Række 8: Niveau “ekspert” er ukendt")
    assert lines[7].startswith("Række 9: Vurderet af må ikke begynde med =")
    assert lines[8] == "Række 10: Vurderet af indeholder et usynligt styretegn"
    assert lines[9] == "Række 11: Medarbejdernummer “H1” findes ikke i kommunen"
    assert lines[10] == "Række 13: A1 og Matematik står også i række 12"
    assert not TeachingCompetence.objects.exists()


def test_malformed_and_wrong_files(world, tmp_path):
    _, error, _ = run("import_teaching_competences", write(tmp_path, "navn;fag\nA;B\n"))
    assert error.startswith("Filen mangler kolonnen/kolonnerne: medarbejdernummer")
    _, error, _ = run("import_teaching_competences", write(tmp_path, ""))
    assert error == "Filen er tom."
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    _, error, _ = run("import_teaching_competences", str(broken))
    assert error == "Filen kan ikke læses som Excel-fil (XLSX)."
    malformed = 'medarbejdernummer;fag;niveau;grundlag;vurderet_af;dato\n"A1;Dansk\n'
    _, error, _ = run("import_teaching_competences", write(tmp_path, malformed))
    assert error is not None
    assert not TeachingCompetence.objects.exists()


# --- lesson allocation ----------------------------------------------------------------------


def allocations():
    return {
        (
            a.school_class.institution.number,
            a.school_class.name,
            a.school_class.grade,
            a.school_class.kind,
            a.subject.name,
            a.person.employee_number,
        ): a.hours
        for a in LessonAllocation.objects.select_related(
            "school_class__institution", "subject", "person"
        )
    }


def test_allocation_import_real_values(world, tmp_path):
    out, error, _ = run(
        "import_lesson_allocations", write(tmp_path, ALLOCATIONS), "--school-year", "2025/26"
    )
    assert error is None, error
    assert "Skoleår 2025/26, 2 skole(r), 6 rækker: 6 nye, 0 ændrede, 0 uændrede" in out
    assert "klasser: 4 nye" in out
    assert allocations() == {
        ("100001", "5.A", 5, "normal", "Dansk", "A1"): Decimal("210.00"),
        ("100001", "5.A", 5, "normal", "Natur/teknologi", "A1"): Decimal("60.00"),
        ("100001", "5.A", 5, "normal", "Dansk", "A2"): Decimal("30.50"),
        ("100001", "0.A", 0, "normal", "Dansk", "A2"): Decimal("10.00"),
        ("100002", "7.B", 7, "special", "Fysik/kemi", "B1"): Decimal("75.00"),
        ("100002", "M1", 8, "reception", "Dansk", "B1"): Decimal("150.00"),
    }
    assert set(SchoolClass.objects.values_list("school_year", flat=True)) == {"2025/26"}


def test_allocation_rerun_is_idempotent(world, tmp_path):
    path = write(tmp_path, ALLOCATIONS)
    run("import_lesson_allocations", path, "--school-year", "2025/26")
    logged = ChangeLogEntry.objects.count()
    out, _, _ = run("import_lesson_allocations", path, "--school-year", "2025/26")
    assert "0 nye, 0 ændrede, 6 uændrede, 0 fjernede" in out
    assert ChangeLogEntry.objects.count() == logged


def test_allocation_reimport_replaces_the_school_year_for_the_schools_in_the_file(world, tmp_path):
    run("import_lesson_allocations", write(tmp_path, ALLOCATIONS), "--school-year", "2025/26")
    run("import_lesson_allocations", write(tmp_path, ALLOCATIONS), "--school-year", "2024/25")
    # School A only, 2025/26: 5.A's Danish hours change, A2 leaves 5.A, 0.A is gone,
    # 6.A is new.
    second = """skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer
100001;5.A;5;normal;Dansk;A1;240
100001;5.A;5;normal;Natur/teknologi;A1;60
100001;6.A;6;normal;Matematik;A2;150
"""
    out, error, _ = run(
        "import_lesson_allocations", write(tmp_path, second, "b.csv"), "--school-year", "2025/26"
    )
    assert error is None
    assert "1 skole(r), 3 rækker: 1 nye, 1 ændrede, 1 uændrede, 2 fjernede" in out
    assert "klasser: 1 nye, 0 ændrede, 1 fjernede" in out
    a_2526 = {
        (a.school_class.name, a.subject.name, a.person.employee_number): a.hours
        for a in LessonAllocation.objects.filter(
            school_class__school_year="2025/26", school_class__institution=world.school_a
        ).select_related("school_class", "subject", "person")
    }
    assert a_2526 == {
        ("5.A", "Dansk", "A1"): Decimal("240.00"),
        ("5.A", "Natur/teknologi", "A1"): Decimal("60.00"),
        ("6.A", "Matematik", "A2"): Decimal("150.00"),
    }
    # 2024/25 and school B are untouched.
    assert LessonAllocation.objects.filter(school_class__school_year="2024/25").count() == 6
    assert (
        LessonAllocation.objects.filter(
            school_class__school_year="2025/26", school_class__institution=world.school_b
        ).count()
        == 2
    )
    deleted = ChangeLogEntry.objects.filter(action="delete", content_type__model="lessonallocation")
    assert deleted.count() == 2


def test_allocation_dry_run_writes_nothing(world, tmp_path):
    out, _, _ = run(
        "import_lesson_allocations",
        write(tmp_path, ALLOCATIONS),
        "--school-year",
        "2025/26",
        "--dry-run",
    )
    assert out.startswith("Tørkørsel – intet gemt: Skoleår 2025/26, 2 skole(r), 6 rækker: 6 nye")
    assert not SchoolClass.objects.exists() and not LessonAllocation.objects.exists()
    assert not ChangeLogEntry.objects.exists()


BAD_ALLOCATIONS = """skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer
999999;5.A;5;normal;Dansk;A1;210
100001;5.A;11;normal;Dansk;A1;210
100001;5.A;5;normal;Dansk;A1;-5
100001;5.A;5;normal;Klingonsk;A1;10
100001;5.A;5;normal;Dansk;ZZ9;10
100001;5.A;5;hjemmeklasse;Dansk;A1;10
100001;5.A;5;normal;Dansk;A1;12,345
100001;5.A;5;normal;Dansk;A1;mange
200001;1.A;1;normal;Dansk;H1;10
100001;5.A;5;normal;Dansk;A1;210
100001;5.A;6;normal;Engelsk;A1;30
100001;5.A;5;normal;Dansk;A1;20
100001;=cmd|' /C calc'!A0;5;normal;Dansk;A1;20
100001;5.A;5;normal;Dansk;A1;0
"""


def test_allocation_bad_rows(world, tmp_path):
    _, error, err = run(
        "import_lesson_allocations", write(tmp_path, BAD_ALLOCATIONS), "--school-year", "2025/26"
    )
    assert error == "13 række(r) har fejl. Intet er gemt."
    assert err.splitlines() == [
        "Række 2: Skolen “999999” findes ikke i kommunen",
        "Række 3: Klassetrin “11” er ugyldigt (brug 0-10; 0 er børnehaveklassen)",
        "Række 4: Timer kan ikke være negative (“-5”)",
        "Række 5: Faget “Klingonsk” er ukendt",
        "Række 6: Medarbejdernummer “ZZ9” findes ikke i kommunen",
        "Række 7: Klassetype “hjemmeklasse” er ukendt (brug normal, special eller modtagelse)",
        "Række 8: Timer kan have højst to decimaler (“12,345”)",
        "Række 9: Timer “mange” er ikke et tal (skriv fx 37,5)",
        "Række 10: Skolen “200001” findes ikke i kommunen; "
        "Medarbejdernummer “H1” findes ikke i kommunen",
        "Række 12: Klasse 5.A på skole 100001 har et andet klassetrin eller en anden "
        "klassetype i række 11",
        "Række 13: Samme klasse, fag og medarbejder står også i række 11",
        "Række 14: Klasse må ikke begynde med =, +, - eller @ (“=cmd|' /C calc'!A0”)",
        "Række 15: Timer skal være mere end 0",
    ]
    assert not LessonAllocation.objects.exists() and not SchoolClass.objects.exists()


def test_allocation_school_year_and_municipality_are_checked(world, tmp_path):
    path = write(tmp_path, ALLOCATIONS)
    _, error, _ = run("import_lesson_allocations", path, "--school-year", "2025/27")
    assert error == "Skoleåret “2025/27” er ugyldigt. Skriv det som 2025/26."
    with pytest.raises(CommandError, match="Kommunen 999 findes ikke"):
        call_command(
            "import_lesson_allocations", path, "--municipality", "999", "--school-year", "2025/26"
        )


def test_allocation_institution_that_is_not_a_school(world, tmp_path):
    from kompetenceplan.testing.factories import make_institution

    make_institution(world.ishoj, "Børnehuset Solsikken", number="300001", sector="daycare")
    text = "skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer\n" + (
        "300001;1.A;1;normal;Dansk;A1;10\n"
    )
    _, error, err = run(
        "import_lesson_allocations", write(tmp_path, text), "--school-year", "2025/26"
    )
    assert err.strip() == "Række 2: Institution 300001 (Børnehuset Solsikken) er ikke en skole"
