"""The catalogue export (selector, JSON and XLSX, management command) against
the real Ishøj plans, and its fixed number of queries."""

import io
import json
from collections import defaultdict
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kompetenceplan.plans.models import FocusArea, Initiative
from kompetenceplan.reports.documents import CATALOGUE_HEADER, FOCUS_AREA_HEADER, SOURCE_HEADER
from kompetenceplan.reports.selectors import catalogue_data, plan_document_data, whole_kroner

from .conftest import add_initiatives, make_plan

SCHOOL = "Strategisk kompetenceudviklingsplan – skoleområdet 2024/2025 og 2025/2026"
DAYCARE = "Strategisk kompetenceudviklingsplan – dagtilbudsområdet 2024-2026"

# Allocated amounts per (source, year) as the plan documents state them.
SCHOOL_TOTALS = {
    ("Statsligt tilskud til kompetenceudvikling (UVM-midler)", None): 388000,
    ("Investeringsprojektet i Budget 2024 (Stærke Fællesskaber)", None): 150000,
    ("Flere hænder i PPR", None): 150000,
}
DAYCARE_TOTALS = {
    # "50.000 kr. ... i 2024, 2025 og 2026" (1.3) and "460.000 kr. ... i 2024, 2025, 2026
    # og 2027" (2.2) are amounts per year.
    ("Opkvalificeringspuljen", 2024): 510000,
    ("Opkvalificeringspuljen", 2025): 510000,
    ("Opkvalificeringspuljen", 2026): 510000,
    ("Opkvalificeringspuljen", 2027): 460000,
    ("Investeringsprojektet i Budget 2024 (Stærke Fællesskaber)", 2025): 150000,
    ("Rekrutterings- og fastholdelsespakken", 2025): 400000,
    ("Rekrutterings- og fastholdelsespakken", 2026): 400000,
    ("Rekrutterings- og fastholdelsespakken", 2027): 400000,
    ("Rekrutterings- og fastholdelsespakken", 2028): 400000,
    ("Bevilling til netværk for sprogpædagoger", None): 12500,
}


def export_json(**options) -> tuple[str, dict]:
    out = io.StringIO()
    call_command("export_catalogue", municipality="183", format="json", stdout=out, **options)
    raw = out.getvalue()
    return raw, json.loads(raw)


def totals(plan: dict) -> dict:
    result: defaultdict[tuple[str, int | None], Any] = defaultdict(int)
    for initiative in plan["initiatives"]:
        for line in initiative["funding"]:
            if line["amount_dkk"] is not None:
                result[(line["source"], line["year"])] += line["amount_dkk"]
    return dict(result)


