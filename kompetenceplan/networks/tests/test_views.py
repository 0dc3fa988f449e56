"""The networks' pages: what they show, the messages after a form, and their
query counts, pinned (a page's count does not grow with its rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.core.models import ReadLogEntry
from kompetenceplan.networks import services
from kompetenceplan.networks.models import Meeting, Membership
from kompetenceplan.testing.factories import make_person

from .conftest import soon

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def grow(world, nw, n=5):
    """More members, meetings and wheel months in every network."""
    for i in range(n):
        for network in (nw.network, nw.other):
            person = make_person(world.school_b, first=f"Ny{i}", last=network.name[:4])
            services.membership_add(actor=None, network=network, person=person)
            services.meeting_create(
                actor=None, network=network, starts_at=soon(40 + i), ends_at=soon(40 + i, 16)
            )
            services.meeting_create(
                actor=None, network=network, starts_at=soon(-40 - i), ends_at=soon(-40 - i, 16)
            )
        services.wheel_entry_set(
            actor=None,
            network=nw.network,
            school_year="2026/27",
            month=[8, 10, 11, 12, 1][i],
            theme=f"Tema {i}",
        )
        services.network_create(actor=None, municipality=world.ishoj, name=f"Ekstra {i}")


PAGES = [
    # (name, user, url, pinned count)
    ("list", "staff", lambda nw: reverse("networks:network_list"), 8),
    (
        "detail",
        "coordinator",
        lambda nw: reverse("networks:network_detail", args=[nw.network.pk]),
        13,
    ),
    (
        "detail (leader)",
        "leader",
        lambda nw: reverse("networks:network_detail", args=[nw.network.pk]),
        12,
    ),
    (
        "wheel",
        "consultant",
        lambda nw: reverse("networks:wheel", args=[nw.network.pk]) + "?aar=2026-27",
        11,
    ),
    (
        "member add",
        "consultant",
        lambda nw: reverse("networks:member_add", args=[nw.network.pk]),
        13,
    ),
    (
        "meeting edit",
        "coordinator",
        lambda nw: reverse("networks:meeting_edit", args=[nw.meeting.pk]),
        7,
    ),
]


@pytest.mark.parametrize(("label", "role", "build", "pinned"), PAGES, ids=[p[0] for p in PAGES])
def test_query_counts_are_pinned(client, world, nw, label, role, build, pinned):
    client.force_login(getattr(world.users, role))
    url = build(nw)
    client.get(url)  # warm caches (content types)
    first, _page = count(client, url)
    assert first == pinned, f"{label}: {first} queries"
    grow(world, nw)
    again, _page = count(client, url)
    assert again == pinned, f"{label} with more rows: {again} queries"


def test_the_network_page_shows_members_meetings_and_logs_the_members(client, world, nw):
    client.force_login(world.users.leader)
    _n, page = count(client, reverse("networks:network_detail", args=[nw.network.pk]))
    assert "Anne Andersen" in page and "Carl Christensen" in page
    assert "Ishøj Rådhus" in page and "1. Læsetest" in page
    assert "Konsulent for sprog, læsning og skrivning" in page
    assert "Redigér netværk" not in page  # the leader reads, the coordinator manages
    logged = set(
        ReadLogEntry.objects.filter(actor=world.users.leader).values_list(
            "subjects__object_id", flat=True
        )
    )
    assert {world.person_a.pk, world.person_b.pk} <= logged


def test_the_list_links_only_the_networks_the_user_may_open(client, world, nw):
    client.force_login(world.users.staff)
    _n, page = count(client, reverse("networks:network_list"))
    assert reverse("networks:network_detail", args=[nw.network.pk]) in page
    assert reverse("networks:network_detail", args=[nw.other.pk]) not in page
    assert "Matematikvejledernetværk" in page


def test_the_wheel_runs_from_august_with_its_meetings(client, world, nw):
    client.force_login(world.users.staff)
    url = reverse("networks:wheel", args=[nw.network.pk]) + "?aar=2026-27"
    _n, page = count(client, url)
    table = page[page.index('id="wheel-table"') :]
    assert table.index("August 2026") < table.index("September 2026") < table.index("Juli 2027")
    assert "Læseevaluering" in table and "Dataforståelse" in table
    assert 'role="img"' in page


def test_the_coordinator_adds_a_meeting_and_a_member(client, world, nw):
    client.force_login(world.users.coordinator)
    response = client.post(
        reverse("networks:meeting_create", args=[nw.network.pk]),
        {"date": "2027-03-10", "starts_at": "14:00", "ends_at": "13:00"},
    )
    assert "Mødet skal slutte efter, det starter." in response.content.decode()
    response = client.post(
        reverse("networks:meeting_create", args=[nw.network.pk]),
        {"date": "2027-03-10", "starts_at": "14:00", "ends_at": "16:00", "place": "Ishøjgård"},
        follow=True,
    )
    assert "er oprettet, og medlemmerne er inviteret" in response.content.decode()
    assert Meeting.objects.filter(network=nw.network, place="Ishøjgård").exists()
    response = client.post(
        reverse("networks:member_add", args=[nw.network.pk]),
        {"person": world.person_a2.pk, "institution": world.school_a.pk},
        follow=True,
    )
    assert "Bo Bach er tilføjet netværket" in response.content.decode()
    assert Membership.objects.filter(network=nw.network, person=world.person_a2).exists()


def test_a_cancelled_meeting_is_refused_with_a_danish_message(client, world, nw):
    services.meeting_cancel(actor=None, meeting=nw.meeting)
    client.force_login(world.users.coordinator)
    response = client.post(reverse("networks:meeting_cancel", args=[nw.meeting.pk]), {})
    assert "Mødet er allerede aflyst." in response.content.decode()


def test_the_front_page_shows_my_networks_with_the_next_meeting(client, world, nw):
    client.force_login(world.users.staff)  # Anne, a member of the reading network
    page = client.get(reverse("core:home")).content.decode()
    assert "Mine netværk" in page and "Læsevejledernetværk" in page
    assert "Matematikvejledernetværk" not in page
    client.force_login(world.users.coordinator)
    assert "Læsevejledernetværk" in client.get(reverse("core:home")).content.decode()
    client.force_login(world.users.viewer)
    assert "Mine netværk" not in client.get(reverse("core:home")).content.decode()
    client.force_login(world.users.admin)  # no network of their own: no panel
    assert "Mine netværk" not in client.get(reverse("core:home")).content.decode()
