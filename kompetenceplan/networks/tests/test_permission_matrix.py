"""The permission matrix of every networks page (kompetenceplan/testing/matrix.py,
docs/permissions.md, docs/networks.md "Rettigheder"):

- everyone in the municipality reads the list of networks;
- a network's page and annual wheel: administrators, consultants, the
  network's coordinator, its members (the staff user is Anne, a member) and
  leaders of the institutions its members represent (school A); the committee
  (viewer) reads the list only (403); another network of the municipality
  answers 404 to those it does not concern;
- managing a network (members, meetings, wheel, its settings): administrators,
  consultants and the network's coordinator (another network: 404);
- creating and deleting networks: administrators and consultants;
- another municipality's network, member, meeting or wheel month answers 404.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.networks.models import Meeting, Membership, Network, WheelEntry
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

PLANNERS = {"admin", "consultant"}
MANAGERS = {"admin", "consultant", "coordinator"}
READERS = {"admin", "consultant", "coordinator", "staff", "leader"}


@pytest.fixture
def objects(world, nw):
    return SimpleNamespace(**vars(world), **vars(nw))


def url(name, attr=None, query=""):
    def build(o):
        path = reverse(name, args=[getattr(o, attr).pk] if attr else [])
        return path + (f"?{query}" if query else "")

    return build


def state(o):
    return (
        sorted(Network.objects.values_list("pk", "name", "coordinator_id")),
        sorted(Membership.objects.values_list("pk", "person_id")),
        sorted(Meeting.objects.values_list("pk", "starts_at", "cancelled", "sequence")),
        sorted(WheelEntry.objects.values_list("pk", "month", "theme")),
    )


def both(name, *, data, **common):
    """GET and POST of a form page with the same roles."""
    return [
        Case(name, state=state, **common),
        Case(name, method="POST", data=data, state=state, **common),
    ]


def managed(name, attr, other, h_attr, data, query=""):
    """A page that manages the network (or its part): the coordinator only for
    their own network; the planners for every network."""
    return [
        *both(
            name,
            data=data,
            url=url(name, attr, query),
            allowed=MANAGERS,
            forbidden=ALL_ROLES - MANAGERS,
            other_municipality_url=url(name, h_attr, query),
        ),
        *both(
            name,
            data=data,
            label="another network",
            url=url(name, other, query),
            allowed=PLANNERS,
            not_found={"coordinator"},
            forbidden=ALL_ROLES - MANAGERS,
        ),
    ]


NETWORK_DATA = {
    "name": "Nyt netværk",
    "kind": "fixed",
    "sector": "school",
    "coordinator_title": "Pædagogisk konsulent",
    "meetings_per_year": "4",
}
MEETING_DATA = {
    "date": "2027-03-10",
    "starts_at": "14:00",
    "ends_at": "16:00",
    "place": "Ishøjgård",
    "agenda": "1. Velkomst",
}
WHEEL_DATA = {"school_year": "2026/27", "month": "11", "theme": "Fagligt læse"}


def readers(name, contains):
    return Case(
        name,
        url=url(name, "network"),
        allowed=dict.fromkeys(READERS, contains),
        forbidden={"viewer"},
        other_municipality_url=url(name, "h_network"),
        other_institution_url=url(name, "other"),
    )


CASES = [
    Case(
        "networks:network_list",
        url=url("networks:network_list"),
        allowed=ALL_ROLES,
        contains="Matematikvejledernetværk",
        absent=["Horsens-netværk"],
    ),
    readers("networks:network_detail", "Konsulent for sprog, læsning og skrivning"),
    Case(
        "networks:network_detail",
        label="another network",
        url=url("networks:network_detail", "other"),
        allowed=PLANNERS,
        not_found={"coordinator", "staff", "leader"},
        forbidden={"viewer"},
    ),
    readers("networks:wheel", "Læseevaluering"),
    Case(
        "networks:wheel",
        label="another network",
        url=url("networks:wheel", "other", "aar=2026-27"),
        allowed=dict.fromkeys(PLANNERS, "Talforståelse"),
        not_found={"coordinator", "staff", "leader"},
        forbidden={"viewer"},
    ),
    *both(
        "networks:network_create",
        data=NETWORK_DATA,
        url=url("networks:network_create"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
    ),
    *managed("networks:network_edit", "network", "other", "h_network", NETWORK_DATA),
    *both(
        "networks:network_delete",
        data={},
        url=url("networks:network_delete", "network"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        other_municipality_url=url("networks:network_delete", "h_network"),
    ),
    *managed(
        "networks:member_add",
        "network",
        "other",
        "h_network",
        lambda o: {"person": o.person_a2.pk, "institution": o.school_a.pk},
    ),
    *managed("networks:member_remove", "member_b", "other_member", "h_member", {}),
    *managed("networks:meeting_create", "network", "other", "h_network", MEETING_DATA),
    *managed("networks:meeting_edit", "meeting", "other_meeting", "h_meeting", MEETING_DATA),
    *managed("networks:meeting_cancel", "meeting", "other_meeting", "h_meeting", {}),
    *managed(
        "networks:wheel_entry",
        "network",
        "other",
        "h_network",
        WHEEL_DATA,
        query="aar=2026-27&maaned=9",
    ),
    *managed("networks:wheel_entry_delete", "entry", "other_entry", "h_entry", {}),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, case):
    assert_matrix(client, objects, case)
