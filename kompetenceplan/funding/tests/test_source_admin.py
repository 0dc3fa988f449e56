"""Administrators edit sources, their amounts and their earmarks in the UI:
every page (anonymous, forbidden, someone else's, permitted with exact
content) and the services' rules (duplicate names, amounts lowered below what
is allocated, earmarks that existing allocations would break), all logged."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.balance import (
    EarmarkBreach,
    breaches_made_worse,
    compute_balance,
    earmark_breaches,
    problems_from_new_caps,
)
from kompetenceplan.funding.models import Earmark, FundingBudget, FundingSource
from kompetenceplan.funding.services import (
    OverspendError,
    allocation_create,
    budget_delete,
    budget_set,
    earmark_create,
    earmark_delete,
    earmark_update,
    source_create,
    source_update,
)

from .factories import add_purposes, add_share, make_source
from .test_views import login, table_rows

pytestmark = pytest.mark.django_db

HINT = "En administrator kan godkende overskridelsen med en begrundelse."
LOWER_2025 = (
    "Med dette beløb er der bevilget mere fra Puljen, end kilden har "
    "(2025: 45.000 kr. bevilget af 40.000 kr.). " + HINT
)
DELETE_2026 = (
    "Uden dette beløb er der bevilget mere fra Puljen, end kilden har "
    "(2026: 10.000 kr. bevilget af 0 kr.). " + HINT
)
NOT_LISTED = (
    "Øremærkningen kan ikke gemmes. Disse bevillinger fra Puljen har et formål, som ikke er "
    "på listen: 1.1 Læsning (Plan A, intet formål); 1.2 Matematik (Plan A, intet formål); "
    "9.1 Hemmelig indsats (Plan B, intet formål). Ret bevillingerne eller listen først."
)


def budget_of(source, year=None, label=""):
    return FundingBudget.objects.get(source=source, year=year, label=label)


def log(model, action, obj_id=None):
    entries = ChangeLogEntry.objects.filter(content_type__model=model, action=action)
    if obj_id is not None:
        entries = entries.filter(object_id=str(obj_id))
    return entries


@pytest.fixture
def sa(fw, world):
    """The funding world plus an earmark on Puljen and Horsens' amount and earmark."""
    fw.share = add_share(fw.source, "Uformel opkvalificering", 10, text="Højst 10 % ...")
    fw.b2025 = budget_of(fw.source, 2025)
    fw.b2026 = budget_of(fw.source, 2026)
    fw.h_budget = budget_of(fw.h_source, 2025)
    fw.h_earmark = add_purposes(fw.h_source, ["Klasseledelse"])
    return fw


def page_urls(sa):
    return {
        "source_create": reverse("funding:source_create"),
        "source_edit": reverse("funding:source_edit", args=[sa.source.pk]),
        "budget_create": reverse("funding:budget_create", args=[sa.source.pk]),
        "budget_edit": reverse("funding:budget_edit", args=[sa.b2025.pk]),
        "budget_delete": reverse("funding:budget_delete", args=[sa.b2025.pk]),
        "earmark_create": reverse("funding:earmark_create", args=[sa.source.pk]),
        "earmark_edit": reverse("funding:earmark_edit", args=[sa.share.pk]),
        "earmark_delete": reverse("funding:earmark_delete", args=[sa.share.pk]),
    }


def horsens_urls(sa):
    return {
        "source_edit": reverse("funding:source_edit", args=[sa.h_source.pk]),
        "budget_create": reverse("funding:budget_create", args=[sa.h_source.pk]),
        "budget_edit": reverse("funding:budget_edit", args=[sa.h_budget.pk]),
        "budget_delete": reverse("funding:budget_delete", args=[sa.h_budget.pk]),
        "earmark_create": reverse("funding:earmark_create", args=[sa.h_source.pk]),
        "earmark_edit": reverse("funding:earmark_edit", args=[sa.h_earmark.pk]),
        "earmark_delete": reverse("funding:earmark_delete", args=[sa.h_earmark.pk]),
    }


def counts():
    return (
        FundingSource.objects.count(),
        FundingBudget.objects.count(),
        Earmark.objects.count(),
        ChangeLogEntry.objects.count(),
    )


# --- Anonymous, forbidden, someone else's ---------------------------------------------------


def test_urls_are_danish(sa):
    assert page_urls(sa)["source_create"] == "/oekonomi/kilder/ny/"
    assert page_urls(sa)["source_edit"] == f"/oekonomi/kilder/{sa.source.pk}/rediger/"
    assert page_urls(sa)["budget_create"] == f"/oekonomi/kilder/{sa.source.pk}/beloeb/ny/"
    assert page_urls(sa)["budget_edit"] == f"/oekonomi/beloeb/{sa.b2025.pk}/rediger/"
    assert page_urls(sa)["budget_delete"] == f"/oekonomi/beloeb/{sa.b2025.pk}/slet/"
    assert page_urls(sa)["earmark_create"] == f"/oekonomi/kilder/{sa.source.pk}/oeremaerkning/ny/"
    assert page_urls(sa)["earmark_edit"] == f"/oekonomi/oeremaerkning/{sa.share.pk}/rediger/"
    assert page_urls(sa)["earmark_delete"] == f"/oekonomi/oeremaerkning/{sa.share.pk}/slet/"


def test_anonymous_is_sent_to_login(client, sa):
    before = counts()
    for name, url in page_urls(sa).items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name
    assert counts() == before


@pytest.mark.parametrize("role", ["consultant", "leader", "staff", "coordinator", "viewer"])
def test_everyone_but_administrators_is_forbidden(client, sa, world, role):
    login(client, getattr(world.users, role))
    before = counts()
    for name, url in page_urls(sa).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"name": "X", "kind": "state", "amount": "1"}).status_code == 403
    assert counts() == before


