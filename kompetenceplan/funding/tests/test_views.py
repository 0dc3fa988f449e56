"""Every funding page: anonymous, forbidden, permitted (exact content),
someone else's object; query counts pinned."""

import io
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.models import Allocation, FundingSource
from kompetenceplan.funding.services import allocation_create
from kompetenceplan.funding.views import initiative_url
from kompetenceplan.testing.factories import make_user
from kompetenceplan.testing.html import table_rows

from .factories import add_purposes, load_ishoj, make_initiative, make_plan, make_source

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def urls(fw):
    return {
        "overview": reverse("funding:overview"),
        "source": reverse("funding:source_detail", args=[fw.source.pk]),
        "create": reverse("funding:allocation_create") + f"?initiative={fw.mine.pk}",
        "edit": reverse("funding:allocation_edit", args=[fw.a_mine.pk]),
        "delete": reverse("funding:allocation_delete", args=[fw.a_mine.pk]),
    }


# --- Anonymous, forbidden, someone else's ---------------------------------------------------


def test_anonymous_is_sent_to_login(client, fw):
    for name, url in urls(fw).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
    response = client.post(urls(fw)["delete"])
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert Allocation.objects.filter(pk=fw.a_mine.pk).exists()


def test_user_without_municipality_is_forbidden_everywhere(client, fw):
    nobody = make_user(None, Role.ADMINISTRATOR, username="nobody")
    for name, url in urls(fw).items():
        assert login(client, nobody).get(url).status_code == 403, name


@pytest.mark.parametrize("role", ["leader", "staff", "coordinator", "viewer"])
def test_roles_without_allocation_rights_are_forbidden(client, fw, world, role):
    user = getattr(world.users, role)
    login(client, user)
    for name in ("create", "edit", "delete"):
        assert client.get(urls(fw)[name]).status_code == 403, name
    assert client.post(urls(fw)["delete"]).status_code == 403
    assert client.post(urls(fw)["create"], {"source": fw.source.pk}).status_code == 403
    assert Allocation.objects.count() == 5


def test_every_role_of_the_municipality_reads_the_budget(client, fw, world):
    for role in ("admin", "consultant", "leader", "staff", "coordinator", "viewer"):
        login(client, getattr(world.users, role))
        assert client.get(urls(fw)["overview"]).status_code == 200, role
        assert client.get(urls(fw)["source"]).status_code == 200, role


def test_other_municipalitys_objects_are_404(client, fw, world):
    login(client, world.users.admin)
    assert client.get(reverse("funding:source_detail", args=[fw.h_source.pk])).status_code == 404
    for name in ("allocation_edit", "allocation_delete"):
        assert client.get(reverse(f"funding:{name}", args=[fw.h_allocation.pk])).status_code == 404
    assert (
        client.post(reverse("funding:allocation_delete", args=[fw.h_allocation.pk])).status_code
        == 404
    )
    create = reverse("funding:allocation_create")
    assert client.get(f"{create}?initiative={fw.h_initiative.pk}").status_code == 404
    assert client.get(create).status_code == 404  # no initiative
    assert client.get(f"{create}?initiative=x").status_code == 404
    assert Allocation.objects.filter(pk=fw.h_allocation.pk).exists()


def test_consultant_allocates_only_for_own_initiatives(client, fw, world):
    login(client, world.users.consultant)
    assert client.get(urls(fw)["create"]).status_code == 200
    create = reverse("funding:allocation_create")
    assert client.get(f"{create}?initiative={fw.theirs.pk}").status_code == 404
    assert client.get(urls(fw)["edit"]).status_code == 200
    assert client.get(urls(fw)["delete"]).status_code == 200
    for name in ("allocation_edit", "allocation_delete"):
        assert client.get(reverse(f"funding:{name}", args=[fw.a_theirs.pk])).status_code == 404
    response = client.post(
        f"{create}?initiative={fw.theirs.pk}", {"source": fw.source.pk, "amount": "1"}
    )
    assert response.status_code == 404
    assert Allocation.objects.count() == 5


