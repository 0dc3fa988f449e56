"""Issue 7, finding 6: control characters are refused by the import and the
person form, and stored ones cannot break the people XLSX export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.organisation.models import Person

pytestmark = pytest.mark.django_db

HEADER = (
    "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
)
NUL_ROWS = HEADER + (
    "9001;Mette;Holm;mette@example.dk;100001;lærer;01-08-2024;\n"
    "9002;Sø\x00ren;Skov;;100001;lærer;01-08-2024;\n"
    "9003;Ib;Ibsen;ib\x01@example.dk;100001;lærer;01-08-2024;\n"
)
ERRORS = [
    "Række 3: Fornavn indeholder et usynligt styretegn",
    "Række 4: E-mail indeholder et usynligt styretegn",
]


def test_nul_in_a_name_is_refused_by_the_import_command(world, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(NUL_ROWS.encode())
    people, log = Person.objects.count(), ChangeLogEntry.objects.count()
    with pytest.raises(CommandError, match="2 række\\(r\\) har fejl. Intet er gemt."):
        call_command("import_people", str(path), municipality="183")
    err = capsys.readouterr().err
    for message in ERRORS:
        assert message in err
    assert (Person.objects.count(), ChangeLogEntry.objects.count()) == (people, log)


def test_nul_in_a_name_is_refused_by_the_import_page(client, world):
    client.force_login(world.users.admin)
    people = Person.objects.count()
    response = client.post(
        reverse("organisation:import_people"),
        {"file": SimpleUploadedFile("people.csv", NUL_ROWS.encode())},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in ERRORS:
        assert message in html
    assert Person.objects.count() == people


SINGLE = "Må ikke indeholde linjeskift, tabulatortegn eller andre usynlige styretegn."


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("An\x01ne", [SINGLE]),
        ("An\x0bne", [SINGLE]),
        ("An\nne", [SINGLE]),
        ("An\tne", [SINGLE]),
        ("An\x85ne", [SINGLE]),
        ("An\x00ne", [SINGLE]),  # one message, not Django's own NUL check as well
    ],
)
def test_control_characters_are_refused_by_the_person_form(client, world, name, errors):
    url = reverse("organisation:person_edit", args=[world.person_a.pk])
    client.force_login(world.users.admin)
    log = ChangeLogEntry.objects.count()
    response = client.post(url, {"first_name": "Annette", "last_name": name, "email": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"last_name": errors}
    world.person_a.refresh_from_db()
    assert (world.person_a.first_name, world.person_a.last_name) == ("Anne", "Andersen")
    assert ChangeLogEntry.objects.count() == log


def test_stored_control_characters_do_not_break_the_xlsx_export(client, world):
    # Rows stored before the check (update() bypasses every check, as old data did).
    Person.objects.filter(pk=world.person_a.pk).update(first_name="An\x01ne", last_name="\x0b=A")
    client.force_login(world.users.leader)
    response = client.get(reverse("organisation:person_list"), {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][:3] == ("A1", "Anne", "'=A")
    world.person_a.refresh_from_db()
    assert world.person_a.first_name == "An\x01ne"  # nothing stored is changed
