"""Every organisation page: anonymous, forbidden, permitted, someone else's object."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kompetenceplan.core.models import ChangeLogEntry, ReadLogEntry

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name,args",
    [
        ("core:home", []),
        ("organisation:institution_list", []),
        ("organisation:person_list", []),
        ("organisation:import_people", []),
    ],
)
def test_anonymous_is_sent_to_login(client, world, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_object_pages_send_to_login(client, world):
    for url in (
        reverse("organisation:person_detail", args=[world.person_a.pk]),
        reverse("organisation:person_edit", args=[world.person_a.pk]),
        reverse("organisation:institution_detail", args=[world.school_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/konto/login/" in response["Location"]


def test_institution_list_is_scoped_to_municipality(client, world):
    response = login(client, world.users.viewer).get(reverse("organisation:institution_list"))
    assert response.status_code == 200
    names = [row.record.name for row in response.context["table"].rows]
    assert names == ["Skole A", "Skole B"]
    assert "Horsens Skole" not in response.content.decode()


def test_institution_of_other_municipality_is_404(client, world):
    url = reverse("organisation:institution_detail", args=[world.school_h.pk])
    assert login(client, world.users.admin).get(url).status_code == 404


def test_institution_detail_shows_only_visible_staff(client, world):
    url = reverse("organisation:institution_detail", args=[world.school_b.pk])
    response = login(client, world.users.leader).get(url)
    assert response.status_code == 200
    assert response.context["staff"] == []  # leader of A sees school B but not its people
    response = login(client, world.users.admin).get(url)
    assert [e.person.last_name for e in response.context["staff"]] == ["Christensen"]


def test_people_list_per_role(client, world):
    url = reverse("organisation:person_list")

    def names(user):
        response = login(client, user).get(url)
        assert response.status_code == 200
        return [row.record.employee_number for row in response.context["table"].rows]

    assert names(world.users.admin) == ["A1", "A2", "B1"]
    assert names(world.users.consultant) == ["A1", "A2", "B1"]
    assert names(world.users.leader) == ["A1", "A2"]
    assert names(world.users.staff) == ["A1"]
    assert names(world.users.horsens_admin) == ["H1"]


def test_viewer_is_forbidden_people_list(client, world):
    assert (
        login(client, world.users.viewer).get(reverse("organisation:person_list")).status_code
        == 403
    )


def test_person_detail_permissions(client, world):
    def status(user, person):
        return (
            login(client, user)
            .get(reverse("organisation:person_detail", args=[person.pk]))
            .status_code
        )

    assert status(world.users.leader, world.person_a) == 200
    assert status(world.users.leader, world.person_b) == 404  # another institution
    assert status(world.users.leader, world.person_h) == 404  # another municipality
    assert status(world.users.admin, world.person_h) == 404
    assert status(world.users.staff, world.person_a) == 200  # own record
    assert status(world.users.staff, world.person_a2) == 404
    assert status(world.users.viewer, world.person_a) == 403


def test_person_detail_logs_the_read(client, world):
    url = reverse("organisation:person_detail", args=[world.person_a.pk])
    login(client, world.users.leader).get(url)
    entry = ReadLogEntry.objects.get()
    assert (entry.actor, entry.label, entry.kind, entry.municipality_id) == (
        world.users.leader,
        "Medarbejderside",
        "page",
        world.ishoj.pk,
    )
    assert list(entry.subjects.values_list("object_id", flat=True)) == [world.person_a.pk]
    assert not ChangeLogEntry.objects.filter(action="view").exists()


def test_person_edit_by_leader_is_saved_and_in_history(client, world):
    url = reverse("organisation:person_edit", args=[world.person_a.pk])
    response = login(client, world.users.leader).post(
        url, {"first_name": "Annette", "last_name": "Andersen", "email": "annette@example.dk"}
    )
    assert response.status_code == 302
    world.person_a.refresh_from_db()
    assert world.person_a.first_name == "Annette"
    entry = ChangeLogEntry.objects.get(action="update", object_id=str(world.person_a.pk))
    assert entry.before["first_name"] == "Anne"
    assert entry.after["first_name"] == "Annette"
    assert entry.actor == world.users.leader
    page = client.get(
        reverse("organisation:person_detail", args=[world.person_a.pk])
    ).content.decode()
    assert "Anne → Annette" in page


def test_person_edit_rejects_formula_name(client, world):
    url = reverse("organisation:person_edit", args=[world.person_a.pk])
    response = login(client, world.users.admin).post(
        url, {"first_name": "=cmd|' /C calc'!A0", "last_name": "X"}
    )
    assert response.status_code == 200
    assert "Må ikke begynde med =, +, - eller @." in response.content.decode()
    world.person_a.refresh_from_db()
    assert world.person_a.first_name == "Anne"


def test_person_edit_forbidden_and_scoped(client, world):
    def status(user, person):
        return (
            login(client, user)
            .get(reverse("organisation:person_edit", args=[person.pk]))
            .status_code
        )

    assert status(world.users.consultant, world.person_a) == 403
    assert status(world.users.staff, world.person_a) == 403
    assert status(world.users.leader, world.person_b) == 404
    assert status(world.users.admin, world.person_h) == 404
    assert status(world.users.leader, world.person_a) == 200


def test_people_export_xlsx_and_csv(client, world):
    world.person_a.first_name = "=HYPERLINK(1)"
    world.person_a.save()
    login(client, world.users.leader)
    response = client.get(reverse("organisation:person_list"), {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Medarbejdernummer", "Fornavn", "Efternavn")
    assert [r[0] for r in rows[1:]] == ["A1", "A2"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    response = client.get(reverse("organisation:person_list"), {"export": "csv", "q": "Bach"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("A2;Bo;Bach;")


def test_people_filters_combine(client, world):
    login(client, world.users.admin)
    response = client.get(
        reverse("organisation:person_list"), {"institution": world.school_a.pk, "q": "bo"}
    )
    assert [r.record.employee_number for r in response.context["table"].rows] == ["A2"]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Pinned per page; the session save adds three (savepoint, update, release).
# A page showing people adds the read log's two inserts (entry and people).
# The person page: one more for the cohorts' "Gennemførte kurser" panel; the
# institution page one more for their "Deltagertimer på kurser" panel.
# The person page: three more for the competences' "Kompetencer og
# kvalifikationer" panel (competences, qualifications, may the user record).
PAGE_QUERY_LIMITS = {
    "organisation:person_list": 15,
    "organisation:institution_list": 10,
    "organisation:institution_detail": 14,
    "organisation:person_detail": 19,
}


def test_query_counts_are_pinned_and_do_not_grow(client, world):
    from kompetenceplan.testing.factories import make_person

    login(client, world.users.admin)

    def urls():
        return {
            "organisation:person_list": reverse("organisation:person_list"),
            "organisation:institution_list": reverse("organisation:institution_list"),
            "organisation:institution_detail": reverse(
                "organisation:institution_detail", args=[world.school_a.pk]
            ),
            "organisation:person_detail": reverse(
                "organisation:person_detail", args=[world.person_a.pk]
            ),
        }

    for url in urls().values():  # warm the content-type cache
        count_queries(client, url)
    before = {name: count_queries(client, url) for name, url in urls().items()}
    for i in range(30):
        make_person(world.school_a, first=f"P{i}", last="Many", number=f"M{i}")
    after = {name: count_queries(client, url) for name, url in urls().items()}
    assert after == before
    for name, count in after.items():
        assert count <= PAGE_QUERY_LIMITS[name], (name, count)