# --- Overview --------------------------------------------------------------------------------


def without_spent(rows):
    """The overview's tables without their last two columns (spent, and what
    is left after it), which test_spending.py tests."""
    return [row[:-2] if len(row) > 2 else row for row in rows]


def test_overview_tables(client, fw, world):
    response = login(client, world.users.admin).get(urls(fw)["overview"])
    assert response.status_code == 200
    assert without_spent(table_rows(response, "sources-table")) == [
        ["Kilde", "År/periode", "Beløb", "Bevilget", "Tilbage"],
        ["Puljen", "2025", "100.000 kr.", "45.000 kr.", "55.000 kr."],
        ["2026", "50.000 kr.", "10.000 kr.", "40.000 kr."],
        ["I alt", "150.000 kr.", "55.000 kr.", "95.000 kr."],
        ["Egne midler", "uden år", "beløb ikke angivet", "0 kr.", "intet loft"],
        ["I alt, alle kilder", "150.000 kr.", "55.000 kr.", "95.000 kr."],
    ]
    # The draft plan's initiative is counted above but only planners list it.
    assert without_spent(table_rows(response, "initiatives-table")) == [
        ["Nr.", "Indsats", "2025", "2026", "I alt"],
        ["Plan A"],
        ["1.1", "Læsning", "40.000 kr.", "–", "40.000 kr."],
        ["1.2", "Matematik", "–", "10.000 kr.", "10.000 kr."],
        ["Plan B"],
        ["9.1", "Hemmelig indsats", "5.000 kr.", "–", "5.000 kr."],
        ["I alt", "45.000 kr.", "10.000 kr.", "55.000 kr."],
    ]
    assert table_rows(response, "chart-table") == [
        ["Kilde og år", "Beløb", "Bevilget", "Forbrugt"],
        ["Puljen 2025", "100.000 kr.", "45.000 kr.", "0 kr."],
        ["Puljen 2026", "50.000 kr.", "10.000 kr.", "0 kr."],
    ]
    html = response.content.decode()
    assert 'id="budget-chart" role="img"' in html
    assert re.search(r'<canvas id="budget-chart" role="img"\s+aria-label="Søjlediagram', html)
    assert '<script id="budget-chart-data" type="application/json">' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "Horsens" not in html


def test_overview_hides_draft_initiatives_from_readers(client, fw, world):
    response = login(client, world.users.staff).get(urls(fw)["overview"])
    rows = without_spent(table_rows(response, "initiatives-table"))
    assert ["9.1", "Hemmelig indsats", "5.000 kr.", "–", "5.000 kr."] not in rows
    assert "Hemmelig" not in response.content.decode()
    # ... but the balance still counts its money.
    assert ["Puljen", "2025", "100.000 kr.", "45.000 kr.", "55.000 kr."] in without_spent(
        table_rows(response, "sources-table")
    )
    filter_plans = [str(p) for p in response.context["filter_form"].fields["plan"].queryset]
    assert filter_plans == ["Plan A"]


def test_overspent_is_said_in_words(client, fw, world):
    allocation_create(
        actor=world.users.admin,
        initiative=fw.theirs,
        source=fw.source,
        year=2025,
        amount=D(60_000),
        override_reason="Udvalget har godkendt",
    )
    response = login(client, world.users.admin).get(urls(fw)["overview"])
    rows = without_spent(table_rows(response, "sources-table"))
    assert rows[1] == ["Puljen", "2025", "100.000 kr.", "105.000 kr.", "-5.000 kr. overskredet"]
    assert rows[3] == ["I alt", "150.000 kr.", "115.000 kr.", "35.000 kr."]
    assert (
        '<span class="text-negative kp-funding-over">-5.000 kr. <span class="kp-funding-flag">overskredet</span></span>'
        in response.content.decode()
    )
    chart = table_rows(response, "chart-table")
    assert chart[1] == ["Puljen 2025", "100.000 kr.", "105.000 kr. overskredet", "0 kr."]


