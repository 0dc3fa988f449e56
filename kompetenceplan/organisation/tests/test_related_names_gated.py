"""Finding 10 of the security issue: names of related objects on a page pass
the gate too. A leader who gets 404 for a team at another school must not
read that team's name on the page of a person employed at both schools, nor
the name of a person outside their scope in a history they may read."""

import datetime as dt

import pytest
from django.urls import reverse

from kompetenceplan.organisation.models import Employment, JobRole
from kompetenceplan.organisation.services import team_create, team_update
from kompetenceplan.testing.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_person(world):
    """Carl works at school B and, part time, at school A (the leader's)."""
    Employment.objects.create(
        person=world.person_b,
        institution=world.school_a,
        job_role=JobRole.objects.get(name="Lærer"),
        start_date=dt.date(2024, 8, 1),
    )
    return world.person_b


def test_team_of_another_school_is_not_named_on_a_person_page(client, world, shared_person):
    team_b = team_create(
        actor=world.users.admin,
        institution=world.school_b,
        name="Udskolingen på Skole B",
        members=[shared_person],
    )
    team_create(
        actor=world.users.admin,
        institution=world.school_a,
        name="Indskolingen på Skole A",
        members=[shared_person],
    )
    client.force_login(world.users.leader)
    assert client.get(reverse("organisation:team_detail", args=[team_b.pk])).status_code == 404
    page = client.get(reverse("organisation:person_detail", args=[shared_person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Indskolingen på Skole A" in html
    assert "Udskolingen på Skole B" not in html
    # The administrator sees both.
    client.force_login(world.users.admin)
    html = client.get(reverse("organisation:person_detail", args=[shared_person.pk])).content
    assert "Udskolingen på Skole B" in html.decode()


def test_history_does_not_name_people_outside_the_readers_scope(client, world):
    leaver = make_person(world.school_a, first="Gitte", last="Gemt", number="A9")
    team = team_create(
        actor=world.users.admin,
        institution=world.school_a,
        name="Team A",
        members=[world.person_a],
    )
    # A past change names the leaver (no longer employed at the leader's school).
    team_update(actor=world.users.admin, team=team, name="Team A", members=[world.person_a, leaver])
    team_update(actor=world.users.admin, team=team, name="Team A", members=[world.person_a])
    # She has left the school since (test setup, not a service).
    Employment.objects.filter(person=leaver).update(end_date=dt.date(2021, 7, 31))
    client.force_login(world.users.leader)
    html = client.get(reverse("organisation:team_detail", args=[team.pk])).content.decode()
    assert "Anne Andersen" in html
    assert "Gitte Gemt" not in html
    assert "ikke synlig for dig" in html
    client.force_login(world.users.admin)
    html = client.get(reverse("organisation:team_detail", args=[team.pk])).content.decode()
    assert "Gitte Gemt" in html