def test_another_municipalitys_source_amount_and_earmark_are_404(client, sa, world):
    login(client, world.users.admin)
    before = counts()
    for name, url in horsens_urls(sa).items():
        assert client.get(url).status_code == 404, name
        data = {"name": "X", "kind": "state", "year": "2030", "amount": "1", "purposes": "IT"}
        assert client.post(url, data).status_code == 404, name
    assert counts() == before
    assert FundingBudget.objects.filter(pk=sa.h_budget.pk).exists()
    assert Earmark.objects.filter(pk=sa.h_earmark.pk).exists()


def test_a_new_source_belongs_to_the_administrators_municipality(client, sa, world):
    login(client, world.users.horsens_admin)
    response = client.post(page_urls(sa)["source_create"], {"name": "Puljen", "kind": "state"})
    assert response.status_code == 302
    source = FundingSource.objects.get(municipality=world.horsens, name="Puljen")
    assert response["Location"] == reverse("funding:source_detail", args=[source.pk])


# --- Buttons ---------------------------------------------------------------------------------


def test_buttons_only_for_those_who_may_change(client, sa, world):
    login(client, world.users.admin)
    html = client.get(reverse("funding:overview")).content.decode()
    assert (
        f'<a class="button button-secondary" href="{page_urls(sa)["source_create"]}">'
        "Ny finansieringskilde</a>" in html
    )
    response = client.get(reverse("funding:source_detail", args=[sa.source.pk]))
    html = response.content.decode()
    urls = page_urls(sa)
    assert f'<a class="button button-secondary" href="{urls["source_edit"]}">Redigér kilde</a>' in (
        html
    )
    assert f'<a class="button button-secondary" href="{urls["budget_create"]}">Nyt beløb</a>' in (
        html
    )
    assert (
        f'<a class="button button-secondary" href="{urls["earmark_create"]}">Ny øremærkning</a>'
        in html
    )
    assert (
        f'<a href="{urls["earmark_edit"]}">Redigér<span class="sr-only"> øremærkning: '
        "Højst en andel til</span></a>" in html
    )
    assert (
        f'<a href="{urls["budget_delete"]}">Slet<span class="sr-only"> beløb 2025</span></a>'
        in (html)
    )
    assert table_rows(response, "budgets-table") == [
        ["År/periode", "Beløb", "Kilde i planen", "Handlinger"],
        ["2025", "100.000 kr.", "–", "Redigér beløb 2025 Slet beløb 2025"],
        ["2026", "50.000 kr.", "–", "Redigér beløb 2026 Slet beløb 2026"],
    ]
    for role in ("consultant", "viewer"):
        login(client, getattr(world.users, role))
        html = client.get(reverse("funding:overview")).content.decode()
        assert "Ny finansieringskilde" not in html
        response = client.get(reverse("funding:source_detail", args=[sa.source.pk]))
        html = response.content.decode()
        for url in urls.values():
            assert url not in html, (role, url)
        assert "Redigér kilde" not in html and "Nyt beløb" not in html
        assert table_rows(response, "budgets-table")[0] == ["År/periode", "Beløb", "Kilde i planen"]


# --- Pages for the administrator (exact content) --------------------------------------------


def test_source_create_page(client, sa, world):
    response = login(client, world.users.admin).get(page_urls(sa)["source_create"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ny finansieringskilde</h1>" in html
    assert "<title>Ny finansieringskilde – Kompetenceplan</title>" in html
    form = response.context["form"]
    assert list(form.fields) == ["name", "kind", "description", "capped"]
    assert [label for _v, label in form.fields["kind"].choices] == [
        "Vælg type",
        "Statslig",
        "Kommunal",
        "Fond",
    ]
    assert 'name="capped" class="form-checkbox" aria-describedby="id_capped_helptext"' in html
    assert "checked" in html.split('name="capped"')[1].split(">")[0]
    assert f'<a href="{reverse("funding:overview")}">Annullér</a>' in html
    assert [label for label, _url in response.context["breadcrumbs"]] == [
        "Forside",
        "Budget",
        "Ny finansieringskilde",
    ]


def test_source_create_saves_and_logs(client, sa, world):
    login(client, world.users.admin)
    response = client.post(
        page_urls(sa)["source_create"],
        {
            "name": " Ny pulje ",
            "kind": "foundation",
            "description": "Fra A.P. Møller",
            "capped": "on",
        },
    )
    source = FundingSource.objects.get(name="Ny pulje")
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:source_detail", args=[source.pk])
    assert (source.municipality, source.kind, source.description, source.capped) == (
        world.ishoj,
        "foundation",
        "Fra A.P. Møller",
        True,
    )
    assert [str(m) for m in response.wsgi_request._messages] == ["Finansieringskilden er oprettet."]
    entry = log("fundingsource", "create", source.pk).get()
    assert entry.actor == world.users.admin and entry.municipality == world.ishoj
    assert entry.after["name"] == "Ny pulje"
    # The new source's page shows its creation in its history.
    response = client.get(response["Location"])
    assert table_rows(response, "source-history")[1][1:4] == [
        "admin",
        "Finansieringskilde",
        "Oprettet",
    ]


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"name": "=HYPERLINK(1)"}, "name", "Må ikke begynde med =, +, - eller @."),
        (
            {"name": "puljen"},
            "name",
            "Der findes allerede en finansieringskilde med navnet “puljen”.",
        ),
        ({"name": ""}, "name", "Dette felt er påkrævet."),
        ({"kind": ""}, "kind", "Dette felt er påkrævet."),
    ],
)
def test_source_create_errors_are_danish(client, sa, world, data, field, message):
    login(client, world.users.admin)
    before = counts()
    response = client.post(page_urls(sa)["source_create"], {"name": "Ny", "kind": "state", **data})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert counts() == before