def test_overview_filters_by_plan_and_year(client, fw, world):
    login(client, world.users.admin)
    response = client.get(urls(fw)["overview"], {"plan": fw.plan.pk})
    assert without_spent(table_rows(response, "sources-table")) == [
        ["Kilde", "År/periode", "Beløb", "Bevilget", "Heraf planen", "Tilbage"],
        ["Puljen", "2025", "100.000 kr.", "45.000 kr.", "40.000 kr.", "55.000 kr."],
        ["2026", "50.000 kr.", "10.000 kr.", "10.000 kr.", "40.000 kr."],
        ["I alt", "150.000 kr.", "55.000 kr.", "50.000 kr.", "95.000 kr."],
        ["Egne midler", "uden år", "beløb ikke angivet", "0 kr.", "0 kr.", "intet loft"],
        ["I alt, alle kilder", "150.000 kr.", "55.000 kr.", "", "95.000 kr."],
    ]
    assert [r[:2] for r in without_spent(table_rows(response, "initiatives-table"))[1:-1]] == [
        ["Plan A"],
        ["1.1", "Læsning"],
        ["1.2", "Matematik"],
    ]
    response = client.get(urls(fw)["overview"], {"year": "2026"})
    assert without_spent(table_rows(response, "sources-table")) == [
        ["Kilde", "År/periode", "Beløb", "Bevilget", "Tilbage"],
        ["Puljen", "2026", "50.000 kr.", "10.000 kr.", "40.000 kr."],
        ["I alt, alle kilder", "50.000 kr.", "10.000 kr.", "40.000 kr."],
    ]
    assert without_spent(table_rows(response, "initiatives-table")) == [
        ["Nr.", "Indsats", "2026", "I alt"],
        ["Plan A"],
        ["1.2", "Matematik", "10.000 kr.", "10.000 kr."],
        ["I alt", "10.000 kr.", "10.000 kr."],
    ]
    assert "Kun 2026: beløb uden år (perioder) er ikke med." in response.content.decode()
    # Another municipality's plan is not a valid choice: the filter is ignored.
    response = client.get(urls(fw)["overview"], {"plan": fw.h_initiative.plan_id})
    assert response.status_code == 200
    assert response.context["overview"].plan is None
    assert response.context["filter_form"].errors["plan"]


def test_overview_export_xlsx_has_both_tables(client, fw, world):
    response = login(client, world.users.viewer).get(urls(fw)["overview"], {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="budget-')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kilder pr. år", "Indsatser pr. år"]
    sources = list(workbook["Kilder pr. år"].values)
    assert sources[0] == (
        "Kilde",
        "Type",
        "År/periode",
        "Beløb",
        "Bevilget",
        "Tilbage",
        "Forbrugt",
        "Beløb minus forbrug",
        "Bemærkning",
    )
    # Nothing spent yet (test_spending.py has the spent columns with expenses).
    assert sources[1] == ("Puljen", "Statslig", "2025", 100000, 45000, 55000, 0, 100000, None)
    assert sources[3] == ("Puljen", "Statslig", "I alt", 150000, 55000, 95000, 0, 150000, None)
    assert sources[4] == (
        "Egne midler",
        "Kommunal",
        "uden år",
        None,
        0,
        None,
        0,
        None,
        "intet loft",
    )
    initiatives = list(workbook["Indsatser pr. år"].values)
    assert initiatives[0] == (
        "Plan",
        "Nr.",
        "Indsats",
        "2025",
        "2026",
        "I alt",
        "Forbrugt",
        "Rest",
    )
    assert initiatives[1] == ("Plan A", "1.1", "Læsning", 40000, None, 40000, 0, 40000)


def test_export_escapes_formulas(client, fw, world):
    fw.mine.title = "=HYPERLINK(1)"
    fw.mine.save()
    response = login(client, world.users.admin).get(urls(fw)["overview"], {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content))["Indsatser pr. år"].values)
    assert rows[1][2] == "'=HYPERLINK(1)"


# --- Query counts ----------------------------------------------------------------------------

