"""Bounded imports through the command line and the UI (issue 7, findings 1,
5 and 7): the same Danish refusal everywhere, never a 500, nothing written."""

import datetime as dt
import os
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.organisation.models import Person
from kompetenceplan.organisation.previews import import_preview_save, import_previews_cleanup
from kompetenceplan.organisation.services import PEOPLE_COLUMNS
from kompetenceplan.testing.bombs import huge_cell_bomb, many_rows_bomb

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_oversized_upload_answers_danish_413_not_500(client, world, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(world.users.admin)
    people = Person.objects.count()
    response = client.post(
        reverse("organisation:import_people"),
        {"file": SimpleUploadedFile("people.csv", b"x" * (200 * 1024))},
    )
    assert response.status_code == 413
    assert (
        "Filen er for stor (200,1\xa0KB). Den største tilladte størrelse er 1000\xa0bytes."
        in response.content.decode()
    )
    assert Person.objects.count() == people
    assert list_previews(settings) == []


UNPACKED_MESSAGE = (
    "Excel-filen fylder 1,5\xa0GB udpakket. Den største tilladte størrelse udpakket er 100,0\xa0MB."
)


@pytest.fixture(scope="module")
def cell_bomb():
    """The issue's 1.5 MB file holding one 1.5 GB cell (here about 1.5 MB too)."""
    return huge_cell_bomb(PEOPLE_COLUMNS, chars=1536 * MB)


def test_command_refuses_zip_bomb_and_writes_nothing(world, tmp_path, cell_bomb):
    path = tmp_path / "BOMB.xlsx"
    path.write_bytes(cell_bomb)
    people, entries = Person.objects.count(), ChangeLogEntry.objects.count()
    started = time.monotonic()
    with pytest.raises(CommandError) as info:
        call_command("import_people", str(path), municipality="183")
    assert time.monotonic() - started < 10
    assert str(info.value) == UNPACKED_MESSAGE
    assert (Person.objects.count(), ChangeLogEntry.objects.count()) == (people, entries)


def test_command_refuses_many_rows_while_streaming(world, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 1_000
    path = tmp_path / "rows.xlsx"
    path.write_bytes(many_rows_bomb(PEOPLE_COLUMNS, rows=20_000, cells_per_row=8))
    people = Person.objects.count()
    with pytest.raises(CommandError) as info:
        call_command("import_people", str(path), municipality="183")
    assert str(info.value) == "Filen har mere end 1.000 rækker, som er det største tilladte antal."
    assert Person.objects.count() == people


def test_command_and_ui_give_the_same_size_message(client, world, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 10
    path = tmp_path / "p.csv"
    path.write_bytes(b"x" * 100)
    with pytest.raises(CommandError) as info:
        call_command("import_people", str(path), municipality="183")
    assert str(info.value) == (
        "Filen er for stor (100\xa0bytes). Den største tilladte størrelse er 10\xa0bytes."
    )
    client.force_login(world.users.admin)
    response = client.post(
        reverse("organisation:import_people"), {"file": SimpleUploadedFile("p.csv", b"x" * 100)}
    )
    assert response.status_code == 400
    assert str(info.value) in response.content.decode()


def test_ui_refuses_zip_bomb_and_writes_nothing(client, world, settings, cell_bomb):
    client.force_login(world.users.admin)
    people, entries = Person.objects.count(), ChangeLogEntry.objects.count()
    tracemalloc.start()
    started = time.monotonic()
    try:
        response = client.post(
            reverse("organisation:import_people"),
            {"file": SimpleUploadedFile("BOMB.xlsx", cell_bomb)},
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 100 * MB
    assert response.status_code == 400
    assert UNPACKED_MESSAGE in response.content.decode()
    assert "token" not in response.context
    assert (Person.objects.count(), ChangeLogEntry.objects.count()) == (people, entries)
    assert list_previews(settings) == []


def list_previews(settings):
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- Finding 7: preview files do not outlive their use -----------------------------

PREVIEW = (
    "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
    "9001;Mette;Holm;mette@example.dk;100001;lærer;01-08-2024;\n"
)


def preview(client):
    response = client.post(
        reverse("organisation:import_people"),
        {"file": SimpleUploadedFile("people.csv", PREVIEW.encode())},
    )
    assert response.status_code == 200
    return response.context["token"]


def test_preview_file_is_deleted_on_confirm(client, world, settings):
    client.force_login(world.users.admin)
    token = preview(client)
    assert list_previews(settings) == [token]
    client.post(reverse("organisation:import_people"), {"confirm": "1", "token": token})
    assert list_previews(settings) == []
    assert Person.objects.filter(employee_number="9001").count() == 1


def test_preview_file_is_deleted_on_a_new_failing_upload(client, world, settings):
    client.force_login(world.users.admin)
    preview(client)
    response = client.post(
        reverse("organisation:import_people"),
        {"file": SimpleUploadedFile("people.csv", b"navn\nA\n")},
    )
    assert response.status_code == 400
    assert list_previews(settings) == []


def test_preview_file_is_deleted_on_logout(client, world, settings):
    client.force_login(world.users.admin)
    preview(client)
    client.post(reverse("account_logout"))
    assert list_previews(settings) == []
    assert not Person.objects.filter(employee_number="9001").exists()


def test_other_sessions_preview_survives_a_logout(client, world, settings):
    client.force_login(world.users.admin)
    token = preview(client)
    other = type(client)()
    other.force_login(world.users.admin)
    other.post(reverse("account_logout"))
    assert list_previews(settings) == [token]


def test_confirm_after_cleanup_says_expired_and_writes_nothing(client, world, settings):
    client.force_login(world.users.admin)
    token = preview(client)
    call_command("cleanup_import_previews", older_than_minutes=0)
    response = client.post(
        reverse("organisation:import_people"), {"confirm": "1", "token": token}, follow=True
    )
    assert "Importen er udløbet. Upload filen igen." in response.content.decode()
    assert not Person.objects.filter(employee_number="9001").exists()


def test_cleanup_deletes_only_old_previews(world, settings, capsys):
    old = import_preview_save(data=b"gammel")
    new = import_preview_save(data=b"ny")
    folder = settings.MEDIA_ROOT / "imports"
    hour_ago = time.time() - 61 * 60
    os.utime(folder / old, (hour_ago, hour_ago))
    (folder / "README").write_text("not a preview")  # foreign files are left alone
    call_command("cleanup_import_previews", older_than_minutes=60)
    assert capsys.readouterr().out == "1 forhåndsviste importfiler slettet.\n"
    assert list_previews(settings) == sorted(["README", new])
    assert import_previews_cleanup(older_than=dt.timedelta(minutes=60)) == 0


def test_cleanup_without_any_preview_folder(db, settings):
    assert import_previews_cleanup(older_than=dt.timedelta(minutes=60)) == 0
