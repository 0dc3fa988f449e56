"""The networks' demo: Ishøj's 15 networks from the plan files, each with a
coordinator, members from the resource persons and a year of meetings in
2026/27 around the demo's today; an annual wheel for three; loaded twice,
nothing changes."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.networks.models import Meeting, Membership, Network, WheelEntry


@pytest.mark.django_db
def test_demo_networks_have_coordinators_members_meetings_and_wheels():
    call_command("load_demo", quiet_logins=True)
    networks = Network.objects.filter(municipality__code="183")
    assert networks.count() == 15
    assert not networks.filter(coordinator__isnull=True).exists()
    assert set(
        networks.filter(coordinator__username="ishoj-tovholder").values_list("name", flat=True)
    ) == {
        "Praktikvejledernetværk for lærerstuderende",
        "Kontaktlærernetværk for elevråd",
        "Inklusionsvejledernetværk/AKT",
    }
    now = timezone.now()
    for network in networks:
        meetings = Meeting.objects.filter(network=network)
        assert meetings.filter(starts_at__lt=now).exists(), network.name
        assert meetings.filter(starts_at__gt=now).exists(), network.name
        assert Membership.objects.filter(network=network).count() >= 4, network.name
    language = networks.get(name="Netværk for sprogpædagoger")
    assert language.meetings.count() == 4
    assert {m.institution.sector for m in language.memberships.select_related("institution")} == {
        "daycare"
    }
    reading = networks.get(name="Læsevejledernetværk")
    assert {m.resource_function.name for m in reading.memberships.all()} == {"Læsevejleder"}
    assert (
        WheelEntry.objects.filter(network__municipality__code="183")
        .values("network")
        .distinct()
        .count()
        == 4
    )
    # the demo coordinator (ishoj-tovholder) finds a filled wheel in a network of theirs
    assert (
        WheelEntry.objects.filter(
            network__coordinator__username="ishoj-tovholder", school_year="2026/27"
        ).count()
        == 8
    )
    assert Membership.objects.filter(
        network__name="Kontaktlærernetværk for elevråd", person__user__username="ishoj-laerer"
    ).exists()

    counts = (Meeting.objects.count(), Membership.objects.count(), WheelEntry.objects.count())
    log = ChangeLogEntry.objects.filter(content_type__app_label="networks").count()
    call_command("load_demo", quiet_logins=True)
    assert (
        Meeting.objects.count(),
        Membership.objects.count(),
        WheelEntry.objects.count(),
    ) == counts
    assert ChangeLogEntry.objects.filter(content_type__app_label="networks").count() == log