# Pinned per page; the session save adds three (savepoint, update, release).
# The overview reads sources, budgets and allocations (with initiative and plan)
# in three queries; a plan filter adds one (the chosen plan). The spent column
# adds one (the expenses per allocation: cohorts' spending source).
PAGE_QUERY_LIMITS = {"overview": 11, "source": 13}
FILTERED_OVERVIEW_LIMIT = 12


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_are_pinned_and_do_not_grow(client, fw, world, django_assert_max_num_queries):
    login(client, world.users.admin)
    pages = {"overview": urls(fw)["overview"], "source": urls(fw)["source"]}
    for url in pages.values():  # warm the content-type cache
        count_queries(client, url)
    before = {name: count_queries(client, url) for name, url in pages.items()}
    plan = make_plan(world.ishoj, "plan-c", title="Plan C")
    big = make_source(world.ishoj, "Stor pulje", yearly={2026: 10_000_000})
    for i in range(30):
        initiative = make_initiative(plan, f"3.{i}", title=f"Indsats {i}")
        for source in (fw.source, big):
            allocation_create(
                actor=world.users.admin,
                initiative=initiative,
                source=source,
                year=2026,
                amount=D(1),
            )
    after = {name: count_queries(client, url) for name, url in pages.items()}
    assert after == before == PAGE_QUERY_LIMITS
    for name, url in pages.items():
        with django_assert_max_num_queries(PAGE_QUERY_LIMITS[name]):
            client.get(url)
    with django_assert_max_num_queries(FILTERED_OVERVIEW_LIMIT):
        client.get(pages["overview"], {"plan": plan.pk, "year": 2026})


# --- Source page -----------------------------------------------------------------------------


