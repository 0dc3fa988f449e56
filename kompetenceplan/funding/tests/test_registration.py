"""What funding adds to plans' pages through the extension points
(funding/registration.py): plans itself imports nothing from funding."""

import pytest
from django.urls import reverse

from kompetenceplan.core import registry
from kompetenceplan.plans import extensions
from kompetenceplan.plans.models import Initiative, Plan
from kompetenceplan.plans.services import initiative_update

pytestmark = pytest.mark.django_db


def test_funding_is_registered_with_core_and_plans():
    # Budget stands in the "Økonomi" group of the side navigation, before the
    # substitute fund (support); the whole navigation is pinned in core's tests.
    assert [e.name for e in registry.navigation if e.group == "economy"] == [
        "budget",
        "support_applications",
    ]
    assert [p.name for p in registry.panels_for(Plan(), "documents")] == ["reports.plan_documents"]
    assert [p.name for p in registry.panels_for(Plan(), "economy")] == ["funding.plan_economy"]
    assert [c.name for c in extensions.plan_initiative_columns] == ["funding.economy"]
    assert [p.name for p in registry.panels_for(Initiative(), "economy")] == [
        "funding.initiative_economy"
    ]
    assert [c.name for c in extensions.catalogue_columns] == ["funding_total"]
    assert [f.name for f in extensions.catalogue_filters] == ["source"]


def test_catalogue_has_the_funding_column_and_source_filter(client, world, fw):
    client.force_login(world.users.admin)
    response = client.get(reverse("plans:catalogue"))
    table = response.context["table"]
    assert [c.name for c in table.columns] == [
        "number",
        "title",
        "plan",
        "focus_area",
        "status",
        "funding_total",
    ]
    fields = list(response.context["filter"].form.fields)
    assert fields.index("method") + 1 == fields.index("source") == fields.index("status") - 1
    assert [str(s) for s in response.context["filter"].form.fields["source"].queryset] == [
        "Egne midler",
        "Puljen",
    ]
    rows = {row.record.number: row.get_cell("funding_total") for row in table.rows}
    assert rows == {"1.1": "40.000 kr.", "1.2": "10.000 kr.", "9.1": "5.000 kr."}
    filtered = client.get(reverse("plans:catalogue"), {"source": fw.own.pk}).context["table"]
    assert [row.record.number for row in filtered.rows] == ["1.1"]
    # The year select offers the plans' years: plan B (draft) runs in 2031.
    fw.secret.plan.__class__.objects.filter(pk=fw.secret.plan_id).update(
        period_start=2031, period_end=2031
    )
    in_2031 = client.get(reverse("plans:catalogue"), {"year": 2031}).context["table"]
    assert [row.record.number for row in in_2031.rows] == ["9.1"]
    fw.a_theirs.__class__.objects.filter(pk=fw.a_theirs.pk).update(year=2031)
    in_2031 = client.get(reverse("plans:catalogue"), {"year": 2031}).context["table"]
    assert [row.record.number for row in in_2031.rows] == ["1.2", "9.1"]  # money in 2031


def test_initiative_page_shows_the_economy_panel(client, world, fw):
    url = reverse("plans:initiative_detail", args=[fw.mine.pk])
    client.force_login(world.users.admin)
    response = client.get(url)
    html = response.content.decode()
    assert [a.source.name for a in response.context["allocations"]] == ["Puljen", "Egne midler"]
    assert response.context["funding_total"] == "40.000 kr."
    assert "Tilføj bevilling" in html and "beløb ikke angivet" in html
    client.force_login(world.users.viewer)
    html = client.get(url).content.decode()
    assert "40.000 kr." in html and "Tilføj bevilling" not in html


def test_plan_page_economy_and_history_include_funding(client, world, fw):
    client.force_login(world.users.admin)
    html = client.get(reverse("plans:plan_detail", args=[fw.plan.pk])).content.decode()
    assert html.index("Word (.docx)") < html.index("Historik") < html.index("Se planens budget")
    # The plan's history reaches the allocations through its initiatives' entries
    # (the fixture made the initiatives without services, so give them one each).
    for initiative in (fw.mine, fw.theirs):
        initiative_update(
            actor=world.users.admin, initiative=initiative, data={"title": f"{initiative.title}!"}
        )
    history = client.get(reverse("plans:plan_history", args=[fw.plan.pk])).context["history"]
    assert sum(1 for e in history if e.content_type.model == "allocation") == 3


def test_the_plan_economy_links_a_plan_with_a_large_id(rf):
    """Regression: ?plan=1.331 (the Danish thousand separator) on PostgreSQL."""
    from django.template.loader import render_to_string
    from django.utils import translation

    plan = Plan(pk=1331)
    with translation.override("da"):
        html = render_to_string(
            "funding/panels/plan_economy.html", {"plan": plan, "overview": None}
        )
    assert f'href="{reverse("funding:overview")}?plan=1331"' in html