def test_json_export_of_ishoj_matches_the_plan_documents(ishoj_plans):
    raw, data = export_json()
    assert "Ishøj" in raw and "\\u00f8" not in raw  # ensure_ascii=False
    assert raw.startswith('{\n  "plans": [')  # indent=2
    by_title = {plan["title"]: plan for plan in data["plans"]}
    # Ordered by period start, then title.
    assert [p["title"] for p in data["plans"]] == [DAYCARE, SCHOOL]
    school, daycare = by_title[SCHOOL], by_title[DAYCARE]

    assert totals(school) == SCHOOL_TOTALS
    assert totals(daycare) == DAYCARE_TOTALS
    assert [i["number"] for i in school["initiatives"]] == [
        *(f"1.{n}" for n in range(1, 7)),
        *(f"2.{n}" for n in range(1, 9)),
    ]
    assert [i["number"] for i in daycare["initiatives"]] == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4",
    ]  # fmt: skip

    # The original keys first, unchanged; then everything else the plan document carries.
    assert list(school)[:5] == ["title", "sector", "period", "status", "initiatives"]
    assert {k: school[k] for k in ("title", "sector", "period", "status")} == {
        "title": SCHOOL,
        "sector": "school",
        "period": "2024/25–2025/26",
        "status": "adopted",
    }
    assert list(school)[5:] == [
        "slug", "municipality", "status_label", "presented_to", "introduction", "sections",
        "policies", "principles", "beacons", "focus_areas", "sources",
    ]  # fmt: skip
    assert (school["slug"], school["municipality"], school["status_label"]) == (
        "ishoj-skole-2024-2026",
        "Ishøj",
        "Vedtaget",
    )
    assert (len(school["sections"]), len(school["policies"]), len(school["principles"])) == (
        7,
        5,
        4,
    )
    assert school["introduction"].startswith("Visionen i Ishøj Kommune er, at børn og unge")
    assert [
        (a["number"], a["title"], a["statements_heading"], len(a["statements"]))
        for a in school["focus_areas"]
    ] == [
        ("1", "Stærke Fællesskaber", "Sådan ser Stærke Fællesskaber ud i Ishøj", 5),
        ("2", "Høj faglig kvalitet i skolen", "Sådan ser ”høj faglig kvalitet i skolen” ud i Ishøj", 7),
    ]  # fmt: skip
    assert school["focus_areas"][1]["statements"][0] == (
        "Styrket overgang mellem dagtilbud, SFO og skole"
    )
    # The sources the plan draws on, with their amounts per year or period (pool sizes).
    pools = {source["name"]: source for source in school["sources"]}
    assert [
        (a["year"], a["label"], a["amount_dkk"])
        for a in pools["Center for Dagtilbud og Uddannelses kompetencepulje til skoleområdet"][
            "amounts"
        ]
    ] == [(None, "2024/2025", 158000), (None, "2025/2026", 168000)]
    uvm = pools["Statsligt tilskud til kompetenceudvikling (UVM-midler)"]
    assert (uvm["kind_label"], uvm["capped"], uvm["amounts"][0]["amount_dkk"]) == (
        "Statslig",
        True,
        586000,
    )
    assert uvm["earmarks"][0]["kind_label"] == "Må kun bruges til"
    assert uvm["earmarks"][0]["purposes"][0] == "Linjefagskompetence"
    assert pools["Flere hænder i PPR"]["amounts"] == []
    pakken = next(
        s for s in daycare["sources"] if s["name"] == "Rekrutterings- og fastholdelsespakken"
    )
    assert [(a["year"], a["amount_dkk"]) for a in pakken["amounts"]] == [
        (2025, 1165000), (2026, 1825000), (2027, 1495000), (2028, 1495000),
    ]  # fmt: skip
    assert daycare["sector"] == "daycare" and daycare["period"] == "2024–2026"
    first = school["initiatives"][0]
    assert first == {
        "number": "1.1",
        "title": "Lokale udviklingsplaner",
        "focus_area": "Stærke Fællesskaber",
        "target_group": "Ledere og medarbejdere på skolerne.",
        "time_estimate": "Tidsforbrug ikke fastlagt.",
        "status": "ongoing",
        "funding": [
            {
                "source": "Inden for eksisterende ressourcer",
                "year": None,
                "amount_dkk": None,
                "purpose": "",
            }
        ],
        "focus_area_number": "1",
        "status_label": "I gang",
        "status_note": "",
        "background": first["background"],
        "target_roles": ["Afdelingsleder", "Lærer", "Pædagog", "Skoleleder"],
        "target_functions": [],
        "target_institution_kinds": ["skole"],
        "target_institutions": [],
        "cohort_size": None,
        "reach": "",
        "time_undetermined": True,
        "sessions": None,
        "hours_per_session": None,
        "days": None,
        "hours_per_participant": None,
        "hours_per_institution": None,
        "methods": [],
        "themes": [],
        "responsible": "",
        "responsible_consultant": None,
        "partners": [],
        "policies": ["Strategi for Stærke Fællesskaber"],
        "economy_text": "Finansieres inden for eksisterende ressourcer.",
    }
    assert first["background"].startswith("De enkelte skoler startede i 2024")
    resources = school["initiatives"][4]
    assert (resources["number"], resources["target_roles"], resources["methods"]) == (
        "1.5",
        ["Psykolog", "Tale-høre-konsulent"],
        ["co-teaching"],
    )
    assert "Ressourceperson" in resources["target_functions"]
    assert resources["economy_text"] == (
        "150.000 kr. finansieres med midler fra ’Flere hænder i PPR’."
    )
    # Funding lines in allocation order; amounts are exact integers.
    rekruttering = next(i for i in daycare["initiatives"] if i["number"] == "2.1")["funding"]
    assert [(f["year"], f["amount_dkk"]) for f in rekruttering] == [
        (2025, 200000), (2026, 200000), (2027, 200000), (2028, 200000),
    ]  # fmt: skip
    assert all(type(f["amount_dkk"]) is int for f in rekruttering)
    # Original wording of the time estimate is kept, line breaks included.
    senk = next(i for i in school["initiatives"] if i["number"] == "2.6")
    assert senk["time_estimate"] == (
        "Naturfagslærere: 20 timer pr. skole\nRessourcelærere: 75 timer pr. skole"
    )
    assert (senk["target_institutions"], senk["time_undetermined"]) == (
        ["Gildbroskolen", "Ishøj Skole", "Strandgårdskolen", "Vejlebroskolen"],
        False,
    )
    # 1.2 has no ESTIMERET TIDSFORBRUG section: nothing is invented for it.
    assert (
        school["initiatives"][1]["time_estimate"],
        school["initiatives"][1]["time_undetermined"],
    ) == ("", False)
    # Structured time figures as JSON numbers.
    assert {k: school["initiatives"][8][k] for k in ("number", "sessions", "hours_per_participant", "days")} == {
        "number": "2.3", "sessions": 3, "hours_per_participant": 9, "days": 3,
    }  # fmt: skip


