"""Teams: pages, permissions, services."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.organisation.services import team_create, team_update
from kompetenceplan.testing.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return team_create(
        actor=world.users.admin,
        institution=world.school_a,
        name="3.-4. årgang",
        members=[world.person_a, world.person_a2],
    )


def test_team_create_refuses_people_from_elsewhere(world):
    with pytest.raises(ValidationError, match="Carl Christensen er ikke ansat på Skole A."):
        team_create(actor=None, institution=world.school_a, name="X", members=[world.person_b])


def test_team_names_are_unique_per_institution(world, team):
    with pytest.raises(ValidationError, match="Der findes allerede et team med navnet"):
        team_create(actor=None, institution=world.school_a, name="3.-4. ÅRGANG")
    team_create(actor=None, institution=world.school_b, name="3.-4. årgang")


def test_team_update_is_logged(world, team):
    team_update(actor=world.users.leader, team=team, name="Indskolingen", members=[world.person_a])
    entry = ChangeLogEntry.objects.filter(action="update", object_id=str(team.pk)).get()
    assert (entry.before["name"], entry.after["name"]) == ("3.-4. årgang", "Indskolingen")
    assert (entry.before["members"], entry.after["members"]) == (
        sorted([world.person_a.pk, world.person_a2.pk]),
        [world.person_a.pk],
    )


def test_team_pages_permissions(client, world, team):
    detail = reverse("organisation:team_detail", args=[team.pk])
    edit = reverse("organisation:team_edit", args=[team.pk])
    create_a = reverse("organisation:team_create", args=[world.school_a.pk])
    create_b = reverse("organisation:team_create", args=[world.school_b.pk])
    for url in (detail, edit, create_a):
        assert client.get(url).status_code == 302
    client.force_login(world.users.leader)
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 200
    assert client.get(create_a).status_code == 200
    assert client.get(create_b).status_code == 404  # not their institution
    client.force_login(world.users.consultant)
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403
    client.force_login(world.users.staff)  # Anne is a member
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403
    client.force_login(world.users.horsens_admin)
    assert client.get(detail).status_code == 404
    assert client.get(create_a).status_code == 404


def test_staff_see_only_themselves_among_members(client, world, team):
    client.force_login(world.users.staff)
    response = client.get(reverse("organisation:team_detail", args=[team.pk]))
    assert [p.employee_number for p in response.context["members"]] == ["A1"]


def test_leader_creates_team_from_own_staff(client, world):
    newcomer = make_person(world.school_a, first="Eva", last="Eriksen", number="A3")
    client.force_login(world.users.leader)
    url = reverse("organisation:team_create", args=[world.school_a.pk])
    choices = client.get(url).context["form"].fields["members"].queryset
    assert [p.employee_number for p in choices] == ["A1", "A2", "A3"]
    response = client.post(
        url, {"name": "Naturfagsteamet", "members": [newcomer.pk, world.person_a.pk]}
    )
    assert response.status_code == 302
    team = world.school_a.teams.get(name="Naturfagsteamet")
    assert sorted(p.employee_number for p in team.members.all()) == ["A1", "A3"]
    response = client.post(url, {"name": "=HYPERLINK()", "members": []})
    assert "Må ikke begynde med =, +, - eller @." in response.content.decode()
    response = client.post(url, {"name": "X", "members": [world.person_b.pk]})
    assert response.status_code == 200 and not world.school_a.teams.filter(name="X").exists()


def test_institution_page_lists_teams(client, world, team):
    client.force_login(world.users.leader)
    html = client.get(
        reverse("organisation:institution_detail", args=[world.school_a.pk])
    ).content.decode()
    assert "3.-4. årgang</a> – 2 medlemmer" in html
    assert "Nyt team" in html


def test_declared_breadcrumbs_of_the_team_pages(client, world, team):
    client.force_login(world.users.admin)
    school = world.school_a
    trail = [
        ("Forside", "/"),
        ("Institutioner", reverse("organisation:institution_list")),
        (school.name, reverse("organisation:institution_detail", args=[school.pk])),
    ]
    pages = {
        reverse("organisation:team_detail", args=[team.pk]): [*trail, ("3.-4. årgang", None)],
        reverse("organisation:team_edit", args=[team.pk]): [*trail, ("3.-4. årgang", None)],
        reverse("organisation:team_create", args=[school.pk]): [*trail, ("Nyt team", None)],
    }
    for url, crumbs in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["breadcrumbs"] == crumbs, url


def test_a_refused_team_is_a_form_error_and_nothing_changes(client, world, team):
    client.force_login(world.users.admin)
    response = client.post(
        reverse("organisation:team_create", args=[world.school_a.pk]),
        {"name": "3.-4. ÅRGANG", "members": []},
    )
    assert response.status_code == 200
    form = response.context["form"]
    # The service's error code names its field: the message stands at the name.
    assert form.errors == {"name": ["Der findes allerede et team med navnet “3.-4. ÅRGANG”."]}
    assert form.non_field_errors() == []
    assert list(world.school_a.teams.values_list("name", flat=True)) == ["3.-4. årgang"]
