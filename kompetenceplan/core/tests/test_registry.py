"""The registry of extension points (core/registry.py) and what core does with it."""

from dataclasses import dataclass

import pytest
from django.test import RequestFactory

from kompetenceplan.core import registry
from kompetenceplan.core.context_processors import shell
from kompetenceplan.core.services import municipality_create


@dataclass(frozen=True)
class Item:
    name: str
    order: int


def test_items_come_in_order_then_registration_order_and_a_name_replaces():
    point: registry.ExtensionPoint[Item] = registry.ExtensionPoint("test")
    point.register(Item("b", 20))
    point.register(Item("a", 10))
    point.register(Item("c", 20))
    assert [i.name for i in point] == ["a", "b", "c"]
    point.register(Item("a", 30))  # registering the same name again replaces it
    assert [(i.name, i.order) for i in point] == [("b", 20), ("c", 20), ("a", 30)]
    assert len(point) == 3 and "a" in point
    point.unregister("b")
    assert [i.name for i in point] == ["c", "a"]


@pytest.mark.django_db
def test_navigation_shows_what_the_role_may_see(world):
    def keys(user):
        request = RequestFactory().get("/")
        request.user = user
        return [key for _label, _url, key in shell(request)["nav_items"]]

    assert keys(world.users.admin) == [
        "home",
        "administration_overview",
        "plans",
        "catalogue",
        "calendar",
        "budget",
        "coverage",
        "cohorts",
        "responsible_cohorts",
        "compliance",
        "networks",
        "mandatory_rules",
        "support_requests",
        "support_applications",
        "support_local_plans",
        "followup",
        "institutions",
        "evaluation",
        "evaluation_templates",
        "coverage_planner",
        "people",
        "import",
        "competences_import",
        "committee_documents",
    ]
    assert keys(world.users.viewer) == [
        "home",
        "plans",
        "catalogue",
        "calendar",
        "budget",
        "coverage",
        "cohorts",
        "networks",
        "institutions",
        "evaluation",
        "committee_documents",
    ]
    assert keys(world.users.staff)[:2] == ["home", "my_courses"]
    assert keys(world.users.leader)[:3] == ["home", "institution_overview", "leader_courses"]
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert shell(request) == {"nav_items": []}


@pytest.mark.django_db
def test_municipality_create_runs_the_registered_setup_hooks():
    seen = []
    registry.municipality_setup.register(
        registry.MunicipalitySetup(name="test.hook", run=lambda m: seen.append(m.code), order=999)
    )
    try:
        municipality_create(actor=None, code="101", name="København")
        municipality_create(actor=None, code="101", name="Københavns Kommune")
    finally:
        registry.municipality_setup.unregister("test.hook")
    assert seen == ["101", "101"]
    assert [h.name for h in registry.municipality_setup] == ["organisation.reference_data"]


def test_demo_loaders_in_layer_order():
    assert [(d.name, d.order) for d in registry.demo_loaders] == [
        ("organisation", 300),
        ("organisation.users", 310),
        ("funding.plan_documents", 500),
        ("cohorts", 600),
        ("cohorts.spending", 610),
        ("competences", 700),
        ("competences.rules", 720),
        ("coverage", 800),
        ("networks", 850),
        ("support", 870),
        ("followup", 880),
        ("evaluation", 900),
    ]
