"""The permission matrix of every funding page and endpoint
(kompetenceplan/testing/matrix.py, docs/permissions.md):

- every role of the municipality reads the budget overview and the sources;
- only administrators create and change sources, their amounts and their earmarks;
- allocations are added, changed and deleted by administrators and by the consultant
  responsible for the initiative (another consultant's initiative answers 404).
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.funding.models import Allocation, Earmark, FundingBudget, FundingSource
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

from .factories import add_purposes, add_share

pytestmark = pytest.mark.django_db

ADMINS = {"admin"}
ALLOCATORS = {"admin", "consultant"}
OTHERS = ALL_ROLES - ALLOCATORS


def url(name, attr=None, query=""):
    """A URL builder: ``url("funding:source_edit", "source")``."""

    def build(o):
        path = reverse(name, args=[getattr(o, attr).pk] if attr else [])
        return path + (f"?{query.format(o=o)}" if query else "")

    return build


def money(o):
    """Everything a refused request must leave as it was."""
    return (
        sorted(FundingSource.objects.values_list("pk", "name", "kind", "capped")),
        sorted(FundingBudget.objects.values_list("pk", "source_id", "year", "amount")),
        sorted(Earmark.objects.values_list("pk", "kind", "purpose", "percent")),
        sorted(Allocation.objects.values_list("pk", "initiative_id", "year", "amount")),
    )


def admin_pages(name, attr, other, data, contains):
    """GET and POST of an administrator's page on a source, an amount or an earmark."""
    common = {
        "url": url(name, attr),
        "allowed": ADMINS,
        "forbidden": ALL_ROLES - ADMINS,
        "other_municipality_url": url(name, other) if other else None,
    }
    return [
        Case(name, contains=contains, **common),
        Case(name, method="POST", data=data, state=money, **common),
    ]


def allocation_pages(name, attr, other, theirs, data):
    """GET and POST of an allocation page, also on an initiative the consultant is not
    responsible for (404 for the consultant)."""
    cases = []
    for method in ("GET", "POST"):
        extra = {"method": method, "state": money}
        if method == "POST":
            extra["data"] = data
        cases += [
            Case(
                name,
                url=attr,
                allowed=ALLOCATORS,
                forbidden=OTHERS,
                other_municipality_url=other,
                **extra,
            ),
            Case(
                name,
                label="not responsible",
                url=theirs,
                allowed=ADMINS,
                not_found={"consultant"},
                forbidden=OTHERS,
                **extra,
            ),
        ]
    return cases


def allocation_data(o):
    return {"source": o.source.pk, "year": "2025", "amount": "1.000"}


CASES = [
    Case("funding:overview", url=url("funding:overview"), allowed=ALL_ROLES, contains="Puljen"),
    Case(
        "funding:overview",
        label="export",
        url=url("funding:overview", query="export=xlsx"),
        allowed=ALL_ROLES,
    ),
    Case(
        "funding:source_detail",
        url=url("funding:source_detail", "source"),
        allowed=ALL_ROLES,
        contains="Statens pulje.",
        other_municipality_url=url("funding:source_detail", "h_source"),
    ),
    *admin_pages(
        "funding:source_create",
        None,
        None,
        {"name": "Ny pulje", "kind": "state"},
        "Ny finansieringskilde",
    ),
    *admin_pages(
        "funding:source_edit",
        "source",
        "h_source",
        {"name": "Statspuljen", "kind": "state", "capped": "on"},
        'value="Puljen"',
    ),
    *admin_pages(
        "funding:budget_create",
        "source",
        "h_source",
        {"year": "2027", "amount": "75.000"},
        "Nyt beløb",
    ),
    *admin_pages(
        "funding:budget_edit",
        "b2025",
        "h_budget",
        {"year": "2025", "amount": "120.000"},
        "Redigér beløb",
    ),
    *admin_pages(
        "funding:budget_delete",
        "b2026",
        "h_budget",
        {"override_reason": "Puljen er lukket"},
        "Slet beløb",
    ),
    *admin_pages(
        "funding:earmark_create",
        "source",
        "h_source",
        {"kind": "max_share", "purpose": "IT", "percent": "10"},
        "Ny øremærkning",
    ),
    *admin_pages(
        "funding:earmark_edit",
        "share",
        "h_earmark",
        {"kind": "max_share", "purpose": "Uformel opkvalificering", "percent": "12,5"},
        "Redigér øremærkning",
    ),
    *admin_pages("funding:earmark_delete", "share", "h_earmark", {}, "Slet øremærkning"),
    *allocation_pages(
        "funding:allocation_create",
        url("funding:allocation_create", query="initiative={o.mine.pk}"),
        url("funding:allocation_create", query="initiative={o.h_initiative.pk}"),
        url("funding:allocation_create", query="initiative={o.theirs.pk}"),
        allocation_data,
    ),
    *allocation_pages(
        "funding:allocation_edit",
        url("funding:allocation_edit", "a_mine"),
        url("funding:allocation_edit", "h_allocation"),
        url("funding:allocation_edit", "a_theirs"),
        allocation_data,
    ),
    *allocation_pages(
        "funding:allocation_delete",
        url("funding:allocation_delete", "a_mine"),
        url("funding:allocation_delete", "h_allocation"),
        url("funding:allocation_delete", "a_theirs"),
        {},
    ),
]


@pytest.fixture
def objects(world, fw):
    """The funding world (conftest ``fw``) plus amounts and an earmark on each side."""
    return SimpleNamespace(
        **vars(world),
        **vars(fw),
        b2025=FundingBudget.objects.get(source=fw.source, year=2025),
        b2026=FundingBudget.objects.get(source=fw.source, year=2026),
        share=add_share(fw.source, "Uformel opkvalificering", 10),
        h_budget=FundingBudget.objects.get(source=fw.h_source, year=2025),
        h_earmark=add_purposes(fw.h_source, ["Klasseledelse"]),
    )


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)
