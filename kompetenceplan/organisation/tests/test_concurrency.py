"""Writes under concurrency, with real threads on PostgreSQL."""

import pytest
from django.db import connection

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.core.tabular import Table
from kompetenceplan.organisation.models import Employment, Person
from kompetenceplan.organisation.services import people_import, person_update
from kompetenceplan.testing.factories import run_in_threads

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def test_two_simultaneous_imports_create_each_person_once(world):
    rows = [
        (
            i + 2,
            {
                "medarbejdernummer": f"C{i}",
                "fornavn": "Ida",
                "efternavn": f"Nr{i}",
                "email": "",
                "institutionsnummer": "100001",
                "stilling": "Lærer",
                "ansat_fra": "01-08-2024",
                "ansat_til": "",
            },
        )
        for i in range(40)
    ]
    table = Table(header=list(rows[0][1]), rows=rows)
    reports = []

    def go():
        reports.append(people_import(actor=None, municipality=world.ishoj, table=table))

    _results, errors = run_in_threads(go, go)
    assert not errors, errors
    assert Person.objects.filter(employee_number__startswith="C").count() == 40
    assert Employment.objects.filter(person__employee_number__startswith="C").count() == 40
    assert sorted(r.created for r in reports) == [0, 40]
    assert sorted(r.unchanged for r in reports) == [0, 40]


def test_simultaneous_edits_are_serialised_in_the_log(world):
    person = world.person_a

    def edit(name):
        return lambda: person_update(
            actor=world.users.admin, person=person, data={"first_name": name}
        )

    _results, errors = run_in_threads(edit("Eva"), edit("Ulla"))
    assert not errors, errors
    entries = list(
        ChangeLogEntry.objects.filter(action="update", object_id=str(person.pk)).order_by("id")
    )
    assert len(entries) == 2
    # The second writer saw the first writer's value as "before": no lost update.
    assert entries[0].before["first_name"] == "Anne"
    assert entries[1].before["first_name"] == entries[0].after["first_name"]
    person.refresh_from_db()
    assert person.first_name == entries[1].after["first_name"]
