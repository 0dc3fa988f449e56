"""The read log (issue 9, ADR 0012): every page, list, search, export and panel
that shows people logs one entry per request with the people it showed; the
person and the administrator can see who read a record."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from kompetenceplan.core.models import ChangeLogEntry, ReadLogEntry, ReadLogSubject
from kompetenceplan.organisation.models import Employment, JobRole, Person, Team
from kompetenceplan.testing.factories import make_person
from kompetenceplan.testing.html import table_rows

pytestmark = pytest.mark.django_db


def reads():
    """Every read logged so far: (actor, label, kind, path, [person pks]), oldest first."""
    return [
        (
            entry.actor.username if entry.actor else None,
            entry.label,
            entry.kind,
            entry.path,
            sorted(entry.subjects.values_list("object_id", flat=True)),
        )
        for entry in ReadLogEntry.objects.order_by("id")
    ]


def assert_one_read(actor, label, kind, path, people):
    entry = ReadLogEntry.objects.get()
    assert reads() == [(actor.username, label, kind, path, sorted(p.pk for p in people))]
    assert entry.subject_count == len(people)
    assert entry.municipality_id == actor.municipality_id
    assert entry.subject_type == ContentType.objects.get_for_model(Person)


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


# --- One test per place the issue lists ---------------------------------------------------


def test_person_edit_form_logs_the_read(client, world):
    url = reverse("organisation:person_edit", args=[world.person_a.pk])
    get(client, world.users.leader, url)
    assert_one_read(world.users.leader, "Redigér medarbejder", "form", url, [world.person_a])


def test_saving_the_person_form_logs_no_read(client, world):
    """A saved form redirects: nothing is shown, so nothing is read."""
    client.force_login(world.users.admin)
    url = reverse("organisation:person_edit", args=[world.person_a.pk])
    response = client.post(url, {"first_name": "Annette", "last_name": "Andersen", "email": ""})
    assert response.status_code == 302
    assert reads() == []


def test_people_list_logs_the_people_on_the_page(client, world):
    url = reverse("organisation:person_list")
    get(client, world.users.leader, url)  # the leader sees school A's staff
    assert_one_read(
        world.users.leader, "Medarbejderliste", "list", url, [world.person_a, world.person_a2]
    )


def test_people_list_logs_only_the_page_shown(client, world):
    for i in range(55):
        make_person(world.school_b, first=f"P{i:02d}", last="Mange", number=f"M{i:02d}")
    url = reverse("organisation:person_list") + "?page=2"
    response = get(client, world.users.admin, url)
    shown = [row.record.pk for row in response.context["table"].page.object_list]
    assert len(shown) == 58 - 50  # Ishøj's 3 + 55 people; Horsens' one is not the admin's
    entry = ReadLogEntry.objects.get()
    assert sorted(entry.subjects.values_list("object_id", flat=True)) == sorted(shown)
    assert (entry.kind, entry.subject_count, entry.path) == ("list", len(shown), url)


def test_people_search_logs_a_search_with_what_it_found(client, world):
    url = reverse("organisation:person_list") + "?q=Andersen"
    get(client, world.users.admin, url)
    assert_one_read(world.users.admin, "Medarbejderliste", "search", url, [world.person_a])


def test_people_csv_export_logs_every_exported_person_once(client, world):
    url = reverse("organisation:person_list") + "?export=csv"
    response = get(client, world.users.admin, url)
    assert "A1;Anne;Andersen" in response.content.decode("utf-8-sig")
    ishoj = [world.person_a, world.person_a2, world.person_b]
    assert_one_read(world.users.admin, "Medarbejderliste", "csv", url, ishoj)


def test_people_xlsx_export_logs_every_exported_person(client, world):
    url = reverse("organisation:person_list") + "?export=xlsx&q=Andersen"
    response = get(client, world.users.consultant, url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Anne"]
    assert_one_read(world.users.consultant, "Medarbejderliste", "xlsx", url, [world.person_a])


def test_institution_staff_list_logs_the_staff_shown(client, world):
    url = reverse("organisation:institution_detail", args=[world.school_a.pk])
    get(client, world.users.consultant, url)
    assert_one_read(
        world.users.consultant,
        "Institutionens medarbejdere",
        "list",
        url,
        [world.person_a, world.person_a2],
    )


def test_institution_page_without_visible_staff_logs_nothing(client, world):
    """The staff user sees only their own record: school B shows nobody."""
    get(
        client,
        world.users.staff,
        reverse("organisation:institution_detail", args=[world.school_b.pk]),
    )
    assert reads() == []


def test_team_member_list_logs_the_members(client, world):
    team = Team.objects.create(institution=world.school_a, name="Indskoling")
    team.members.set([world.person_a, world.person_a2])
    url = reverse("organisation:team_detail", args=[team.pk])
    get(client, world.users.admin, url)
    assert_one_read(
        world.users.admin, "Teamets medlemmer", "list", url, [world.person_a, world.person_a2]
    )


def test_team_form_member_picker_logs_the_staff_offered(client, world):
    url = reverse("organisation:team_create", args=[world.school_a.pk])
    response = get(client, world.users.leader, url)
    assert "Andersen" in response.content.decode()
    assert_one_read(
        world.users.leader, "Valg af teammedlemmer", "form", url, [world.person_a, world.person_a2]
    )


def test_new_employees_panel_logs_the_new_hires(client, world):
    recent = timezone.localdate() - dt.timedelta(days=30)
    nina = make_person(world.school_a, first="Nina", last="Ny", number="N1", start=recent)
    response = get(client, world.users.leader, reverse("core:home"))
    assert "Ny, Nina" in response.content.decode()
    assert_one_read(world.users.leader, "Forside: Nye medarbejdere", "panel", "/", [nina])


def test_front_page_without_new_hires_logs_nothing(client, world):
    get(client, world.users.admin, reverse("core:home"))
    assert reads() == []


def test_refused_pages_log_nothing(client, world):
    client.force_login(world.users.leader)
    assert (
        client.get(reverse("organisation:person_detail", args=[world.person_b.pk])).status_code
        == 404
    )
    client.force_login(world.users.viewer)
    assert client.get(reverse("organisation:person_list")).status_code == 403
    assert reads() == []


# --- Cost: O(1) queries per request, whatever the number of people ----------------------------


def _bulk_people(institution, count):
    role = JobRole.objects.get(name="Lærer")
    people = Person.objects.bulk_create(
        Person(
            municipality=institution.municipality,
            employee_number=f"X{i:04d}",
            first_name=f"Fornavn{i}",
            last_name="Efternavn",
        )
        for i in range(count)
    )
    Employment.objects.bulk_create(
        Employment(person=p, institution=institution, job_role=role, start_date=dt.date(2020, 8, 1))
        for p in people
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_export_of_534_people_is_one_entry_and_constant_queries(client, world):
    client.force_login(world.users.admin)
    url = reverse("organisation:person_list") + "?export=csv"
    _queries(client, url)  # warm the content-type cache
    ReadLogEntry.objects.all().delete()
    few = _queries(client, url)
    _bulk_people(world.school_a, 531)  # 534 people in Ishøj
    many = _queries(client, url)
    # One INSERT of the entry and one of the 534 people; SQLite takes at most
    # 999 parameters per statement, so there the people go in two.
    subject_inserts = 1 if connection.vendor == "postgresql" else 2
    assert len(many) == len(few) + subject_inserts - 1
    inserts = [sql.split('"')[1] for sql in many if sql.startswith("INSERT INTO")]
    assert inserts == ["core_readlogentry"] + ["core_readlogsubject"] * subject_inserts
    last = ReadLogEntry.objects.latest("id")
    assert (last.subject_count, last.subjects.count()) == (534, 534)
    assert not ChangeLogEntry.objects.filter(action="view").exists()


# --- Who has seen a record ---------------------------------------------------------------------


def test_person_sees_who_read_their_record(client, world):
    get(client, world.users.admin, reverse("organisation:person_detail", args=[world.person_a.pk]))
    get(client, world.users.leader, reverse("organisation:person_list") + "?export=csv")
    get(
        client, world.users.leader, reverse("organisation:person_detail", args=[world.person_a2.pk])
    )
    url = reverse("organisation:person_reads", args=[world.person_a.pk])
    response = get(client, world.users.staff, url)
    assert "<h1>Hvem har set mine oplysninger</h1>" in response.content.decode()
    rows = [row[1:5] for row in _table_rows(response)]
    # Newest first; the leader's look at Bo Bach's page is not Anne's.
    assert rows == [
        ["leader", "Medarbejderliste", "Eksport (CSV)", "2"],
        ["admin", "Medarbejderside", "Visning", "1"],
    ]


def test_administrator_lists_the_reads_of_one_person_paginated(client, world):
    client.force_login(world.users.leader)
    for _ in range(55):
        client.get(reverse("organisation:person_detail", args=[world.person_a.pk]))
    url = reverse("organisation:person_reads", args=[world.person_a.pk])
    response = get(client, world.users.admin, url)
    html = response.content.decode()
    assert "<h1>Hvem har set oplysningerne</h1>" in html
    assert len(_table_rows(response)) == 50
    assert "Side 1 af 2 (55 i alt)" in html
    # Page 2: the rest, and the administrator's own look at page 1 (a read too).
    assert len(_table_rows(get(client, world.users.admin, url + "?page=2"))) == 56 - 50
    # Looking at the read log is itself a read of the person.
    assert ReadLogEntry.objects.filter(label="Læselog", actor=world.users.admin).count() == 2


def test_reads_page_query_count_is_pinned(client, world, django_assert_num_queries):
    client.force_login(world.users.leader)
    for _ in range(3):
        client.get(reverse("organisation:person_detail", args=[world.person_a.pk]))
    client.force_login(world.users.admin)
    url = reverse("organisation:person_reads", args=[world.person_a.pk])
    client.get(url)
    # session, user, person (+3 prefetches), AUDIT gate, reads count + page,
    # the read-log inserts (2), the session save (3)
    with django_assert_num_queries(14):
        client.get(url)
    for _ in range(20):
        client.get(reverse("organisation:person_list"))
    with django_assert_num_queries(14):
        client.get(url)


def test_person_page_links_to_the_reads(client, world):
    own = get(
        client, world.users.staff, reverse("organisation:person_detail", args=[world.person_a.pk])
    )
    link = reverse("organisation:person_reads", args=[world.person_a.pk])
    assert f'href="{link}">Hvem har set mine oplysninger</a>' in own.content.decode()
    admin = get(
        client, world.users.admin, reverse("organisation:person_detail", args=[world.person_a.pk])
    )
    assert f'href="{link}">Hvem har set oplysningerne</a>' in admin.content.decode()
    leader = get(
        client, world.users.leader, reverse("organisation:person_detail", args=[world.person_a.pk])
    )
    assert link not in leader.content.decode()
    home = get(client, world.users.staff, reverse("core:home"))
    assert f'href="{link}">Hvem har set mine oplysninger</a>' in home.content.decode()


def test_reads_page_in_english(client, world):
    get(client, world.users.admin, reverse("organisation:person_detail", args=[world.person_a.pk]))
    client.cookies["django_language"] = "en"
    with translation.override("da"):  # the request activates English; restored after
        response = get(
            client,
            world.users.staff,
            reverse("organisation:person_reads", args=[world.person_a.pk]),
        )
    assert ["admin", "Person page", "View", "1"] in [row[1:5] for row in _table_rows(response)]


# --- Old reads (change-log "view" entries) move into the read log -------------------------------


def test_migration_moves_old_view_entries(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kompetenceplan.core.migrations.0003_read_log")
    old = ChangeLogEntry.objects.create(
        municipality=world.ishoj,
        actor=world.users.leader,
        action="view",
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(world.person_a.pk),
        object_repr="Anne Andersen",
    )
    when = timezone.now() - dt.timedelta(days=100)
    ChangeLogEntry.objects.filter(pk=old.pk).update(created_at=when)
    migration.move_views_to_read_log(apps, None)
    assert not ChangeLogEntry.objects.filter(action="view").exists()
    assert reads() == [("leader", "Medarbejderside", "page", "", [world.person_a.pk])]
    assert ReadLogEntry.objects.get().created_at == when
    assert ReadLogSubject.objects.get().object_id == world.person_a.pk


def _table_rows(response):
    """The read-log table's rows (header left out)."""
    return table_rows(response, "laeselog")[1:]
