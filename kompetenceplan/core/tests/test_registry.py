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


def test_navigation_groups_and_their_entries():
    """The sections of the side navigation and what each app puts in them (ADR 0015)."""
    assert [(g.name, str(g.label), g.order) for g in registry.navigation_groups] == [
        ("overview", "Overblik", 100),
        ("plan", "Planen", 200),
        ("courses", "Forløb og kalender", 300),
        ("economy", "Økonomi", 400),
        ("people", "Mennesker og kompetencer", 500),
        ("followup", "Opfølgning", 600),
        ("administration", "Administration", 700),
    ]
    groups: dict[str, list[str]] = {}
    for entry in registry.navigation:
        assert entry.group in registry.navigation_groups, entry.name
        groups.setdefault(entry.group, []).append(entry.name)
    assert groups == NAV_GROUPS


#: Every registered navigation entry, by group, in order.
NAV_GROUPS = {
    "overview": [
        "home",
        "administration_overview",
        "my_courses",
        "institution_overview",
        "leader_courses",
    ],
    "plan": ["plans", "catalogue", "support_local_plans", "committee_documents"],
    "courses": ["calendar", "cohorts", "responsible_cohorts", "networks"],
    "economy": ["budget", "support_applications"],
    "people": ["institutions", "people", "coverage", "compliance", "coverage_planner"],
    "followup": ["support_requests", "followup", "evaluation"],
    "administration": ["mandatory_rules", "evaluation_templates", "import", "competences_import"],
}


def rendered_nav(client, user, url="/") -> list[tuple[str, bool, list[str]]]:
    """(group label, open?, entry labels) of the side navigation as rendered."""
    import re

    client.force_login(user)
    body = client.get(url).content.decode()
    nav = re.search(r'<nav aria-label="Hovedmenu".*?</nav>', body, re.S)
    assert nav is not None
    groups = re.findall(r"<details([^>]*)>(.*?)</details>", nav.group(0), re.S)
    result = []
    for attrs, inner in groups:
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", inner, re.S)
        assert summary is not None
        links = re.findall(r'<span class="sidenav-title">(.*?)</span>', inner)
        assert links, f"the group {summary.group(1)} is shown without entries"
        result.append((summary.group(1), "open" in attrs, links))
    return result


#: (group, entry, the roles that see it) as the side navigation shows them in
#: order: a administrator, c consultant, l leader, t teacher (staff), u committee.
NAV_MATRIX = [
    ("Overblik", "Forside", "acltu"),
    ("Overblik", "Administrationens overblik", "ac"),
    ("Overblik", "Mine kurser", "t"),
    ("Overblik", "Institutionens overblik", "l"),
    ("Overblik", "Mine institutioners kurser", "l"),
    ("Planen", "Planer", "acltu"),
    ("Planen", "Kompetencekatalog", "acltu"),
    ("Planen", "Lokale udviklingsplaner", "acl"),
    ("Planen", "Udvalgsmateriale", "acltu"),
    ("Forløb og kalender", "Kalender", "acltu"),
    ("Forløb og kalender", "Hold", "acltu"),
    ("Forløb og kalender", "Mine hold", "ac"),
    ("Forløb og kalender", "Netværk", "acltu"),
    ("Økonomi", "Budget", "acltu"),
    ("Økonomi", "Vikarpuljen", "acl"),
    ("Mennesker og kompetencer", "Institutioner", "acltu"),
    ("Mennesker og kompetencer", "Medarbejdere", "aclt"),
    ("Mennesker og kompetencer", "Kompetencedækning", "aclu"),
    ("Mennesker og kompetencer", "Obligatoriske forløb", "acl"),
    ("Mennesker og kompetencer", "Planlægning af dækning", "acl"),
    ("Opfølgning", "Henvendelser", "acl"),
    ("Opfølgning", "Opfølgning", "acl"),
    ("Opfølgning", "Evaluering", "aclu"),
    ("Administration", "Obligatoriske regler", "acl"),
    ("Administration", "Spørgeskemaer", "ac"),
    ("Administration", "Import", "a"),
    ("Administration", "Import af kompetencer", "a"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "letter", "groups"),
    [
        ("admin", "a", 7),
        ("consultant", "c", 7),
        ("leader", "l", 7),
        ("staff", "t", 5),  # a teacher: no "Opfølgning" or "Administration" heading
        ("viewer", "u", 6),
    ],
)
def test_navigation_per_role_shows_its_groups_and_no_empty_one(client, world, user, letter, groups):
    expected: dict[str, list[str]] = {}
    for group, entry, roles in NAV_MATRIX:
        if letter in roles:
            expected.setdefault(group, []).append(entry)
    nav = rendered_nav(client, getattr(world.users, user))
    assert [(label, links) for label, _open, links in nav] == list(expected.items())
    assert len(nav) == groups
    # The front page's group is the one open.
    assert [label for label, is_open, _links in nav if is_open] == ["Overblik"]


@pytest.mark.django_db
def test_navigation_opens_the_group_of_the_page(client, world):
    from django.urls import reverse

    nav = rendered_nav(client, world.users.admin, reverse("plans:plan_list"))
    assert [label for label, is_open, _links in nav if is_open] == ["Planen"]
    body = client.get(reverse("plans:plan_list")).content.decode()
    nav_html = body[body.index('<nav aria-label="Hovedmenu"') : body.index("</nav>")]
    assert nav_html.count('aria-current="page"') == 1
    assert '<li class="active current"><a class="nav-link" href="/planer/"' in nav_html


def test_an_entry_in_an_unknown_group_fails_the_system_check():
    from kompetenceplan.core.checks import navigation_groups_check

    assert navigation_groups_check() == []
    registry.navigation.register(registry.NavEntry("test", "Test", "core:home", 999, "nowhere"))
    try:
        errors = navigation_groups_check()
    finally:
        registry.navigation.unregister("test")
    assert [(e.id, e.msg) for e in errors] == [
        ("core.E001", "Navigation entry 'test' names the unknown group 'nowhere'.")
    ]


@pytest.mark.django_db
def test_no_navigation_for_an_anonymous_visitor():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert shell(request) == {"nav_sections": []}


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
