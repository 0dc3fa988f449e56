"""Fixtures for the networks tests."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kompetenceplan.networks import services
from kompetenceplan.organisation.models import ResourceFunction


def soon(days, hour=14):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def nw(world):
    """Ishøj: the reading network run by the coordinator, with Anne (school A,
    the staff user's person) and Carl (school B) as members and a meeting in a
    month; the maths network with Carl only (no coordinator: the planners run
    it). Horsens: a network with a meeting of its own."""
    reading = ResourceFunction.objects.get_or_create(
        municipality=world.ishoj, name="Læsevejleder", defaults={"sector": "school"}
    )[0]
    network = services.network_create(
        actor=None,
        municipality=world.ishoj,
        name="Læsevejledernetværk",
        coordinator_title="Konsulent for sprog, læsning og skrivning",
        coordinator=world.users.coordinator,
    )
    member_a = services.membership_add(
        actor=None,
        network=network,
        person=world.person_a,
        institution=world.school_a,
        resource_function=reading,
    )
    member_b = services.membership_add(
        actor=None, network=network, person=world.person_b, institution=world.school_b
    )
    meeting = services.meeting_create(
        actor=None,
        network=network,
        starts_at=soon(30),
        ends_at=soon(30, 16),
        place="Ishøj Rådhus",
        agenda="1. Læsetest",
    )
    entry = services.wheel_entry_set(
        actor=None,
        network=network,
        school_year="2026/27",
        month=9,
        theme="Læseevaluering",
        activity="Netværksmøde",
        competence_development="Dataforståelse",
    )
    other = services.network_create(
        actor=None, municipality=world.ishoj, name="Matematikvejledernetværk"
    )
    other_member = services.membership_add(
        actor=None, network=other, person=world.person_b, institution=world.school_b
    )
    other_meeting = services.meeting_create(
        actor=None, network=other, starts_at=soon(31), ends_at=soon(31, 16)
    )
    other_entry = services.wheel_entry_set(
        actor=None, network=other, school_year="2026/27", month=10, theme="Talforståelse"
    )
    h_network = services.network_create(
        actor=None, municipality=world.horsens, name="Horsens-netværk"
    )
    h_member = services.membership_add(actor=None, network=h_network, person=world.person_h)
    h_meeting = services.meeting_create(
        actor=None, network=h_network, starts_at=soon(30), ends_at=soon(30, 16)
    )
    h_entry = services.wheel_entry_set(
        actor=None, network=h_network, school_year="2026/27", month=8, theme="Horsens-tema"
    )
    return SimpleNamespace(
        reading=reading,
        network=network,
        member_a=member_a,
        member_b=member_b,
        meeting=meeting,
        entry=entry,
        other=other,
        other_member=other_member,
        other_meeting=other_meeting,
        other_entry=other_entry,
        h_network=h_network,
        h_member=h_member,
        h_meeting=h_meeting,
        h_entry=h_entry,
    )
