"""A person's history includes their employments, an institution's its teams."""

from django.urls import reverse

from kompetenceplan.core.tabular import read_table
from kompetenceplan.organisation.models import Person
from kompetenceplan.organisation.services import (
    PEOPLE_COLUMNS,
    people_import,
    team_create,
    team_update,
)
from kompetenceplan.testing.history import history_rows


def test_person_history_includes_employments(client, world):
    text = (
        "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
        "9001;Mette;Holm;;100001;lærer;01-08-2024;\n"
    )
    table = read_table(text.encode(), "people.csv", PEOPLE_COLUMNS)
    people_import(actor=world.users.admin, municipality=world.ishoj, table=table)
    person = Person.objects.get(employee_number="9001")
    client.force_login(world.users.admin)
    html = client.get(reverse("organisation:person_detail", args=[person.pk])).content.decode()
    rows = [row[1:] for row in history_rows(html)[1:]]
    assert sorted(rows) == [
        ["admin", "Ansættelse: Mette Holm – Lærer (Skole A)", "Importeret", "Importeret af admin"],
        ["admin", "Medarbejder", "Importeret", "Importeret af admin"],
    ]  # reads are in the read log (ADR 0012), not in the history


def test_institution_history_includes_its_teams(client, world):
    team = team_create(
        actor=world.users.leader, institution=world.school_a, name="Indskoling", members=[]
    )
    team_update(actor=world.users.admin, team=team, name="Udskoling", members=[world.person_a])
    client.force_login(world.users.admin)
    url = reverse("organisation:institution_detail", args=[world.school_a.pk])
    rows = history_rows(client.get(url).content.decode())
    assert rows[1:] == [
        [
            rows[1][0],
            "admin",
            "Team: Udskoling (Skole A)",
            "Ændret",
            "Navn: Indskoling → Udskoling | Medlemmer: – → Anne Andersen",
        ],
        [rows[2][0], "leader", "Team: Indskoling (Skole A)", "Oprettet", "Oprettet af leader"],
    ]