def test_source_edit_page_and_save(client, sa, world):
    login(client, world.users.admin)
    url = page_urls(sa)["source_edit"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="kp-muted-dark">Puljen</p>' in html
    assert "<h1>Redigér finansieringskilde</h1>" in html
    assert 'name="name" value="Puljen"' in html
    assert "Statens pulje.</textarea>" in html
    assert list(response.context["form"].fields) == [
        "name",
        "kind",
        "description",
        "capped",
        "override_reason",
    ]
    assert [label for label, _url in response.context["breadcrumbs"]] == [
        "Forside",
        "Budget",
        "Puljen",
        "Redigér finansieringskilde",
    ]
    # An invalid name leaves the source (and the breadcrumbs) alone.
    response = client.post(url, {"name": "Egne midler", "kind": "state", "capped": "on"})
    assert response.context["form"].errors["name"] == [
        "Der findes allerede en finansieringskilde med navnet “Egne midler”."
    ]
    assert response.context["breadcrumbs"][2][0] == "Puljen"
    response = client.post(
        url, {"name": "Statspuljen", "kind": "state", "description": "Ny tekst", "capped": "on"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "funding:source_detail", args=[sa.source.pk]
    )
    sa.source.refresh_from_db()
    assert (sa.source.name, sa.source.description) == ("Statspuljen", "Ny tekst")
    entry = log("fundingsource", "update", sa.source.pk).get()
    assert (entry.before["name"], entry.after["name"]) == ("Puljen", "Statspuljen")


def test_turning_the_cap_on_in_the_form_needs_an_override(client, sa, world):
    allocation_create(
        actor=world.users.admin, initiative=sa.theirs, source=sa.own, year=None, amount=D(30_000)
    )
    login(client, world.users.admin)
    url = reverse("funding:source_edit", args=[sa.own.pk])
    data = {"name": "Egne midler", "kind": "municipal", "capped": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Med loft er der bevilget mere fra Egne midler, end kilden har "
        "(i alt: 30.000 kr. bevilget af 0 kr.). " + HINT
    ]
    assert '<div class="alert alert-error" role="alert">' in response.content.decode()
    sa.own.refresh_from_db()
    assert not sa.own.capped
    response = client.post(url, {**data, "override_reason": "Budgettet følger"})
    assert response.status_code == 302
    sa.own.refresh_from_db()
    assert sa.own.capped
    assert log("fundingsource", "update", sa.own.pk).get().note == (
        "Overskridelse godkendt (i alt: 30.000 kr. bevilget af 0 kr.): Budgettet følger"
    )


def test_budget_create_page_and_save(client, sa, world):
    login(client, world.users.admin)
    url = page_urls(sa)["budget_create"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nyt beløb</h1>" in html and '<p class="kp-muted-dark">Puljen</p>' in html
    assert list(response.context["form"].fields) == [
        "year",
        "label",
        "amount",
        "note",
        "override_reason",
    ]
    cancel = reverse("funding:source_detail", args=[sa.source.pk]) + "#beloeb"
    assert f'<a href="{cancel}">Annullér</a>' in html
    response = client.post(url, {"year": "2027", "amount": "75.000,50", "note": "Budget 2027"})
    assert response.status_code == 302 and response["Location"] == cancel
    budget = budget_of(sa.source, 2027)
    assert (budget.amount, budget.note) == (D("75000.50"), "Budget 2027")
    assert [str(m) for m in response.wsgi_request._messages] == ["Beløbet er gemt."]
    entry = log("fundingbudget", "create", budget.pk).get()
    assert entry.after["amount"] == "75000.50" and entry.municipality == world.ishoj
    response = client.get(cancel)
    assert ["2027", "75.000,50 kr.", "Budget 2027", "Redigér beløb 2027 Slet beløb 2027"] in (
        table_rows(response, "budgets-table")
    )
    history = table_rows(response, "source-history")
    assert history[1][1:] == [
        "admin",
        "Kildebeløb: 2027",
        "Oprettet",
        "Oprettet af admin – Beløb (kr.): 75.000,50 kr.",
    ]


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"year": "2025"}, "year", "Puljen har allerede et beløb for 2025. Redigér det i stedet."),
        ({}, "year", "Angiv et år eller en periode."),
        (
            {"year": "2027", "label": "2027/28"},
            "label",
            "Angiv enten et år eller en periode, ikke begge.",
        ),
        ({"label": "+2027"}, "label", "Må ikke begynde med =, +, - eller @."),
        ({"year": "1890"}, "year", "Denne værdi skal være større end eller lig 1990."),
        ({"year": "2027", "amount": "-5"}, "amount", "Beløbet kan ikke være negativt."),
        (
            {"year": "2027", "amount": "150.00"},
            "amount",
            "“150.00” er ikke et gyldigt beløb. Skriv fx 150.000 eller 150.000,50.",
        ),
        ({"year": "2027", "amount": ""}, "amount", "Dette felt er påkrævet."),
    ],
)
def test_budget_form_errors_are_danish(client, sa, world, data, field, message):
    login(client, world.users.admin)
    before = counts()
    response = client.post(page_urls(sa)["budget_create"], {"amount": "1.000", **data})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert counts() == before


def test_budget_for_a_period_without_a_year(client, sa, world):
    login(client, world.users.admin)
    response = client.post(
        page_urls(sa)["budget_create"], {"label": "2024/2025 og 2025/2026", "amount": "586.000"}
    )
    assert response.status_code == 302
    assert budget_of(sa.source, None, "2024/2025 og 2025/2026").amount == D(586_000)