def test_source_detail(client, fw, world):
    add_purposes(fw.source, ["Klasseledelse", "Linjefag"], text="Tilskuddet skal bruges til ...")
    response = login(client, world.users.admin).get(urls(fw)["source"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Puljen</h1>" in html
    assert "Statens pulje." in html
    assert "<strong>Må kun bruges til</strong>" in html
    assert "<li>Klasseledelse</li>" in html and "<li>Linjefag</li>" in html
    assert "Tilskuddet skal bruges til ..." in html
    assert table_rows(response, "budgets-table")[1:] == [
        ["2025", "100.000 kr.", "–", "Redigér beløb 2025 Slet beløb 2025"],
        ["2026", "50.000 kr.", "–", "Redigér beløb 2026 Slet beløb 2026"],
    ]
    assert table_rows(response, "balance-table")[1:] == [
        ["2025", "100.000 kr.", "45.000 kr.", "55.000 kr."],
        ["2026", "50.000 kr.", "10.000 kr.", "40.000 kr."],
        ["I alt", "150.000 kr.", "55.000 kr.", "95.000 kr."],
    ]
    assert table_rows(response, "allocations-table")[1:] == [
        ["Plan A"],
        ["1.1 Læsning", "2025", "40.000 kr.", "–", "Redigér 1.1 2025"],
        ["1.2 Matematik", "2026", "10.000 kr.", "–", "Redigér 1.2 2026"],
        ["Plan B"],
        ["9.1 Hemmelig indsats", "2025", "5.000 kr.", "–", "Redigér 9.1 2025"],
    ]
    link = reverse("plans:initiative_detail", args=[fw.mine.pk])
    assert f'<a href="{link}">1.1 Læsning</a>' in html
    history = table_rows(response, "allocation-history")
    assert history[0] == ["Tidspunkt", "Hvem", "Hvad", "Handling", "Ændringer"]
    assert [row[3] for row in history[1:]] == ["Oprettet"] * 3
    assert history[-1][1:3] == ["admin", "Bevilling: 1.1: Puljen 2025"]
    assert history[-1][4] == "Oprettet af admin – År: 2025, Beløb (kr.): 40.000 kr."
    assert 'id="historik"' in html


def test_source_detail_for_consultant_and_staff(client, fw, world):
    response = login(client, world.users.consultant).get(urls(fw)["source"])
    rows = table_rows(response, "allocations-table")
    assert rows[2][-1] == "Redigér 1.1 2025"  # own initiative
    assert rows[3][-1] == ""  # someone else's: no link
    response = login(client, world.users.staff).get(urls(fw)["source"])
    rows = table_rows(response, "allocations-table")
    assert rows == [
        ["Indsats", "År", "Beløb", "Formål"],
        ["Plan A"],
        ["1.1 Læsning", "2025", "40.000 kr.", "–"],
        ["1.2 Matematik", "2026", "10.000 kr.", "–"],
    ]
    assert "Hemmelig" not in response.content.decode()


def test_uncapped_source_detail(client, fw, world):
    response = login(client, world.users.admin).get(
        reverse("funding:source_detail", args=[fw.own.pk])
    )
    html = response.content.decode()
    assert "Intet loft: kilden viser kun, hvor pengene kommer fra." in html
    assert "Kilden har intet beløb." in html
    assert table_rows(response, "balance-table")[1:] == [
        ["I alt", "beløb ikke angivet", "0 kr.", "intet loft"]
    ]
    assert table_rows(response, "allocations-table")[2] == [
        "1.1 Læsning",
        "uden år",
        "beløb ikke angivet",
        "–",
        "Redigér 1.1",
    ]


# --- Allocation forms ------------------------------------------------------------------------


def post_create(client, fw, initiative=None, **data):
    url = reverse("funding:allocation_create") + f"?initiative={(initiative or fw.mine).pk}"
    data.setdefault("source", fw.source.pk)
    return client.post(url, data)


def test_create_form_fields(client, fw, world):
    response = login(client, world.users.admin).get(urls(fw)["create"])
    html = response.content.decode()
    assert "<h1>Ny bevilling</h1>" in html
    assert "Indsats 1.1 Læsning (Plan A)" in html
    form = response.context["form"]
    assert list(form.fields) == ["source", "year", "amount", "purpose", "note", "override_reason"]
    assert [label for _v, label in form.fields["source"].choices] == [
        "Vælg kilde",
        "Egne midler",
        "Puljen",
    ]
    assert f'hx-get="{urls(fw)["create"]}"' in html
    response = login(client, world.users.consultant).get(urls(fw)["create"])
    assert "override_reason" not in response.context["form"].fields
    assert "Begrundelse for overskridelse" not in response.content.decode()


def test_create_saves_danish_amount_and_redirects_to_initiative(client, fw, world):
    login(client, world.users.consultant)
    response = post_create(client, fw, year="2026", amount="20.000,50", note="Hold 2")
    assert response.status_code == 302
    assert response["Location"] == initiative_url(fw.mine.pk)
    allocation = Allocation.objects.latest("id")
    assert (allocation.year, allocation.amount, allocation.note) == (2026, D("20000.50"), "Hold 2")
    entry = ChangeLogEntry.objects.get(action="create", object_id=str(allocation.pk))
    assert entry.actor == world.users.consultant


def test_overspend_is_a_danish_form_error_and_nothing_is_saved(client, fw, world):
    login(client, world.users.consultant)
    response = post_create(client, fw, year="2025", amount="60.000", override_reason="Ignoreres")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Bevillingen overskrider Puljen (2025: 105.000 kr. bevilget af 100.000 kr.). "
        "En administrator kan godkende overskridelsen med en begrundelse."
    ]
    assert '<div class="alert alert-error" role="alert">' in response.content.decode()
    assert Allocation.objects.count() == 5


def test_administrator_overrides_with_a_reason(client, fw, world):
    login(client, world.users.admin)
    response = post_create(client, fw, year="2025", amount="60.000")
    assert response.status_code == 200 and Allocation.objects.count() == 5
    response = post_create(
        client, fw, year="2025", amount="60.000", override_reason="Udvalget har godkendt"
    )
    assert response.status_code == 302
    allocation = Allocation.objects.latest("id")
    assert allocation.override_reason == "Udvalget har godkendt"
    entry = ChangeLogEntry.objects.get(action="create", object_id=str(allocation.pk))
    assert entry.note.startswith(
        "Overskridelse godkendt (2025: 105.000 kr. bevilget af 100.000 kr.)"
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Bevillingen er gemt. Overskridelsen er godkendt og logget."]


@pytest.mark.parametrize(
    "data,field,message",
    [
        (
            {"amount": "150.00"},
            "amount",
            "“150.00” er ikke et gyldigt beløb. Skriv fx 150.000 eller 150.000,50.",
        ),
        ({"amount": "-5"}, "amount", "Beløbet kan ikke være negativt."),
        ({"year": "1890"}, "year", "Denne værdi skal være større end eller lig 1990."),
        ({"source": ""}, "source", "Dette felt er påkrævet."),
    ],
)
def test_invalid_input_is_a_danish_field_error(client, fw, world, data, field, message):
    login(client, world.users.admin)
    response = post_create(client, fw, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Allocation.objects.count() == 5


def test_source_with_allowed_purposes_gets_a_purpose_select(client, fw, world):
    uvm = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    add_purposes(uvm, ["Klasseledelse", "Løbende faglig opdatering"])
    login(client, world.users.admin)
    # Choosing the source swaps the purpose field (htmx).
    response = client.get(urls(fw)["create"] + f"&source={uvm.pk}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>" not in html
    assert '<select name="purpose"' in html
    assert '<option value="Klasseledelse">Klasseledelse</option>' in html
    assert "UVM-midler må kun finansiere disse formål." in html
    response = client.get(urls(fw)["create"] + f"&source={fw.source.pk}", HTTP_HX_REQUEST="true")
    assert '<input type="text" name="purpose"' in response.content.decode()
    # Without JavaScript the posted form answers with the select and an error.
    response = post_create(client, fw, source=uvm.pk, amount="50.000", purpose="Trivsel")
    assert response.status_code == 200
    assert response.context["form"].errors["purpose"] == [
        "Marker en gyldig valgmulighed. Trivsel er ikke en af de tilgængelige valgmuligheder."
    ]
    response = post_create(client, fw, source=uvm.pk, amount="50.000", purpose="Klasseledelse")
    assert response.status_code == 302
    assert Allocation.objects.latest("id").purpose == "Klasseledelse"


def test_edit_shows_values_and_saves(client, fw, world):
    login(client, world.users.consultant)
    response = client.get(urls(fw)["edit"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Redigér bevilling</h1>" in html
    assert 'name="amount" value="40.000"' in html
    assert 'name="year" value="2025"' in html
    assert reverse("funding:allocation_delete", args=[fw.a_mine.pk]) in html
    response = client.post(
        urls(fw)["edit"], {"source": fw.source.pk, "year": "2025", "amount": "55.000", "note": "x"}
    )
    assert response.status_code == 302 and response["Location"] == initiative_url(fw.mine.pk)
    fw.a_mine.refresh_from_db()
    assert fw.a_mine.amount == D(55_000)
    response = client.post(
        urls(fw)["edit"], {"source": fw.source.pk, "year": "2025", "amount": "55,001"}
    )
    assert response.context["form"].errors["amount"] == [
        "“55,001” er ikke et gyldigt beløb. Skriv fx 150.000 eller 150.000,50."
    ]
    response = client.post(
        urls(fw)["edit"], {"source": fw.source.pk, "year": "2025", "amount": "95.001"}
    )
    assert (
        "2025: 100.001 kr. bevilget af 100.000 kr."
        in response.context["form"].non_field_errors()[0]
    )
    fw.a_mine.refresh_from_db()
    assert fw.a_mine.amount == D(55_000)


def test_delete_confirm_and_post(client, fw, world):
    login(client, world.users.admin)
    response = client.get(urls(fw)["delete"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vil du slette denne bevilling? Sletningen logges." in html
    assert "<dd>40.000 kr.</dd>" in html and "<dd>2025</dd>" in html
    assert Allocation.objects.filter(pk=fw.a_mine.pk).exists()  # GET deletes nothing
    response = client.post(urls(fw)["delete"])
    assert response.status_code == 302 and response["Location"] == initiative_url(fw.mine.pk)
    assert not Allocation.objects.filter(pk=fw.a_mine.pk).exists()
    assert ChangeLogEntry.objects.filter(action="delete", object_id=str(fw.a_mine.pk)).exists()


def test_initiative_url_falls_back_to_the_overview(monkeypatch):
    from django.urls import NoReverseMatch

    from kompetenceplan.funding.views import common

    def missing(name, args=None):
        if name == "plans:initiative_detail":
            raise NoReverseMatch(name)
        return reverse(name, args=args)

    monkeypatch.setattr(common, "reverse", missing)
    assert common.initiative_url(1) == reverse("funding:overview")


# --- The real plans --------------------------------------------------------------------------


def test_real_ishoj_budget(client, db):
    municipality, _plans = load_ishoj()
    admin = make_user(municipality, Role.ADMINISTRATOR, username="ishoj-admin-test")
    response = login(client, admin).get(reverse("funding:overview"))
    rows = without_spent(table_rows(response, "sources-table"))
    start = next(i for i, r in enumerate(rows) if r[0] == "Rekrutterings- og fastholdelsespakken")
    assert rows[start : start + 5] == [
        [
            "Rekrutterings- og fastholdelsespakken",
            "2025",
            "1.165.000 kr.",
            "400.000 kr.",
            "765.000 kr.",
        ],
        ["2026", "1.825.000 kr.", "400.000 kr.", "1.425.000 kr."],
        ["2027", "1.495.000 kr.", "400.000 kr.", "1.095.000 kr."],
        ["2028", "1.495.000 kr.", "400.000 kr.", "1.095.000 kr."],
        ["I alt", "5.980.000 kr.", "1.600.000 kr.", "4.380.000 kr."],
    ]
    start = next(i for i, r in enumerate(rows) if r[0] == "Opkvalificeringspuljen")
    # 1.3: 50.000 kr. in each of 2024-2026, 2.2: 460.000 kr. in each of 2024-2027; the plan
    # states the pool's amount for 2025 and 2026 only (see the plan file's notes).
    assert rows[start : start + 5] == [
        [
            "Opkvalificeringspuljen",
            "2024",
            "intet beløb for året",
            "510.000 kr.",
            "-510.000 kr. overskredet",
        ],
        ["2025", "512.000 kr.", "510.000 kr.", "2.000 kr."],
        ["2026", "512.000 kr.", "510.000 kr.", "2.000 kr."],
        ["2027", "intet beløb for året", "460.000 kr.", "-460.000 kr. overskredet"],
        ["I alt", "1.024.000 kr.", "1.990.000 kr.", "-966.000 kr. overskredet"],
    ]
    uvm = next(r for r in rows if r[0].startswith("Statsligt tilskud"))
    assert uvm[1:] == ["2024/2025 og 2025/2026", "586.000 kr.", "388.000 kr.", "198.000 kr."]
    flere = next(r for r in rows if r[0] == "Flere hænder i PPR")
    assert flere[1:] == ["uden år", "beløb ikke angivet", "150.000 kr.", "intet loft"]
    source = FundingSource.objects.get(municipality=municipality, name="Opkvalificeringspuljen")
    response = client.get(reverse("funding:source_detail", args=[source.pk]))
    html = response.content.decode()
    assert (
        "højst 10 % af et års beløb (og af det samlede beløb) til “Uformel opkvalificering”."
        in html
    )


def test_declared_breadcrumbs_of_every_allocation_page(client, fw, world):
    login(client, world.users.admin)
    home, budget = ("Forside", "/"), ("Budget", reverse("funding:overview"))
    initiative = (f"{fw.mine.number} {fw.mine.title}", initiative_url(fw.mine.pk))
    expected = {
        "overview": [home, ("Budget", None)],
        "source": [home, budget, (fw.source.name, None)],
        "create": [home, budget, initiative, ("Ny bevilling", None)],
        "edit": [home, budget, initiative, ("Redigér bevilling", None)],
        "delete": [home, budget, initiative, ("Slet bevilling", None)],
    }
    for name, url in urls(fw).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.context["breadcrumbs"] == expected[name], name
