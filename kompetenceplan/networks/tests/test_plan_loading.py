"""Networks from the plan files (networks/plan_networks.py): Ishøj's school
plan has 14 networks with their coordinators' titles, the daycare plan the
language pedagogues' network that meets four times a year; loading twice
changes nothing; a broken entry refuses the whole file."""

import copy

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.plan_loading import plan_document_load
from kompetenceplan.networks.choices import NetworkKind
from kompetenceplan.networks.models import Network
from kompetenceplan.networks.plan_networks import network_problems
from kompetenceplan.plans.models import Plan
from kompetenceplan.testing.factories import make_municipality
from kompetenceplan.testing.plans import load_plan_file, plan_data

pytestmark = pytest.mark.django_db

SCHOOL_NETWORKS = {
    "Naturfagskoordinatornetværk": "Konsulent for matematik, naturfag og talentindsats",
    "Talentvejledernetværk": "Konsulent for matematik, naturfag og talentindsats",
    "Matematikvejledernetværk": "Konsulent for matematik, naturfag og talentindsats",
    "Læsevejledernetværk": "Konsulent for sprog, læsning og skrivning",
    "DSA-vejledernetværk": "Konsulent for sprog, læsning og skrivning",
    "Netværk for PLC-vejledere med ansvar for bøger, læsning og indkøb til biblioteket": (
        "Konsulent for sprog, læsning og skrivning"
    ),
    "Praktikvejledernetværk for lærerstuderende": (
        "Udviklingskonsulent på skoleområdet og viceskoleleder på Strandgårdskolen"
    ),
    "Kontaktlærernetværk for elevråd": "Pædagogisk konsulent",
    "IT-vejledernetværk": "Pædagogisk konsulent",
    "Inklusionsvejledernetværk/AKT": (
        "Leder for Kvalitet og Udvikling og AKT-vejleder på Vibeholmskolen"
    ),
    "SSP-netværk": "Konsulent for proaktiv kriminalitetsforebyggelse",
    "Netværk for SFO-ledere og -koordinatorer": "Udviklingskonsulent på dagtilbudsområdet",
    "Digitaliseringsledernetværk": "Pædagogisk konsulent",
    "Teknologiforståelsesnetværk": "Pædagogisk konsulent",
}


@pytest.fixture
def ishoj(db):
    return make_municipality("183", "Ishøj")


def test_ishoj_school_plan_loads_its_14_networks_with_the_coordinators_titles(ishoj):
    plan = load_plan_file("ishoj-skole-2024-2026")
    networks = Network.objects.filter(municipality=ishoj)
    assert {n.name: n.coordinator_title for n in networks} == SCHOOL_NETWORKS
    assert {n.plan_id for n in networks} == {plan.pk}
    assert {n.kind for n in networks} == {NetworkKind.FIXED}
    assert {n.sector for n in networks} == {"school"}
    inclusion = networks.get(name="Inklusionsvejledernetværk/AKT")
    assert inclusion.description.startswith("Inklusionsvejledernetværket/AKT i Ishøj Kommune")
    assert networks.get(name="SSP-netværk").coordinator is None  # set in the application


def test_ishoj_daycare_plan_loads_the_language_pedagogues_network(ishoj):
    load_plan_file("ishoj-skole-2024-2026")
    load_plan_file("ishoj-dagtilbud-2024-2026")
    assert Network.objects.filter(municipality=ishoj).count() == 15
    network = Network.objects.get(municipality=ishoj, name="Netværk for sprogpædagoger")
    assert network.meetings_per_year == 4
    assert network.coordinator_title == "Konsulent for sprog, læsning og skrivning"
    assert network.sector == "daycare"
    assert "mødes 4 gange årligt" in network.description


def test_viborg_bobler_are_ad_hoc(db):
    make_municipality("791", "Viborg")
    load_plan_file("viborg-skole-2014-2020")
    assert Network.objects.get(name="Bobler (ad hoc netværk)").kind == NetworkKind.AD_HOC
    assert Network.objects.get(name="Vejledernetværk").kind == NetworkKind.FIXED


def test_loading_twice_changes_nothing_and_keeps_what_users_set(ishoj, world):
    load_plan_file("ishoj-skole-2024-2026")
    network = Network.objects.get(municipality=ishoj, name="SSP-netværk")
    network.coordinator = world.users.coordinator
    network.save()
    count = ChangeLogEntry.objects.count()
    _plan, changed = plan_document_load(
        actor=None, data=plan_data("ishoj-skole-2024-2026"), file_name="ishoj-skole-2024-2026.yaml"
    )
    assert not changed
    assert ChangeLogEntry.objects.count() == count
    network.refresh_from_db()
    assert network.coordinator == world.users.coordinator
    assert Network.objects.filter(municipality=ishoj).count() == 14


def test_a_changed_title_is_updated_and_logged_with_the_plan(ishoj):
    plan = load_plan_file("ishoj-skole-2024-2026")
    data = copy.deepcopy(plan_data("ishoj-skole-2024-2026"))
    data["networks"][0]["coordinator"] = "Ny titel"
    _plan, changed = plan_document_load(actor=None, data=data, file_name="x.yaml")
    assert changed
    network = Network.objects.get(municipality=ishoj, name="Naturfagskoordinatornetværk")
    assert network.coordinator_title == "Ny titel"
    entry = ChangeLogEntry.objects.filter(
        content_type__model="network", object_id=str(network.pk)
    ).latest("pk")
    assert entry.related_object_id == str(plan.pk)


def test_a_broken_network_entry_refuses_the_file_and_writes_nothing(ishoj):
    data = copy.deepcopy(plan_data("ishoj-skole-2024-2026"))
    data["networks"].append({"coordinator": "Uden navn"})
    data["networks"].append({"name": "Hver uge", "meetings_per_year": 60})
    assert network_problems(data, "x.yaml") == [
        "x.yaml, netværk nr. 15: navnet mangler.",
        "x.yaml, netværk nr. 16: møder om året skal være mellem 1 og 52.",
    ]
    with pytest.raises(ValidationError):
        plan_document_load(actor=None, data=data, file_name="x.yaml")
    assert not Plan.objects.exists() and not Network.objects.exists()