def test_json_export_to_a_file(ishoj_plans, tmp_path):
    target = tmp_path / "katalog.json"
    out = io.StringIO()
    call_command(
        "export_catalogue", municipality="183", format="json", output=str(target), stdout=out
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["plans"]) == 2
    assert "2 planer og 22 indsatser skrevet til" in out.getvalue()


def test_xlsx_export_has_one_row_per_funding_line(ishoj_plans, tmp_path):
    target = tmp_path / "katalog.xlsx"
    call_command(
        "export_catalogue",
        municipality="183",
        format="xlsx",
        output=str(target),
        stdout=io.StringIO(),
    )
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Indsatser", "Indsatsområder", "Kilder"]
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == CATALOGUE_HEADER
    data = catalogue_data(plans=ishoj_plans.values())
    lines = sum(max(1, len(i["funding"])) for p in data["plans"] for i in p["initiatives"])
    assert len(rows) - 1 == lines
    first_school = next(r for r in rows if r[0] == SCHOOL)
    assert first_school[:10] == (
        SCHOOL,
        "1.1",
        "Lokale udviklingsplaner",
        "Stærke Fællesskaber",
        "Ledere og medarbejdere på skolerne.",
        "Tidsforbrug ikke fastlagt.",
        "I gang",
        "Inden for eksisterende ressourcer",
        None,
        None,
    )
    added = dict(zip(CATALOGUE_HEADER[10:], first_school[10:], strict=True))
    assert added == {
        "Formål": None,
        "Planstatus": "Vedtaget",
        "Indsatsområde nr.": "1",
        "Baggrund": added["Baggrund"],
        "Stillinger": "Afdelingsleder, Lærer, Pædagog, Skoleleder",
        "Ressourcefunktioner": None,
        "Institutionstyper": "Skole",
        "Institutioner": None,
        "Metoder": None,
        "Temaer": None,
        "Ansvarlig": None,
        "Ansvarlig konsulent": None,
        "Samarbejdspartnere": None,
        "Politikker": "Strategi for Stærke Fællesskaber",
        "Økonomi (planens ordlyd)": "Finansieres inden for eksisterende ressourcer.",
        "Statusnote": None,
    }
    assert added["Baggrund"].startswith("De enkelte skoler startede i 2024")
    # Statuses are Danish words, never codes.
    assert {r[6] for r in rows[1:]} <= {"Planlagt", "I gang", "Gennemført", "Aflyst"}
    assert {r[11] for r in rows[1:]} == {"Vedtaget"}
    senk = next(r for r in rows if r[0] == SCHOOL and r[1] == "2.6")
    assert senk[17] == "Gildbroskolen, Ishøj Skole, Strandgårdskolen, Vejlebroskolen"
    areas = list(workbook["Indsatsområder"].iter_rows(values_only=True))
    assert areas[0] == tuple(FOCUS_AREA_HEADER)
    assert [(r[0], r[1], r[2]) for r in areas[1:] if r[0] == SCHOOL] == [
        (SCHOOL, "1", "Stærke Fællesskaber"),
        (SCHOOL, "2", "Høj faglig kvalitet i skolen"),
    ]
    assert areas[1 + [r[0] for r in areas[1:]].index(SCHOOL) + 1][5].split("\n")[0] == (
        "Styrket overgang mellem dagtilbud, SFO og skole"
    )
    sources = list(workbook["Kilder"].iter_rows(values_only=True))
    assert sources[0] == tuple(SOURCE_HEADER)
    assert [
        r[4:6]
        for r in sources[1:]
        if r[0] == SCHOOL
        and r[1] == "Center for Dagtilbud og Uddannelses kompetencepulje til skoleområdet"
    ] == [("2024/2025", 158000), ("2025/2026", 168000)]
    assert [
        r[4:6]
        for r in sources[1:]
        if r[0] == DAYCARE and r[1] == "Rekrutterings- og fastholdelsespakken"
    ] == [(2025, 1165000), (2026, 1825000), (2027, 1495000), (2028, 1495000)]
    amounts = [r[9] for r in rows[1:] if r[9] is not None]
    assert all(isinstance(a, int) for a in amounts)
    assert sum(amounts) == sum(SCHOOL_TOTALS.values()) + sum(DAYCARE_TOTALS.values())