def test_budget_edit_lowering_is_refused_then_overridden(client, sa, world):
    login(client, world.users.admin)
    url = page_urls(sa)["budget_edit"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Redigér beløb</h1>" in html
    assert 'name="year" value="2025"' in html and 'name="amount" value="100.000"' in html
    response = client.post(url, {"year": "2025", "amount": "40.000"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOWER_2025]
    assert budget_of(sa.source, 2025).amount == D(100_000)
    response = client.post(
        url, {"year": "2025", "amount": "40.000", "override_reason": "Tilsagnet er nedsat"}
    )
    assert response.status_code == 302
    assert budget_of(sa.source, 2025).amount == D(40_000)
    entry = log("fundingbudget", "update", sa.b2025.pk).get()
    assert entry.note == (
        "Overskridelse godkendt (2025: 45.000 kr. bevilget af 40.000 kr.): Tilsagnet er nedsat"
    )
    assert (entry.before["amount"], entry.after["amount"]) == ("100000.00", "40000.00")
    # The source page says so in its history and its balance.
    response = client.get(reverse("funding:source_detail", args=[sa.source.pk]))
    assert table_rows(response, "source-history")[1][2:] == [
        "Kildebeløb: 2025",
        "Ændret – Overskridelse godkendt (2025: 45.000 kr. bevilget af 40.000 kr.): "
        "Tilsagnet er nedsat",
        "Beløb (kr.): 100.000 kr. → 40.000 kr.",
    ]
    assert table_rows(response, "balance-table")[1] == [
        "2025",
        "40.000 kr.",
        "45.000 kr.",
        "-5.000 kr. overskredet",
    ]


def test_budget_delete_confirm_refusal_and_override(client, sa, world):
    login(client, world.users.admin)
    url = reverse("funding:budget_delete", args=[sa.b2026.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Slet beløb</h1>" in html
    assert "Vil du slette dette beløb? Sletningen logges." in html
    assert "<dt>År/periode</dt><dd>2026</dd>" in html and "<dd>50.000 kr.</dd>" in html
    assert "override_reason" not in html  # asked for only once a delete is refused
    response = client.post(url)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [DELETE_2026]
    assert 'name="override_reason"' in response.content.decode()
    assert FundingBudget.objects.filter(pk=sa.b2026.pk).exists()
    response = client.post(url, {"override_reason": "Puljen er lukket"})
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:source_detail", args=[sa.source.pk]) + "#beloeb"
    assert not FundingBudget.objects.filter(pk=sa.b2026.pk).exists()
    entry = log("fundingbudget", "delete", sa.b2026.pk).get()
    assert (
        entry.note
        == "Overskridelse godkendt (2026: 10.000 kr. bevilget af 0 kr.): Puljen er lukket"
    )
    assert entry.before["amount"] == "50000.00"


def test_budget_delete_without_allocations_needs_no_reason(client, sa, world):
    budget = budget_set(actor=None, source=sa.source, year=2027, amount=D(1_000))
    login(client, world.users.admin)
    response = client.post(reverse("funding:budget_delete", args=[budget.pk]))
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Beløbet er slettet."]
    assert log("fundingbudget", "delete", budget.pk).get().note == ""


def test_earmark_create_page_and_refusal(client, sa, world):
    login(client, world.users.admin)
    url = page_urls(sa)["earmark_create"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ny øremærkning</h1>" in html
    assert list(response.context["form"].fields) == [
        "kind",
        "purposes",
        "purpose",
        "percent",
        "text",
    ]
    assert "Tilladte formål (ét pr. linje)" in html
    # The source's allocations have no purpose: a list of allowed purposes would break them.
    data = {"kind": "allowed_purposes", "purposes": "Klasseledelse\r\n\r\nIT\r\n"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NOT_LISTED]
    assert Earmark.objects.filter(source=sa.source).count() == 1
    # On a source without allocations it is saved.
    uvm = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    response = client.post(reverse("funding:earmark_create", args=[uvm.pk]), data)
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("funding:source_detail", args=[uvm.pk]) + "#oeremaerkning"
    )
    earmark = Earmark.objects.get(source=uvm)
    assert (earmark.kind, earmark.purposes) == ("allowed_purposes", ["Klasseledelse", "IT"])
    assert log("earmark", "create", earmark.pk).get().municipality == world.ishoj


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"kind": ""}, "kind", "Dette felt er påkrævet."),
        ({"kind": "allowed_purposes"}, "purposes", "Angiv mindst ét tilladt formål."),
        ({"kind": "max_share", "percent": "10"}, "purpose", "Angiv formålet, andelen gælder."),
        ({"kind": "max_share", "purpose": "IT"}, "percent", "Angiv en procentsats."),
        (
            {"kind": "max_share", "purpose": "IT", "percent": "101"},
            "percent",
            "Procentsatsen skal være mellem 0 og 100.",
        ),
        (
            {"kind": "max_share", "purpose": "IT", "percent": "ti"},
            "percent",
            "Skriv en procentsats, fx 10 eller 12,5.",
        ),
    ],
)
def test_earmark_form_errors_are_danish(client, sa, world, data, field, message):
    login(client, world.users.admin)
    before = counts()
    response = client.post(page_urls(sa)["earmark_create"], data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert counts() == before


def test_earmark_edit_page_and_save(client, sa, world):
    login(client, world.users.admin)
    url = page_urls(sa)["earmark_edit"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Redigér øremærkning</h1>" in html
    assert '<option value="max_share" selected>Højst en andel til</option>' in html
    assert 'name="purpose" value="Uformel opkvalificering"' in html
    assert 'name="percent" value="10"' in html
    response = client.post(
        url, {"kind": "max_share", "purpose": "Uformel opkvalificering", "percent": "12,5"}
    )
    assert response.status_code == 302
    sa.share.refresh_from_db()
    assert sa.share.percent == D("12.5") and sa.share.text == ""
    entry = log("earmark", "update", sa.share.pk).get()
    assert (entry.before["percent"], entry.after["percent"]) == ("10.00", "12.50")
    response = client.get(reverse("funding:source_detail", args=[sa.source.pk]))
    assert table_rows(response, "source-history")[1][2:] == [
        "Øremærkning: Højst en andel til",
        "Ændret",
        "Højst procent: 10 % → 12,5 % Ordlyd: Højst 10 % ... → –",
    ]


def test_earmark_delete_confirm_and_post(client, sa, world):
    login(client, world.users.admin)
    url = page_urls(sa)["earmark_delete"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Slet øremærkning</h1>" in html
    assert "<dt>Regel</dt><dd>højst 10 % til “Uformel opkvalificering”</dd>" in html
    assert Earmark.objects.filter(pk=sa.share.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Earmark.objects.filter(pk=sa.share.pk).exists()
    assert log("earmark", "delete", sa.share.pk).get().before["purpose"] == (
        "Uformel opkvalificering"
    )
    assert [str(m) for m in response.wsgi_request._messages] == ["Øremærkningen er slettet."]


def test_source_page_query_count_is_the_same_for_administrators(client, sa, world):
    """The buttons come from the role alone: an administrator's page (with
    buttons) costs what a consultant's (without) does: the pin in
    test_views.PAGE_QUERY_LIMITS["source"] holds."""
    from .test_views import PAGE_QUERY_LIMITS, count_queries

    url = reverse("funding:source_detail", args=[sa.source.pk])
    login(client, world.users.consultant)
    count_queries(client, url)
    consultant = count_queries(client, url)
    login(client, world.users.admin)
    count_queries(client, url)
    assert count_queries(client, url) == consultant == PAGE_QUERY_LIMITS["source"]


# --- Services: sources -----------------------------------------------------------------------


def test_source_create_service(world):
    source = source_create(
        actor=world.users.admin,
        municipality=world.ishoj,
        name="  Fondens pulje ",
        kind="foundation",
        description="",
        capped=False,
    )
    assert (source.name, source.kind, source.capped) == ("Fondens pulje", "foundation", False)
    entry = log("fundingsource", "create", source.pk).get()
    assert entry.before is None and entry.after["capped"] is False
    # The same name in another municipality is fine.
    source_create(
        actor=None, municipality=world.horsens, name="Fondens pulje", kind="state", capped=True
    )


def test_duplicate_source_name_is_refused(world):
    make_source(world.ishoj, "Puljen")
    for name in ("Puljen", "PULJEN"):
        with pytest.raises(ValidationError) as exc:
            source_create(
                actor=world.users.admin,
                municipality=world.ishoj,
                name=name,
                kind="state",
                description="",
                capped=True,
            )
        assert exc.value.messages == [
            f"Der findes allerede en finansieringskilde med navnet “{name}”."
        ]
    assert FundingSource.objects.count() == 1
    assert not log("fundingsource", "create").exists()
    make_source(world.ishoj, "Øvrige midler")
    with pytest.raises(ValidationError, match="navnet “ØVRIGE MIDLER”"):
        source_create(
            actor=None, municipality=world.ishoj, name="ØVRIGE MIDLER", kind="state", capped=True
        )


def test_source_update_service(world, sa):
    with pytest.raises(ValidationError, match="navnet “Egne midler”"):
        source_update(actor=world.users.admin, source=sa.source, name="Egne midler")
    with pytest.raises(TypeError):
        source_update(actor=world.users.admin, source=sa.source, municipality=world.horsens)
    with pytest.raises(ValidationError, match="Vælg en gyldig type."):
        source_update(actor=world.users.admin, source=sa.source, kind="lottery")
    # Renaming to another case of its own name is fine.
    updated = source_update(actor=world.users.admin, source=sa.source, name="PULJEN")
    assert updated.name == "PULJEN"
    # Turning the cap off needs no check; saving unchanged values logs nothing.
    source_update(actor=world.users.admin, source=sa.source, capped=False)
    source_update(actor=world.users.admin, source=sa.source, capped=False)
    assert log("fundingsource", "update", sa.source.pk).count() == 2


def test_turning_the_cap_on_is_refused_then_overridden(world, sa):
    allocation_create(
        actor=world.users.admin, initiative=sa.mine, source=sa.own, year=2025, amount=D(20_000)
    )
    budget_set(actor=world.users.admin, source=sa.own, year=2025, amount=D(15_000))
    message = (
        "Med loft er der bevilget mere fra Egne midler, end kilden har "
        "(2025: 20.000 kr. bevilget af 15.000 kr.; i alt: 20.000 kr. bevilget af 15.000 kr.). "
        + HINT
    )
    with pytest.raises(OverspendError) as exc:
        source_update(actor=world.users.admin, source=sa.own, capped=True)
    assert exc.value.messages == [message]
    with pytest.raises(PermissionDenied):
        source_update(
            actor=world.users.consultant, source=sa.own, capped=True, override_reason="Jeg vil"
        )
    sa.own.refresh_from_db()
    assert not sa.own.capped
    source_update(actor=world.users.admin, source=sa.own, capped=True, override_reason="OK'et")
    sa.own.refresh_from_db()
    assert sa.own.capped
    assert log("fundingsource", "update", sa.own.pk).get().note == (
        "Overskridelse godkendt (2025: 20.000 kr. bevilget af 15.000 kr.; "
        "i alt: 20.000 kr. bevilget af 15.000 kr.): OK'et"
    )


# --- Services: amounts -----------------------------------------------------------------------


def test_budget_set_creates_and_changes_one_amount(world, sa):
    admin = world.users.admin
    budget = budget_set(actor=admin, source=sa.source, year=2027, amount=D(80_000), note="B27")
    assert log("fundingbudget", "create", budget.pk).get().after["amount"] == "80000.00"
    again = budget_set(actor=admin, source=sa.source, year=2027, amount=D(90_000))
    assert again.pk == budget.pk and again.amount == D(90_000) and again.note == ""
    entry = log("fundingbudget", "update", budget.pk).get()
    assert (entry.before["amount"], entry.after["amount"]) == ("80000.00", "90000.00")
    # Raising an amount is never refused.
    budget_set(actor=admin, source=sa.source, year=2025, amount=D(1_000_000))
    assert FundingBudget.objects.filter(source=sa.source).count() == 3


def test_lowering_an_amount_below_what_is_allocated_is_refused(world, sa):
    admin = world.users.admin
    with pytest.raises(OverspendError) as exc:
        budget_set(actor=admin, source=sa.source, year=2025, amount=D(40_000))
    assert exc.value.messages == [LOWER_2025]
    assert budget_of(sa.source, 2025).amount == D(100_000)
    assert not log("fundingbudget", "update").exists()
    # Down to exactly what is allocated is fine.
    budget_set(actor=admin, source=sa.source, year=2025, amount=D(45_000))
    assert budget_of(sa.source, 2025).amount == D(45_000)


def test_lowering_an_amount_with_an_override(world, sa):
    with pytest.raises(PermissionDenied, match="Kun en administrator"):
        budget_set(
            actor=world.users.consultant,
            source=sa.source,
            year=2025,
            amount=D(40_000),
            override_reason="Jeg synes",
        )
    budget = budget_set(
        actor=world.users.admin,
        source=sa.source,
        year=2025,
        amount=D(40_000),
        override_reason=" Tilsagnet er nedsat ",
    )
    assert budget.amount == D(40_000)
    entry = log("fundingbudget", "update", budget.pk).get()
    assert entry.actor == world.users.admin
    assert entry.note == (
        "Overskridelse godkendt (2025: 45.000 kr. bevilget af 40.000 kr.): Tilsagnet er nedsat"
    )
    # Already over: changing the note needs no new approval, lowering further does.
    budget_set(actor=world.users.admin, source=sa.source, year=2025, amount=D(40_000), note="x")
    with pytest.raises(OverspendError, match=r"2025: 45.000 kr. bevilget af 39.000 kr."):
        budget_set(actor=world.users.admin, source=sa.source, year=2025, amount=D(39_000))


def test_lowering_below_the_total_is_refused(world, sa):
    """Undated allocations count against the source's total."""
    admin = world.users.admin
    allocation_create(
        actor=admin, initiative=sa.theirs, source=sa.source, year=None, amount=D(90_000)
    )
    with pytest.raises(OverspendError) as exc:
        budget_set(actor=admin, source=sa.source, year=2026, amount=D(20_000))
    assert exc.value.messages == [
        "Med dette beløb er der bevilget mere fra Puljen, end kilden har "
        "(i alt: 145.000 kr. bevilget af 120.000 kr.). " + HINT
    ]


def test_moving_an_amount_to_another_year(world, sa):
    admin = world.users.admin
    with pytest.raises(OverspendError) as exc:
        budget_set(actor=admin, source=sa.source, year=2027, amount=D(50_000), budget=sa.b2026)
    assert exc.value.messages == [
        "Med dette beløb er der bevilget mere fra Puljen, end kilden har "
        "(2026: 10.000 kr. bevilget af 0 kr.). " + HINT
    ]
    with pytest.raises(ValidationError) as exc:
        budget_set(actor=admin, source=sa.source, year=2025, amount=D(50_000), budget=sa.b2026)
    assert exc.value.messages == ["Puljen har allerede et beløb for 2025. Redigér det i stedet."]
    other = budget_of(sa.h_source, 2025)
    with pytest.raises(ValidationError, match="Beløbet hører ikke til kilden."):
        budget_set(actor=admin, source=sa.source, year=2030, amount=D(1), budget=other)


def test_a_first_yearly_amount_caps_the_other_years(world, sa):
    """A source with only a period amount gets yearly caps with its first
    yearly amount: the years without one then have 0 kr."""
    admin = world.users.admin
    uvm = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    allocation_create(actor=admin, initiative=sa.mine, source=uvm, year=2025, amount=D(100_000))
    with pytest.raises(OverspendError) as exc:
        budget_set(actor=admin, source=uvm, year=2026, amount=D(50_000))
    assert exc.value.messages == [
        "Med dette beløb er der bevilget mere fra UVM-midler, end kilden har "
        "(2025: 100.000 kr. bevilget af 0 kr.). " + HINT
    ]


@pytest.mark.parametrize(
    "year,label,amount,message",
    [
        (None, "", D(1), "Angiv et år eller en periode."),
        (2027, "2027/28", D(1), "Angiv enten et år eller en periode, ikke begge."),
        (1890, "", D(1), "Året 1890 er ugyldigt."),
        (2027, "", D(-1), "Beløbet kan ikke være negativt."),
        (2027, "", D("1.005"), "Beløbet kan højst have to decimaler (øre)."),
        (2027, "", None, "Angiv et beløb."),
    ],
)
def test_invalid_amounts_are_refused(world, sa, year, label, amount, message):
    with pytest.raises(ValidationError) as exc:
        budget_set(actor=None, source=sa.source, year=year, label=label, amount=amount)
    assert exc.value.messages == [message]


def test_uncapped_source_amounts_can_always_be_lowered(world, sa):
    allocation_create(
        actor=world.users.admin, initiative=sa.mine, source=sa.own, year=2025, amount=D(20_000)
    )
    budget_set(actor=world.users.admin, source=sa.own, year=2025, amount=D(1_000))
    budget_delete(actor=world.users.admin, budget=budget_of(sa.own, 2025))


def test_deleting_an_amount_is_refused_then_overridden(world, sa):
    with pytest.raises(OverspendError) as exc:
        budget_delete(actor=world.users.admin, budget=sa.b2026)
    assert exc.value.messages == [DELETE_2026]
    assert FundingBudget.objects.filter(pk=sa.b2026.pk).exists()
    budget_delete(actor=world.users.admin, budget=sa.b2026, override_reason="Puljen er lukket")
    assert not FundingBudget.objects.filter(pk=sa.b2026.pk).exists()
    entry = log("fundingbudget", "delete", sa.b2026.pk).get()
    assert (
        entry.note
        == "Overskridelse godkendt (2026: 10.000 kr. bevilget af 0 kr.): Puljen er lukket"
    )
    assert entry.before == {
        "source": sa.source.pk,
        "year": 2026,
        "label": "",
        "amount": "50000.00",
        "note": "",
    }


def test_lowering_an_amount_that_breaks_a_share_is_refused_without_override(world, sa):
    pool = make_source(world.ishoj, "Opkvalificeringspuljen", yearly={2025: 512_000, 2026: 512_000})
    add_share(pool, "Uformel opkvalificering", 10)
    allocation_create(
        actor=world.users.admin,
        initiative=sa.mine,
        source=pool,
        year=2025,
        amount=D(40_000),
        purpose="Uformel opkvalificering",
    )
    message = (
        "Beløbet kan ikke gemmes. Højst 10 % af Opkvalificeringspuljen i 2025 må gå til "
        "Uformel opkvalificering (30.000 kr.), men disse bevillinger giver 40.000 kr.: "
        "1.1 Læsning (Plan A, 2025: 40.000 kr.). Ret bevillingerne først."
    )
    for reason in ("", "Godkendt"):
        with pytest.raises(ValidationError) as exc:
            budget_set(
                actor=world.users.admin,
                source=pool,
                year=2025,
                amount=D(300_000),
                override_reason=reason,
            )
        assert exc.value.messages == [message]
    with pytest.raises(ValidationError, match="Beløbet kan ikke slettes. Højst 10 %"):
        budget_delete(actor=world.users.admin, budget=budget_of(pool, 2025), override_reason="x")
    budget_set(actor=world.users.admin, source=pool, year=2025, amount=D(400_000))  # 40.000: ok


# --- Services: earmarks ----------------------------------------------------------------------


@pytest.fixture
def uvm(world, sa):
    """UVM-midler (a period amount) with a list of allowed purposes and two allocations."""
    source = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    earmark = add_purposes(source, ["Klasseledelse", "Inklusion", "IT"])
    for initiative, purpose in ((sa.mine, "Klasseledelse"), (sa.theirs, "IT")):
        allocation_create(
            actor=world.users.admin,
            initiative=initiative,
            source=source,
            year=None,
            amount=D(50_000),
            purpose=purpose,
        )
    source.earmark = earmark
    return source


def test_an_earmark_that_existing_allocations_break_is_refused(world, sa):
    with pytest.raises(ValidationError) as exc:
        earmark_create(
            actor=world.users.admin,
            source=sa.source,
            kind="allowed_purposes",
            purposes=["Klasseledelse", "IT"],
        )
    assert exc.value.messages == [NOT_LISTED]
    assert Earmark.objects.filter(source=sa.source).count() == 1
    assert not log("earmark", "create").exists()


def test_removing_a_purpose_that_is_used_is_refused(world, uvm):
    with pytest.raises(ValidationError) as exc:
        earmark_update(actor=world.users.admin, earmark=uvm.earmark, purposes=["Inklusion", "IT"])
    assert exc.value.messages == [
        "Øremærkningen kan ikke gemmes. Disse bevillinger fra UVM-midler har et formål, som ikke "
        "er på listen: 1.1 Læsning (Plan A, formål: Klasseledelse). "
        "Ret bevillingerne eller listen først."
    ]
    uvm.earmark.refresh_from_db()
    assert uvm.earmark.purposes == ["Klasseledelse", "Inklusion", "IT"]
    # Removing an unused purpose (and turning it into another kind of rule fails as well).
    earmark_update(actor=world.users.admin, earmark=uvm.earmark, purposes=["Klasseledelse", "IT"])
    entry = log("earmark", "update", uvm.earmark.pk).get()
    assert entry.after["purposes"] == ["Klasseledelse", "IT"]
    with pytest.raises(ValidationError, match="1.2 Matematik"):
        earmark_update(
            actor=world.users.admin,
            earmark=uvm.earmark,
            kind="max_share",
            purpose="IT",
            percent=D(5),
        )


def test_deleting_an_earmark_only_loosens_and_is_logged(world, uvm):
    earmark_delete(actor=world.users.admin, earmark=uvm.earmark)
    assert not Earmark.objects.filter(source=uvm).exists()
    entry = log("earmark", "delete", uvm.earmark.pk).get()
    assert entry.before["purposes"] == ["Klasseledelse", "Inklusion", "IT"]
    assert entry.municipality == world.ishoj and entry.actor == world.users.admin


def test_a_share_that_existing_allocations_exceed_is_refused(world, sa):
    pool = make_source(world.ishoj, "Opkvalificeringspuljen", yearly={2025: 512_000, 2026: 512_000})
    allocation_create(
        actor=world.users.admin,
        initiative=sa.mine,
        source=pool,
        year=2025,
        amount=D(60_000),
        purpose="Uformel opkvalificering",
    )
    values = {"kind": "max_share", "purpose": "Uformel opkvalificering"}
    with pytest.raises(ValidationError) as exc:
        earmark_create(actor=world.users.admin, source=pool, percent=D(10), **values)
    assert exc.value.messages == [
        "Øremærkningen kan ikke gemmes. Højst 10 % af Opkvalificeringspuljen i 2025 må gå til "
        "Uformel opkvalificering (51.200 kr.), men disse bevillinger giver 60.000 kr.: "
        "1.1 Læsning (Plan A, 2025: 60.000 kr.). Ret bevillingerne først."
    ]
    earmark = earmark_create(actor=world.users.admin, source=pool, percent=D(15), **values)
    with pytest.raises(ValidationError, match="Højst 11 % af Opkvalificeringspuljen i 2025"):
        earmark_update(actor=world.users.admin, earmark=earmark, percent=D(11))
    with pytest.raises(ValidationError, match="1.1 Læsning"):
        earmark_update(actor=world.users.admin, earmark=earmark, percent=D(5))
    earmark_update(actor=world.users.admin, earmark=earmark, percent=D("11.72"))  # 60.006,40
    with pytest.raises(ValidationError, match="Procentsatsen skal være mellem 0 og 100."):
        earmark_update(actor=world.users.admin, earmark=earmark, percent=D(101))


def test_an_already_broken_earmark_does_not_block_other_changes(world, sa):
    """An earmark from a plan's data file that allocations already break: its
    wording may still be edited, and only newly broken allocations are named."""
    earmark = add_purposes(sa.source, ["Klasseledelse"], text="Gammel ordlyd")
    earmark_update(actor=world.users.admin, earmark=earmark, text="Ny ordlyd")
    earmark.refresh_from_db()
    assert earmark.text == "Ny ordlyd"
    earmark_update(actor=world.users.admin, earmark=earmark, purposes=["IT"])


def test_earmark_values_are_cleaned(world, sa):
    fresh = make_source(world.ishoj, "Ny pulje")
    earmark = earmark_create(
        actor=world.users.admin,
        source=fresh,
        kind="allowed_purposes",
        purposes=[" Klasseledelse ", "", "Klasseledelse", "IT"],
        purpose="ignored",
        percent=D(5),
        text="  Tekst ",
    )
    assert (earmark.purposes, earmark.purpose, earmark.percent, earmark.text) == (
        ["Klasseledelse", "IT"],
        "",
        None,
        "Tekst",
    )
    with pytest.raises(ValidationError, match="Vælg en gyldig type øremærkning."):
        earmark_create(actor=None, source=fresh, kind="other")


def test_new_allocations_obey_an_earmark_made_in_the_ui(world, sa):
    uvm = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    earmark_create(actor=world.users.admin, source=uvm, kind="allowed_purposes", purposes=["IT"])
    with pytest.raises(ValidationError, match="UVM-midler må kun finansiere: IT."):
        allocation_create(
            actor=world.users.admin, initiative=sa.mine, source=uvm, year=None, amount=D(1)
        )


# --- The arithmetic ----------------------------------------------------------------------------


def test_problems_from_new_caps():
    allocations = [(2025, D(45)), (2026, D(10))]
    before = compute_balance(
        capped=True, budgets=[(2025, "", D(100)), (2026, "", D(50))], allocations=allocations
    )
    lower = compute_balance(
        capped=True, budgets=[(2025, "", D(40)), (2026, "", D(50))], allocations=allocations
    )
    assert problems_from_new_caps(before, lower) == [(2025, D(40), D(45))]
    lower_still = compute_balance(
        capped=True, budgets=[(2025, "", D(39)), (2026, "", D(50))], allocations=allocations
    )
    assert problems_from_new_caps(lower, lower_still) == [(2025, D(39), D(45))]
    assert problems_from_new_caps(lower, lower) == []
    assert problems_from_new_caps(lower, before) == []
    uncapped = compute_balance(capped=False, budgets=[], allocations=allocations)
    capped = compute_balance(capped=True, budgets=[], allocations=allocations)
    assert problems_from_new_caps(uncapped, capped) == [(None, D(0), D(55))]


def test_earmark_breaches():
    budgets = [(2025, "", D(1000)), (2026, "", D(1000))]
    allocations = [
        (1, 2025, D(150), "A"),
        (2, 2025, D(10), "B"),
        (3, None, D(60), "A"),
        (4, 2026, None, ""),
    ]
    assert earmark_breaches(
        kind="allowed_purposes",
        purposes=["A"],
        purpose="",
        percent=None,
        budgets=budgets,
        allocations=allocations,
    ) == [EarmarkBreach("allowed_purposes", None, None, None, (2, 4))]
    share = earmark_breaches(
        kind="max_share",
        purposes=[],
        purpose="A",
        percent=D(10),
        budgets=budgets,
        allocations=allocations,
    )
    assert share == [
        EarmarkBreach("max_share", 2025, D(100), D(150), (1,)),
        EarmarkBreach("max_share", None, D(200), D(210), (1, 3)),
    ]
    # No amounts: no share to exceed.
    assert (
        earmark_breaches(
            kind="max_share",
            purposes=[],
            purpose="A",
            percent=D(0),
            budgets=[],
            allocations=allocations,
        )
        == []
    )
    # Only what got worse.
    assert breaches_made_worse(share, share) == []
    lower = [EarmarkBreach("max_share", 2025, D(90), D(150), (1,))]
    assert breaches_made_worse(share, lower) == lower
    listed = [EarmarkBreach("allowed_purposes", None, None, None, (2, 4))]
    more = [EarmarkBreach("allowed_purposes", None, None, None, (1, 2, 4))]
    assert breaches_made_worse(listed, more) == [
        EarmarkBreach("allowed_purposes", None, None, None, (1,))
    ]


def test_service_errors_carry_their_code_and_field(world, sa):
    """The services raise funding's error codes: the message on the field it
    belongs to, which the form views show there. Refused: nothing changes."""
    admin = world.users.admin
    before = counts()
    refusals = [
        (
            lambda: budget_set(actor=admin, source=sa.source, year=2025, amount=D(1), new=True),
            "budget_taken",
            {"year": ["Puljen har allerede et beløb for 2025. Redigér det i stedet."]},
        ),
        (
            lambda: budget_set(actor=admin, source=sa.source, year=None, label="@x", amount=D(1)),
            "formula",
            {"label": ["Må ikke begynde med =, +, - eller @."]},
        ),
        (
            lambda: source_update(actor=admin, source=sa.source, name="=A1"),
            "formula",
            {"name": ["Må ikke begynde med =, +, - eller @."]},
        ),
        (
            lambda: source_create(
                actor=admin, municipality=world.ishoj, name="puljen", kind="municipal"
            ),
            "name_taken",
            {"name": ["Der findes allerede en finansieringskilde med navnet “puljen”."]},
        ),
        (
            lambda: earmark_create(
                actor=admin, source=sa.source, kind="max_share", purpose="IT", percent=D(101)
            ),
            "percent_range",
            {"percent": ["Procentsatsen skal være mellem 0 og 100."]},
        ),
        (
            lambda: allocation_create(
                actor=admin, initiative=sa.mine, source=sa.source, year=2101, amount=D(1)
            ),
            "year",
            {"year": ["Året 2101 er ugyldigt."]},
        ),
    ]
    for call, code, message_dict in refusals:
        with pytest.raises(ValidationError) as exc:
            call()
        assert (exc.value.code, exc.value.message_dict) == (code, message_dict)
    assert counts() == before
