"""The plan page reads like the plan, and the catalogue names plans briefly
(issue 6, item 7): exact contents for the Ishøj plans."""

import re

import pytest
from django.urls import reverse

from kompetenceplan.core.choices import Role
from kompetenceplan.plans.models import Plan
from kompetenceplan.testing.factories import make_user
from kompetenceplan.testing.html import table_rows

pytestmark = pytest.mark.django_db

UVM = "Statsligt tilskud til kompetenceudvikling (UVM-midler)"
POOL = "Center for Dagtilbud og Uddannelses kompetencepulje til skoleområdet"


def plan_url(plan):
    return reverse("plans:plan_detail", args=[plan.pk])


def contents(html: str) -> list[tuple[str, str]]:
    """The contents list: (anchor, text) of each entry."""
    nav = html[html.index('<nav class="kp-contents"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)


def action_group(html: str, heading_id: str) -> list[str]:
    """The link and button texts of one action group ("dokumenter", "rediger")."""
    start = html.find(f'aria-labelledby="{heading_id}"')
    if start == -1:
        return []
    group = html[start : html.index("</section>", start)]
    return [
        " ".join(t.split())
        for t in re.findall(r"<(?:a|button)\b[^>]*>([^<]+)</(?:a|button)>", group)
    ]


def test_the_school_plan_reads_like_the_plan(client, world, ishoj_plans):
    school = ishoj_plans["ishoj-skole-2024-2026"]
    client.force_login(world.users.viewer)
    response = client.get(plan_url(school))
    html = response.content.decode()
    assert contents(html) == [
        ("indledning", "Indledning"),
        ("politikker", "Politikker og strategier"),
        ("principper", "Principper for kompetenceudvikling"),
        ("omraade-1", "1. Stærke Fællesskaber"),
        ("omraade-2", "2. Høj faglig kvalitet i skolen"),
        ("oekonomi", "Økonomisk overblik"),
        ("afsnit", "Øvrige afsnit"),
    ]
    for anchor, _text in contents(html):
        assert html.count(f'id="{anchor}"') == 1, anchor
    rows = table_rows(response, "indsatser-2")
    assert rows[0] == ["Nr.", "Indsats", "Målgruppe", "Tidsforbrug", "Økonomi"]
    # Number, title with its status and responsible person, and the time as the plan says it.
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        (
            "2.1",
            "Sproglig udvikling i fagene I gang "
            "Ansvarlig: Konsulent for sprog, læsning og skrivning",
            "Tidsforbrug ikke fastlagt.",
        ),
        (
            "2.2",
            "Sprogudviklende didaktik Planlagt",
            "3 dage af 5 timer med en periode til prøvehandling mellem kursusdagene.",
        ),
        (
            "2.3",
            "Sprogudviklende pædagogik Planlagt",
            "3 formiddage (9 timer) med en periode til prøvehandling mellem de tre kursusdage",
        ),
        ("2.4", "Kompetenceudvikling i børnehaveklassen I gang", "To eftermiddage."),
        ("2.5", "Kvalitet i SFO og aftenklub I gang", "Tidsforbrug ikke fastlagt."),
        (
            "2.6",
            "Projekt SENK i naturfag Planlagt",
            "Naturfagslærere: 20 timer pr. skole Ressourcelærere: 75 timer pr. skole",
        ),
        (
            "2.7",
            "Ordblindekurser I gang Ansvarlig: Skolelederen (tilmelding); "
            "kurset afholdes af den tilknyttede ordblinderessourcelærer",
            "2 timer pr. lærer.",
        ),
        (
            "2.8",
            "Kompetenceudvikling af praktiklærere Planlagt",
            "Tre hele dage samt onlineaktiviteter, forberedelse, vejledning og eksamen.",
        ),
    ]
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["2.1"][2] == "Skoleledere og vejledere."
    assert by_number["2.3"][2] == (
        "2025/2026: Et hold à 20 pædagoger i SFO og skole. Over en fireårig periode: …"
    )  # short: the first fourteen words
    assert by_number["2.1"][4] == f"50.000 kr. {UVM}"
    assert by_number["2.3"][4] == f"beløb ikke angivet {UVM}"  # the plan names no amount
    assert by_number["2.5"][4] == f"88.000 kr. {UVM}: 88.000 kr. {POOL}"
    # Each title links to the initiative.
    initiative = school.initiatives.get(number="2.7")
    assert (
        f'<a href="{reverse("plans:initiative_detail", args=[initiative.pk])}">Ordblindekurser</a>'
        in html
    )
    # The economy overview, per source and year, with the plan's share.
    economy = table_rows(response, "economy-table")
    assert economy[0] == ["Kilde", "År/periode", "Beløb", "Bevilget", "Heraf planen", "Tilbage"]
    assert [
        UVM,
        "2024/2025 og 2025/2026",
        "586.000 kr.",
        "388.000 kr.",
        "388.000 kr.",
        "198.000 kr.",
    ] in economy
    assert [
        "Flere hænder i PPR",
        "uden år",
        "beløb ikke angivet",
        "150.000 kr.",
        "150.000 kr.",
        "intet loft",
    ] in economy
    assert economy[-1] == ["Bevilget til planens indsatser i alt", "688.000 kr.", ""]
    assert f'href="{reverse("funding:overview")}?plan={school.pk}"' in html


def test_the_daycare_plan_invents_no_time_and_sums_its_sources(client, world, ishoj_plans):
    daycare = ishoj_plans["ishoj-dagtilbud-2024-2026"]
    client.force_login(world.users.viewer)
    response = client.get(plan_url(daycare))
    rows = {r[0]: r for r in table_rows(response, "indsatser-1")[1:]}
    assert list(rows) == ["1.1", "1.2", "1.3", "1.4"]
    assert {r[3] for r in rows.values()} == {"–"}  # the plan has no time sections here
    assert "Tidsforbrug ikke fastlagt" not in response.content.decode()
    assert rows["1.3"][4] == (
        "1.100.000 kr. Opkvalificeringspuljen 2024–2026: 150.000 kr. "
        "Investeringsprojektet i Budget 2024 (Stærke Fællesskaber) 2025: 150.000 kr. "
        "Rekrutterings- og fastholdelsespakken 2025–2028: 800.000 kr."
    )
    economy = table_rows(response, "economy-table")
    assert [
        "Rekrutterings- og fastholdelsespakken",
        "2025",
        "1.165.000 kr.",
        "400.000 kr.",
        "400.000 kr.",
        "765.000 kr.",
    ] in economy


def test_actions_are_grouped_and_only_what_the_user_may_do(client, world, ishoj_plans):
    school = ishoj_plans["ishoj-skole-2024-2026"]
    history = reverse("plans:plan_history", args=[school.pk])
    client.force_login(world.users.admin)
    html = client.get(plan_url(school)).content.decode()
    assert action_group(html, "dokumenter") == [
        "PDF",
        "Word (.docx)",
        "Excel (.xlsx)",
        "Statusrapport til udvalget",
    ]
    assert action_group(html, "rediger") == [
        "Redigér plan",
        "Ny indsats",
        "Nyt indsatsområde",
        "Kopiér til ny periode",
        "Historik",
    ]
    for user in (world.users.viewer, world.users.consultant, world.users.staff):
        client.force_login(user)
        html = client.get(plan_url(school)).content.decode()
        assert action_group(html, "dokumenter") == [
            "PDF",
            "Word (.docx)",
            "Excel (.xlsx)",
            "Statusrapport til udvalget",
        ]
        assert action_group(html, "rediger") == [], user.username
        assert "Redigér plan" not in html and "Kopiér til ny periode" not in html
        assert "Redigér indsatsområdet" not in html
        assert f'<a href="{history}">Se planens historik</a>' in html


def test_plan_short_label():
    def plan(sectors, kind, start, end):
        return Plan(sectors=sectors, period_kind=kind, period_start=start, period_end=end)

    assert plan(["school"], "school_years", 2024, 2025).short_label == "Skole 2024/25–2025/26"
    assert plan(["daycare"], "calendar_years", 2024, 2026).short_label == "Dagtilbud 2024–2026"
    assert (
        plan(["daycare", "school", "cross"], "calendar_years", 2017, None).short_label
        == "Tværgående 2017–"
    )


def test_catalogue_short_labels_year_select_and_full_focus_areas(client, world, ishoj_plans):
    client.force_login(world.users.viewer)
    response = client.get(reverse("plans:catalogue"))
    table = response.context["table"]
    assert {row.get_cell("plan") for row in table.paginated_rows} == {
        "Skole 2024/25–2025/26",
        "Dagtilbud 2024–2026",
    }
    html = response.content.decode()
    assert '<td class="kp-nowrap">Skole 2024/25–2025/26</td>' in html
    for plan in ishoj_plans.values():  # the full titles no longer repeat on every row
        assert plan.title not in html
    form = response.context["filter"].form
    # The plans' calendar years (2024-2026) and the years their money runs in (2027, 2028).
    assert list(form.fields["year"].choices) == [
        ("", "Alle"),
        ("2024", "2024"),
        ("2025", "2025"),
        ("2026", "2026"),
        ("2027", "2027"),
        ("2028", "2028"),
    ]
    assert '<select name="year"' in html
    groups = [
        (group, [label for _value, label in choices])
        for group, choices in list(form.fields["focus_area"].choices)[1:]
    ]
    assert groups == [
        ("Dagtilbud 2024–2026", ["1. Stærke Fællesskaber", "2. Høj kvalitet i dagtilbud"]),
        ("Skole 2024/25–2025/26", ["1. Stærke Fællesskaber", "2. Høj faglig kvalitet i skolen"]),
    ]
    assert '<optgroup label="Skole 2024/25–2025/26">' in html
    assert [label for _value, label in list(form.fields["plan"].choices)[1:]] == [
        "Dagtilbud 2024–2026",
        "Skole 2024/25–2025/26",
    ]
    # A year filters by the plans' periods and the money: 2028 is the daycare plan's money.
    in_2028 = client.get(reverse("plans:catalogue"), {"year": "2028"}).context["table"]
    assert [(r.record.plan.short_label, r.record.number) for r in in_2028.rows] == [
        ("Dagtilbud 2024–2026", "1.3"),
        ("Dagtilbud 2024–2026", "2.1"),
    ]


def test_contents_of_plans_with_beacons_or_without_focus_areas(client, world, all_plans):
    horsens = all_plans["horsens-strategi-2017"]
    viborg = all_plans["viborg-skole-2014-2020"]
    client.force_login(world.users.horsens_admin)
    html = client.get(plan_url(horsens)).content.decode()
    assert ("pejlemaerker", "Pejlemærker") in contents(html)
    client.force_login(make_user(viborg.municipality, Role.ADMINISTRATOR, username="viborg"))
    response = client.get(plan_url(viborg))
    entries = contents(response.content.decode())
    assert ("indsatser", "Indsatser") in entries
    rows = table_rows(response, "indsatser-oevrige")
    assert len(rows) == viborg.initiatives.count() + 1
