"""Imports: atomic, idempotent, row-numbered Danish errors; command and UI."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.organisation.models import Employment, Institution, Person

pytestmark = pytest.mark.django_db

HEADER = (
    "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
)
GOOD = HEADER + (
    "9001;Mette;Holm;mette@example.dk;100001;lærer;01-08-2024;\n"
    "9002;Søren;Skov;;100002;PÆDAGOG;01.08.2025;\n"
    "9002;Søren;Skov;;100001;Lærer;2023-08-01;31-07-2025\n"
)


def write(tmp_path, text, name="people.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_people_command_is_idempotent(world, tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_people", path, municipality="183")
    assert "3 rækker: 2 nye, 0 ændrede, 0 uændrede." in capsys.readouterr().out
    assert Person.objects.filter(municipality=world.ishoj).count() == 5
    assert Employment.objects.filter(person__employee_number__in=["9001", "9002"]).count() == 3
    ended = Employment.objects.get(person__employee_number="9002", institution=world.school_a)
    assert str(ended.end_date) == "2025-07-31"
    log_count = ChangeLogEntry.objects.count()

    call_command("import_people", path, municipality="183")
    assert "3 rækker: 0 nye, 0 ændrede, 2 uændrede." in capsys.readouterr().out
    assert Person.objects.filter(municipality=world.ishoj).count() == 5
    assert Employment.objects.count() == 7
    assert ChangeLogEntry.objects.count() == log_count


def test_import_updates_on_natural_key_and_logs_before_after(world, tmp_path):
    call_command("import_people", write(tmp_path, GOOD), municipality="183")
    changed = GOOD.replace("9001;Mette;Holm", "9001;Mette;Holm-Berg")
    call_command("import_people", write(tmp_path, changed), municipality="183")
    person = Person.objects.get(employee_number="9001")
    assert person.last_name == "Holm-Berg"
    entry = ChangeLogEntry.objects.filter(object_id=str(person.pk), action="import").first()
    assert (entry.before["last_name"], entry.after["last_name"]) == ("Holm", "Holm-Berg")


def test_bad_rows_write_nothing_and_are_listed(world, tmp_path, capsys):
    text = HEADER + (
        "9001;Mette;Holm;mette@example.dk;100001;lærer;01-08-2024;\n"
        "9003;=cmd|' /C calc'!A0;Hansen;;100001;lærer;01-08-2024;\n"
        "9004;Ib;Ibsen;ikke-en-mail;999999;rektor;31-02-2024;\n"
        "9005;Ulla;Ulriksen;;200001;lærer;01-08-2024;01-08-2023\n"
    )
    with pytest.raises(CommandError, match="3 række\\(r\\) har fejl. Intet er gemt."):
        call_command("import_people", write(tmp_path, text), municipality="183")
    err = capsys.readouterr().err
    assert "Række 3: Fornavn må ikke begynde med =, +, - eller @" in err
    assert "Række 4: E-mail “ikke-en-mail” er ugyldig" in err
    assert "Institutionsnummer “999999” findes ikke i kommunen" in err
    assert "Stilling “rektor” er ukendt" in err
    assert "Ansat fra: “31-02-2024” er ikke en gyldig dato" in err
    # 200001 belongs to Horsens: not visible from Ishøj
    assert (
        "Række 5: Institutionsnummer “200001” findes ikke i kommunen; Ansat til ligger før ansat fra"
        in err
    )
    assert not Person.objects.filter(employee_number="9001").exists()


def test_dry_run_writes_nothing(world, tmp_path, capsys):
    call_command("import_people", write(tmp_path, GOOD), municipality="183", dry_run=True)
    assert "Tørkørsel – intet gemt: 3 rækker: 2 nye" in capsys.readouterr().out
    assert not Person.objects.filter(employee_number__in=["9001", "9002"]).exists()
    assert not ChangeLogEntry.objects.exists()


def test_windows_1252_comma_and_xlsx(world, tmp_path):
    text = GOOD.replace(";", ",").replace("Søren", "Åse")
    call_command("import_people", write(tmp_path, text, encoding="cp1252"), municipality="183")
    assert Person.objects.get(employee_number="9002").first_name == "Åse"
    wb = Workbook()
    for line in (HEADER + "9010;Ida;Is;;100001;Lærer;01-08-2024;\n").splitlines():
        wb.active.append(line.split(";"))
    path = tmp_path / "p.xlsx"
    wb.save(path)
    call_command("import_people", str(path), municipality="183")
    assert Person.objects.get(employee_number="9010").last_name == "Is"


def test_oversized_file_is_refused(world, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(CommandError, match="Filen er for stor"):
        call_command("import_people", write(tmp_path, GOOD), municipality="183")


def test_unknown_municipality(world, tmp_path):
    with pytest.raises(CommandError, match="Kommunen 999 findes ikke"):
        call_command("import_people", write(tmp_path, GOOD), municipality="999")


def test_import_institutions_command(world, tmp_path, capsys):
    text = "institutionsnummer;navn;type;område\n300001;Nyskolen;skole;skole\n300002;Børnehuset;dagtilbud;dagtilbud\n"
    path = write(tmp_path, text)
    call_command("import_institutions", path, municipality="183")
    call_command("import_institutions", path, municipality="183")
    out = capsys.readouterr().out
    assert "2 rækker: 2 nye, 0 ændrede, 0 uændrede." in out
    assert "2 rækker: 0 nye, 0 ændrede, 2 uændrede." in out
    assert Institution.objects.get(number="300002").sector == "daycare"
    bad = "institutionsnummer;navn;type;område\n300003;X;gymnasium;skole\n"
    with pytest.raises(CommandError):
        call_command("import_institutions", write(tmp_path, bad), municipality="183")
    assert "Række 2: Type “gymnasium” er ukendt" in capsys.readouterr().err


def test_create_municipality_command(db, capsys):
    call_command("create_municipality", "615", "Horsens")
    call_command("create_municipality", "615", "Horsens")
    out = capsys.readouterr().out
    assert "Oprettet: Horsens Kommune (615)" in out and "Findes allerede" in out
    with pytest.raises(CommandError, match="tre cifre"):
        call_command("create_municipality", "61", "X")


# --- UI ---------------------------------------------------------------------------


def upload(client, text, name="people.csv"):
    return client.post(
        reverse("organisation:import_people"), {"file": SimpleUploadedFile(name, text.encode())}
    )


def test_import_ui_preview_then_confirm(client, world):
    client.force_login(world.users.admin)
    response = upload(client, GOOD)
    assert response.status_code == 200
    assert "2 nye, 0 ændrede og 0 uændrede" in response.content.decode()
    assert not Person.objects.filter(employee_number="9001").exists()
    token = response.context["token"]
    response = client.post(reverse("organisation:import_people"), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Person.objects.filter(employee_number__in=["9001", "9002"]).count() == 2


def test_import_ui_shows_row_errors(client, world):
    client.force_login(world.users.admin)
    response = upload(client, HEADER + "9001;Mette;Holm;;100001;lærer;32-01-2024;\n")
    assert response.status_code == 400
    assert "Række 2: Ansat fra: “32-01-2024” er ikke en gyldig dato" in response.content.decode()


def test_import_ui_refuses_big_and_wrong_files(client, world, settings):
    client.force_login(world.users.admin)
    response = upload(client, "hej", name="people.pdf")
    assert "Filen skal være en CSV- eller XLSX-fil." in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10
    response = upload(client, GOOD)
    assert response.status_code in (400, 413)
    assert "Filen er for stor" in response.content.decode()


def test_import_ui_missing_columns(client, world):
    client.force_login(world.users.admin)
    response = upload(client, "navn;efternavn\nA;B\n")
    assert "Filen mangler kolonnen/kolonnerne: medarbejdernummer" in response.content.decode()


def test_import_ui_permissions(client, world):
    url = reverse("organisation:import_people")
    assert client.get(url).status_code == 302
    for user in (world.users.consultant, world.users.leader, world.users.staff, world.users.viewer):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(world.users.admin)
    assert client.get(url).status_code == 200
    assert client.get(reverse("organisation:import", args=["ukendt"])).status_code == 404


def test_import_ui_confirm_needs_own_token(client, world):
    client.force_login(world.users.admin)
    upload(client, GOOD)
    response = client.post(
        reverse("organisation:import_people"), {"confirm": "1", "token": "forged"}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(employee_number="9001").exists()


def test_xlsx_upload_in_ui(client, world):
    client.force_login(world.users.admin)
    wb = Workbook()
    wb.active.append(["institutionsnummer", "navn", "type", "område"])
    wb.active.append([300009, "Excel-skolen", "skole", "skole"])
    buf = io.BytesIO()
    wb.save(buf)
    response = client.post(
        reverse("organisation:import", args=["institutioner"]),
        {"file": SimpleUploadedFile("i.xlsx", buf.getvalue())},
    )
    assert response.status_code == 200
    client.post(
        reverse("organisation:import", args=["institutioner"]),
        {"confirm": "1", "token": response.context["token"]},
    )
    assert Institution.objects.get(number="300009", municipality=world.ishoj).name == "Excel-skolen"


def test_abandoned_preview_file_is_removed(client, world, settings):
    client.force_login(world.users.admin)
    first = upload(client, GOOD).context["token"]
    second = upload(client, GOOD).context["token"]
    folder = settings.MEDIA_ROOT / "imports"
    assert sorted(p.name for p in folder.iterdir()) == [second]
    assert first != second
