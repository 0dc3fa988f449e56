"""The permission matrix of every organisation page and endpoint
(kompetenceplan/testing/matrix.py, docs/permissions.md):

- institutions are read by every role of the municipality; only administrators import them;
- people are read by administrators and consultants (all), leaders (the current staff of
  their institutions) and staff (their own record); administrators and leaders change them;
  only administrators import them. The ``world`` fixture's coordinator has no person record,
  so the person and team pages are closed to that role (403);
- teams are read by administrators, consultants, leaders (own institutions) and their
  members, and created and changed by administrators and leaders (own institutions).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompetenceplan.organisation.models import Institution, Person, Team
from kompetenceplan.testing.factories import make_person
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

PEOPLE_CSV = (
    "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
    "9001;Mette;Holm;mette@example.dk;100001;lærer;01-08-2024;\n"
)
INSTITUTIONS_CSV = "institutionsnummer;navn;type;område\n100009;Skole C;skole;skole\n"

ADMINS = {"admin"}
TEAM_ADMINS = {"admin", "leader"}
PERSON_READERS = {"admin", "consultant", "leader", "staff"}


def url(name, attr=None, **kwargs):
    """A URL builder: ``url("organisation:person_detail", "person_a")``."""

    def build(o):
        args = [getattr(o, attr).pk] if attr else []
        return reverse(name, args=args, kwargs=kwargs or None)

    return build


def upload(name, text):
    return lambda o: {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")}


def people(o):
    return sorted(Person.objects.values_list("first_name", "last_name", "email"))


def teams(o):
    return sorted(Team.objects.values_list("institution_id", "name"))


def team_members(o):
    return sorted(Team.objects.values_list("name", "members"))


CASES = [
    # --- Institutions ---
    Case(
        "organisation:institution_list",
        url=url("organisation:institution_list"),
        allowed=ALL_ROLES,
        contains="Skole B",
    ),
    Case(
        "organisation:institution_list",
        label="export",
        url=lambda o: reverse("organisation:institution_list") + "?export=csv",
        allowed=ALL_ROLES,
        contains="100002;Skole B",
    ),
    Case(
        "organisation:institution_detail",
        url=url("organisation:institution_detail", "school_a"),
        allowed=ALL_ROLES,
        contains="Skole A",
        other_municipality_url=url("organisation:institution_detail", "school_h"),
    ),
    # --- Teams ---
    Case(
        "organisation:team_create",
        url=url("organisation:team_create", "school_a"),
        allowed=TEAM_ADMINS,
        forbidden=ALL_ROLES - TEAM_ADMINS,
        contains="Nyt team",
        other_municipality_url=url("organisation:team_create", "school_h"),
        other_institution_url=url("organisation:team_create", "school_b"),
    ),
    Case(
        "organisation:team_create",
        method="POST",
        url=url("organisation:team_create", "school_a"),
        data={"name": "Læseteamet"},
        allowed=TEAM_ADMINS,
        forbidden=ALL_ROLES - TEAM_ADMINS,
        other_municipality_url=url("organisation:team_create", "school_h"),
        other_institution_url=url("organisation:team_create", "school_b"),
        state=teams,
    ),
    Case(
        "organisation:team_detail",
        url=url("organisation:team_detail", "team_a"),
        allowed={"admin", "consultant", "leader", "staff"},
        forbidden={"coordinator", "viewer"},
        contains="Team A",
        other_municipality_url=url("organisation:team_detail", "team_h"),
        other_institution_url=url("organisation:team_detail", "team_b"),
    ),
    Case(
        "organisation:team_detail",
        label="not a member",
        url=url("organisation:team_detail", "team_b"),
        allowed={"admin", "consultant"},
        not_found={"leader", "staff"},
        forbidden={"coordinator", "viewer"},
        contains="Team B",
    ),
    Case(
        "organisation:team_edit",
        url=url("organisation:team_edit", "team_a"),
        allowed=TEAM_ADMINS,
        forbidden=ALL_ROLES - TEAM_ADMINS,
        contains='value="Team A"',
        other_municipality_url=url("organisation:team_edit", "team_h"),
        other_institution_url=url("organisation:team_edit", "team_b"),
    ),
    Case(
        "organisation:team_edit",
        method="POST",
        url=url("organisation:team_edit", "team_a"),
        data=lambda o: {"name": "Team A2", "members": [o.person_a2.pk]},
        allowed=TEAM_ADMINS,
        forbidden=ALL_ROLES - TEAM_ADMINS,
        other_municipality_url=url("organisation:team_edit", "team_h"),
        other_institution_url=url("organisation:team_edit", "team_b"),
        state=team_members,
    ),
    # --- People ---
    Case(
        "organisation:person_list",
        url=url("organisation:person_list"),
        allowed=PERSON_READERS,
        forbidden={"coordinator", "viewer"},
        contains="Andersen",
        absent=("Horsens-vejleder",),  # Horsens' own function: not in the filter (ADR 0013)
    ),
    Case(
        "organisation:person_list",
        label="export",
        url=lambda o: reverse("organisation:person_list") + "?export=csv",
        allowed={"admin", "consultant", "leader"},
        forbidden={"staff", "coordinator", "viewer"},
        contains="A1;Anne;Andersen",
    ),
    Case(
        "organisation:person_detail",
        url=url("organisation:person_detail", "person_a"),
        allowed=PERSON_READERS,
        forbidden={"coordinator", "viewer"},
        contains="Andersen",
        other_municipality_url=url("organisation:person_detail", "person_h"),
        other_institution_url=url("organisation:person_detail", "person_b"),
    ),
    Case(
        "organisation:person_detail",
        label="another's record",
        url=url("organisation:person_detail", "person_a2"),
        allowed={"admin", "consultant", "leader"},
        not_found={"staff"},
        forbidden={"coordinator", "viewer"},
        contains="Bach",
    ),
    Case(
        "organisation:person_detail",
        label="former staff",
        url=url("organisation:person_detail", "former"),
        allowed={"admin", "consultant"},
        not_found={"leader", "staff"},
        forbidden={"coordinator", "viewer"},
        contains="Fhv",
    ),
    Case(
        "organisation:person_edit",
        label="former staff",
        url=url("organisation:person_edit", "former"),
        allowed={"admin"},
        not_found={"leader"},
        forbidden={"consultant", "staff", "coordinator", "viewer"},
        contains='value="Fhv"',
    ),
    Case(
        "organisation:person_edit",
        url=url("organisation:person_edit", "person_a"),
        allowed=TEAM_ADMINS,
        forbidden=ALL_ROLES - TEAM_ADMINS,
        contains='value="Anne"',
        absent=("Horsens-vejleder",),  # Horsens' own function: not a choice (ADR 0013)
        other_municipality_url=url("organisation:person_edit", "person_h"),
        other_institution_url=url("organisation:person_edit", "person_b"),
    ),
    Case(
        "organisation:person_edit",
        method="POST",
        url=url("organisation:person_edit", "person_a"),
        data={"first_name": "Annette", "last_name": "Andersen", "email": "annette@example.dk"},
        allowed=TEAM_ADMINS,
        forbidden=ALL_ROLES - TEAM_ADMINS,
        other_municipality_url=url("organisation:person_edit", "person_h"),
        other_institution_url=url("organisation:person_edit", "person_b"),
        state=people,
    ),
    # --- Who has read a person's record (the administrator, and the person) ---
    Case(
        "organisation:person_reads",
        url=url("organisation:person_reads", "person_a"),
        allowed={"admin": "Hvem har set oplysningerne", "staff": "Hvem har set mine oplysninger"},
        forbidden={"consultant", "leader", "coordinator", "viewer"},
        other_municipality_url=url("organisation:person_reads", "person_h"),
    ),
    Case(
        "organisation:person_reads",
        label="another's record",
        url=url("organisation:person_reads", "person_a2"),
        allowed={"admin": "Bach"},
        not_found={"staff"},
        forbidden={"consultant", "leader", "coordinator", "viewer"},
    ),
    # --- Imports ---
    Case(
        "organisation:import_people",
        url=url("organisation:import_people"),
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        contains="Importér medarbejdere",
    ),
    Case(
        "organisation:import_people",
        method="POST",
        label="preview",
        url=url("organisation:import_people"),
        data=upload("people.csv", PEOPLE_CSV),
        ok_status=200,
        allowed={"admin": "Mette"},
        forbidden=ALL_ROLES - ADMINS,
        state=people,
    ),
    Case(
        "organisation:import",
        url=url("organisation:import", kind="institutioner"),
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        contains="Importér institutioner",
    ),
    Case(
        "organisation:import",
        method="POST",
        label="preview",
        url=url("organisation:import", kind="institutioner"),
        data=upload("institutioner.csv", INSTITUTIONS_CSV),
        ok_status=200,
        allowed={"admin": "Skole C"},
        forbidden=ALL_ROLES - ADMINS,
        state=lambda o: Institution.objects.count(),
    ),
    Case(
        "organisation:import",
        method="POST",
        label="confirm",
        url=url("organisation:import", kind="medarbejdere"),
        data={"confirm": "1", "token": "not-pending"},
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        state=people,
    ),
]


@pytest.fixture
def objects(world):
    """The world plus a team at each school (Team A has the staff user's person) and a
    former teacher of school A (employment ended: no longer the leader's staff)."""
    team_a = Team.objects.create(institution=world.school_a, name="Team A")
    team_a.members.set([world.person_a])
    return SimpleNamespace(
        **vars(world),
        team_a=team_a,
        team_b=Team.objects.create(institution=world.school_b, name="Team B"),
        team_h=Team.objects.create(institution=world.school_h, name="Team H"),
        former=make_person(
            world.school_a, first="Fhv", last="Lærer", number="A9", end=dt.date(2024, 7, 31)
        ),
    )


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)
