"""The follow-up pages: what they show, their messages, and their pinned
query counts (a fixed number whatever the number of meetings)."""

import re

import pytest
from django.urls import reverse

from kompetenceplan.followup.models import FollowupMeeting

pytestmark = pytest.mark.django_db


def test_list_mine_and_all(client, world, fw, django_assert_num_queries):
    client.force_login(world.users.leader)
    with django_assert_num_queries(10):
        response = client.get(reverse("followup:meeting_list"))
    text = response.content.decode()
    assert "1:1-samtale – Skole A (1/6)" in text
    assert "Alle kommunens møder" not in text  # the leader has no "all" view
    assert "Horsens" not in text
    client.force_login(world.users.admin)
    with django_assert_num_queries(9):
        response = client.get(reverse("followup:meeting_list") + "?visning=alle&skoleaar=2025")
    rows = re.findall(r'href="/opfoelgning/\d+/"', response.content.decode())
    assert len(rows) == 10


def test_detail_shows_the_meeting(client, world, fw, django_assert_num_queries):
    fw.meeting.agenda = "1. Læseresultater"
    fw.meeting.save()
    fw.meeting.initiatives.set([fw.initiative])
    client.force_login(world.users.leader)
    with django_assert_num_queries(10):
        response = client.get(reverse("followup:meeting_detail", args=[fw.meeting.pk]))
    text = response.content.decode()
    assert "1. Læseresultater" in text
    assert "Læsning i indskolingen" in text
    assert "Skoleåret 2025/26" in text
    assert "Flyt eller redigér mødet" in text


def test_edit_saves_and_refuses_another_municipalitys_initiative(client, world, fw):
    client.force_login(world.users.leader)
    path = reverse("followup:meeting_edit", args=[fw.meeting.pk])
    response = client.post(
        path,
        {"agenda": "Ny dagsorden", "notes": "Noter", "initiatives": [fw.initiative.pk]},
    )
    assert response.status_code == 302
    fw.meeting.refresh_from_db()
    assert fw.meeting.agenda == "Ny dagsorden"
    # Horsens' initiative is not a choice at all.
    response = client.post(path, {"initiatives": [fw.h_initiative.pk]})
    assert response.status_code == 200
    assert "Horsens indsats" not in response.content.decode()


def test_generate_form(client, world, fw, django_assert_num_queries):
    client.force_login(world.users.admin)
    with django_assert_num_queries(10):
        response = client.get(reverse("followup:generate"))
    text = response.content.decode()
    assert "1:1-samtale – 4-6 gange om året" in text
    assert "Løbende sparring" in text  # listed among the kinds, not offered
    response = client.post(
        reverse("followup:generate"),
        {"school_year": "2026", "kinds": [fw.one.pk, fw.team.pk], "host": world.users.admin.pk},
        follow=True,
    )
    assert "8 møder oprettet for 2026/27; 0 fandtes i forvejen." in response.content.decode()
    assert FollowupMeeting.objects.filter(school_year=2026).count() == 8


def test_generate_shows_the_services_message(client, world, fw):
    client.force_login(world.users.admin)
    world.users.leader.institutions.clear()
    response = client.post(
        reverse("followup:generate"),
        {"school_year": "2026", "kinds": [fw.one.pk], "host": world.users.admin.pk},
    )
    assert response.status_code == 200
    assert "Ingen skoler har en leder med en bruger" in response.content.decode()


# --- kinds -----------------------------------------------------------------------------------


def test_kind_list_and_detail_query_counts(client, world, fw, django_assert_num_queries):
    client.force_login(world.users.admin)
    with django_assert_num_queries(7):
        response = client.get(reverse("followup:kind_list"))
    text = response.content.decode()
    assert "1:1-samtale" in text and "4-6 gange om året" in text
    assert "Løbende sparring" in text and "løbende (ingen fast kadence)" in text
    assert "Horsens" not in text
    with django_assert_num_queries(9):
        response = client.get(reverse("followup:kind_detail", args=[fw.one.pk]))
    assert "2025/26" in response.content.decode()
    # More kinds and more meetings: the same number of queries.
    for n in range(3):
        client.post(
            reverse("followup:kind_create"),
            {
                "name": f"Type {n}",
                "category": "strategy",
                "scope": "per_school",
                "times_max": "2",
                "duration_minutes": "60",
                "active": "on",
            },
        )
    client.post(
        reverse("followup:kind_generate", args=[fw.one.pk]),
        {"school_year": "2026", "host": world.users.admin.pk},
    )
    with django_assert_num_queries(7):
        client.get(reverse("followup:kind_list"))
    with django_assert_num_queries(9):
        client.get(reverse("followup:kind_detail", args=[fw.one.pk]))


def test_generate_from_the_kind_page_is_idempotent(client, world, fw):
    client.force_login(world.users.admin)
    path = reverse("followup:kind_generate", args=[fw.one.pk])
    data = {"school_year": "2026", "host": world.users.admin.pk}
    response = client.post(path, data, follow=True)
    assert "6 møder oprettet for 2026/27; 0 fandtes i forvejen." in response.content.decode()
    response = client.post(path, data, follow=True)
    assert "0 møder oprettet for 2026/27; 6 fandtes i forvejen." in response.content.decode()
    assert FollowupMeeting.objects.filter(kind=fw.one, school_year=2026).count() == 6


def test_kind_form_shows_the_services_message(client, world, fw):
    client.force_login(world.users.admin)
    response = client.post(
        reverse("followup:kind_edit", args=[fw.one.pk]),
        {
            "name": "1:1-samtale",
            "category": "one_to_one",
            "scope": "per_school",
            "times_min": "4",
            "times_max": "20",
            "duration_minutes": "60",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "Antal gange om året skal være mellem 1 og 12" in response.content.decode()
    fw.one.refresh_from_db()
    assert fw.one.times_max == 6


def test_delete_page_takes_a_kind_with_meetings_out_of_use(client, world, fw):
    client.force_login(world.users.admin)
    path = reverse("followup:kind_delete", args=[fw.one.pk])
    assert "Typen har møder og kan derfor ikke slettes" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert "Opfølgningstypen er taget ud af brug; dens møder er bevaret." in (
        response.content.decode()
    )
    fw.one.refresh_from_db()
    assert not fw.one.active
    # No longer offered for generating.
    assert "1:1-samtale – 4-6" not in client.get(reverse("followup:generate")).content.decode()