def test_xlsx_export_escapes_formulas(world, pool, tmp_path):
    plan = make_plan(world.ishoj, source=pool, initiatives=1)
    Initiative.objects.filter(plan=plan).update(
        title='=HYPERLINK("http://x")', target_group_text="+45 lærere", time_text="@SUM(A1)"
    )
    target = tmp_path / "katalog.xlsx"
    call_command(
        "export_catalogue", municipality="183", format="xlsx", output=str(target),
        stdout=io.StringIO(),
    )  # fmt: skip
    row = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))[0]
    assert row[2] == '\'=HYPERLINK("http://x")'
    assert row[4] == "'+45 lærere"
    assert row[5] == "'@SUM(A1)"
    assert row[7:10] == ("Kompetencepuljen", 2025, 10000)


def test_xlsx_to_a_terminal_needs_output(world):
    with pytest.raises(CommandError, match="angiv --output"):
        call_command("export_catalogue", municipality="183", format="xlsx", stdout=io.StringIO())


@pytest.mark.parametrize(
    "options,message",
    [
        ({"municipality": "999"}, "Der findes ingen kommune med kommunekoden “999”"),
        ({"municipality": "183", "format": "pdf"}, "Ukendt format “pdf”. Vælg et af: json, xlsx"),
    ],
)
def test_command_errors_are_danish(world, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_catalogue", stdout=io.StringIO(), **options)


def test_catalogue_for_a_user_is_scoped(world, pool):
    make_plan(world.ishoj, slug="a", title="Vedtaget", source=pool)
    make_plan(world.ishoj, slug="b", title="Udkast", status="draft")
    make_plan(world.horsens, slug="c", title="Horsens")
    titles = lambda user: [p["title"] for p in catalogue_data(user=user)["plans"]]  # noqa: E731
    assert titles(world.users.staff) == ["Vedtaget"]
    assert titles(world.users.consultant) == ["Udkast", "Vedtaget"]
    assert titles(world.users.horsens_admin) == ["Horsens"]


def test_whole_kroner_refuses_ore():
    from decimal import Decimal

    assert whole_kroner(Decimal("150000.00")) == 150000
    assert whole_kroner(None) is None
    with pytest.raises(ValueError, match="helt antal kroner"):
        whole_kroner(Decimal("10.50"))


# --- Queries ------------------------------------------------------------------------------


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)


def test_catalogue_runs_a_fixed_number_of_queries_however_many_initiatives(
    world, pool, django_assert_max_num_queries
):
    plan = make_plan(world.ishoj, source=pool, initiatives=2)
    make_plan(world.ishoj, slug="to", title="Anden plan", source=pool, initiatives=1)
    with django_assert_max_num_queries(16):
        small = catalogue_data(municipality=world.ishoj)
    before = count_queries(lambda: catalogue_data(municipality=world.ishoj))

    add_initiatives(plan, FocusArea.objects.get(plan=plan), 10, source=pool, start=3)
    with django_assert_max_num_queries(16):
        large = catalogue_data(municipality=world.ishoj)
    after = count_queries(lambda: catalogue_data(municipality=world.ishoj))

    # plans (+ municipality); their sections, policies, principles, beacons and focus
    # areas; initiatives (+ focus area, consultant); their allocations (+ source), roles,
    # functions, institutions, methods and policies; the sources' rows, amounts, earmarks.
    assert before == after == 16
    assert sum(len(p["initiatives"]) for p in small["plans"]) == 3
    assert sum(len(p["initiatives"]) for p in large["plans"]) == 13


def test_plan_document_data_runs_a_fixed_number_of_queries(
    world, pool, django_assert_max_num_queries
):
    plan = make_plan(world.ishoj, source=pool, initiatives=2)
    with django_assert_max_num_queries(11):
        plan_document_data(plan)
    before = count_queries(lambda: plan_document_data(plan))
    add_initiatives(plan, FocusArea.objects.get(plan=plan), 10, source=pool, start=3)
    after = count_queries(lambda: plan_document_data(plan))
    assert before == after == 11
