"""The networks' rules (networks/services.py): names, coordinators, members of
the same municipality only, meetings that end after they start, a cancelled
meeting that cannot be changed, the annual wheel's months; everything logged."""

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.networks import services
from kompetenceplan.networks.models import Meeting, Membership, Network, WheelEntry
from kompetenceplan.testing.factories import make_user

from .conftest import soon

pytestmark = pytest.mark.django_db


def message(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_a_network_name_is_required_and_unique_in_the_municipality(world, nw):
    with pytest.raises(ValidationError) as exc:
        services.network_create(actor=None, municipality=world.ishoj, name="  ")
    assert message(exc) == "Giv netværket et navn."
    with pytest.raises(ValidationError) as exc:
        services.network_create(actor=None, municipality=world.ishoj, name="læsevejledernetværk")
    assert "allerede et netværk ved navn" in message(exc)
    # Another municipality may use the name.
    services.network_create(actor=None, municipality=world.horsens, name="Læsevejledernetværk")


def test_the_coordinator_is_a_coordinator_or_consultant_of_the_municipality(world, nw):
    for user in (world.users.staff, world.users.leader, world.users.horsens_admin):
        with pytest.raises(ValidationError) as exc:
            services.network_update(actor=None, network=nw.network, coordinator=user)
        assert "rollen tovholder eller konsulent" in message(exc)
    services.network_update(actor=None, network=nw.network, coordinator=world.users.consultant)
    assert Network.objects.get(pk=nw.network.pk).coordinator == world.users.consultant
    other_coordinator = make_user(world.horsens, Role.COORDINATOR)
    with pytest.raises(ValidationError):
        services.network_update(actor=None, network=nw.other, coordinator=other_coordinator)


def test_meetings_per_year_between_1_and_52(world):
    with pytest.raises(ValidationError) as exc:
        services.network_create(
            actor=None, municipality=world.ishoj, name="Nyt", meetings_per_year=0
        )
    assert message(exc) == "Antal møder om året skal være mellem 1 og 52."


def test_members_come_from_the_municipality_once(world, nw):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(actor=None, network=nw.network, person=world.person_a)
    assert message(exc) == "Anne Andersen er allerede medlem af netværket."
    with pytest.raises(ValidationError) as exc:
        services.membership_add(actor=None, network=nw.network, person=world.person_h)
    assert message(exc) == "Medarbejderen hører til en anden kommune."
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            actor=None, network=nw.network, person=world.person_a2, institution=world.school_h
        )
    assert message(exc) == "Institutionen hører til en anden kommune."
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            actor=None,
            network=nw.network,
            person=world.person_a2,
            resource_function=world.h_function,
        )
    assert message(exc) == "Ressourcefunktionen hører til en anden kommune."
    assert Membership.objects.filter(network=nw.network).count() == 2


def test_a_meeting_ends_after_it_starts_and_lasts_at_most_a_day(nw):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=None, network=nw.network, starts_at=soon(5, 16), ends_at=soon(5, 14)
        )
    assert message(exc) == "Mødet skal slutte efter, det starter."
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(actor=None, network=nw.network, starts_at=soon(5), ends_at=soon(7))
    assert message(exc) == "Et netværksmøde kan højst vare 24 timer."


def test_a_change_raises_the_sequence_and_an_unchanged_save_does_not(nw):
    meeting = nw.meeting
    same = services.meeting_update(
        actor=None,
        meeting=meeting,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        agenda=meeting.agenda,
    )
    assert same.sequence == 0
    moved = services.meeting_update(
        actor=None,
        meeting=meeting,
        starts_at=soon(32),
        ends_at=soon(32, 16),
        place="Ishøjgård",
        agenda=meeting.agenda,
    )
    assert moved.sequence == 1 and moved.place == "Ishøjgård"


def test_a_cancelled_meeting_cannot_be_changed_or_cancelled_again(nw):
    cancelled = services.meeting_cancel(actor=None, meeting=nw.meeting)
    assert cancelled.cancelled and cancelled.sequence == 1
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(actor=None, meeting=nw.meeting)
    assert message(exc) == "Mødet er allerede aflyst."
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(
            actor=None, meeting=nw.meeting, starts_at=soon(40), ends_at=soon(40, 16)
        )
    assert message(exc) == "Mødet er aflyst og kan ikke ændres."


def test_a_held_meeting_cannot_be_cancelled(nw):
    past = services.meeting_create(
        actor=None, network=nw.network, starts_at=soon(-7), ends_at=soon(-7, 16)
    )
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(actor=None, meeting=past)
    assert message(exc) == "Mødet er afholdt og kan ikke aflyses."


def test_the_wheel_has_one_entry_per_month_and_school_year(nw):
    again = services.wheel_entry_set(
        actor=None,
        network=nw.network,
        school_year="2026/27",
        month=9,
        theme="Læsetest",
    )
    assert again.pk == nw.entry.pk and again.theme == "Læsetest"
    assert WheelEntry.objects.filter(network=nw.network).count() == 1
    for year, month, theme, text in (
        ("2026/28", 9, "X", "Skriv skoleåret som 2026/27 (to på hinanden følgende år)."),
        ("2026/27", 13, "X", "Vælg en måned."),
        ("2026/27", 9, " ", "Skriv månedens tema."),
    ):
        with pytest.raises(ValidationError) as exc:
            services.wheel_entry_set(
                actor=None, network=nw.network, school_year=year, month=month, theme=theme
            )
        assert message(exc) == text


def test_writes_are_in_the_change_log_with_the_network(world, nw):
    entries = ChangeLogEntry.objects.filter(related_object_id=str(nw.network.pk))
    models = {e.content_type.model for e in entries}
    assert {"membership", "meeting", "wheelentry"} <= models
    services.membership_remove(actor=world.users.admin, membership=nw.member_b)
    assert ChangeLogEntry.objects.filter(
        content_type__model="membership", object_id=str(nw.member_b.pk), action="delete"
    ).exists()


def test_deleting_a_network_cancels_its_coming_meetings_in_the_calendars(world, nw):
    from kompetenceplan.cohorts.outbox import Invitation

    services.network_delete(actor=world.users.admin, network=nw.network)
    assert not Network.objects.filter(pk=nw.network.pk).exists()
    assert not Meeting.objects.filter(pk=nw.meeting.pk).exists()
    cancels = Invitation.objects.filter(
        method="CANCEL", uid__startswith=f"network-meeting-{nw.meeting.pk}@"
    )
    assert {i.person_id for i in cancels} == {world.person_a.pk, world.person_b.pk}
