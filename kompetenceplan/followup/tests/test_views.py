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
    assert "Redigér dagsorden og noter" in text


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
