"""Catalogue search (Danish stemming on PostgreSQL, fallback on SQLite) and filters."""

import pytest
from django.urls import reverse

from kompetenceplan.plans.selectors import crude_stem

pytestmark = pytest.mark.django_db


def numbers(client, **params):
    response = client.get(reverse("plans:catalogue"), params)
    assert response.status_code == 200
    return [
        (row.record.plan.slug.split("-")[1], row.record.number)
        for row in response.context["table"].rows
    ]


def test_crude_stem():
    assert crude_stem("sproglige") == "sproglig"
    assert crude_stem("lærerne") == "lærer"
    assert crude_stem("ICDP") == "icdp"


def test_search_icdp(client, world, ishoj_plans):
    client.force_login(world.users.viewer)
    assert numbers(client, q="ICDP") == [("dagtilbud", "1.3"), ("dagtilbud", "1.4")]


def test_search_stemmed(client, world, ishoj_plans):
    client.force_login(world.users.viewer)
    found = numbers(client, q="sproglige")
    assert ("skole", "2.1") in found  # "Sproglig udvikling i fagene"
    assert ("skole", "2.1") in numbers(client, q="sproglig udvikling")
    assert ("skole", "2.1") in numbers(client, q="Sproglig Udvikling")  # case does not matter
    assert numbers(client, q="sproglig xyzzy") == []  # every word must match


def test_filters_combine(client, world, ishoj_plans):
    client.force_login(world.users.viewer)
    school = ishoj_plans["ishoj-skole-2024-2026"]
    assert numbers(client, plan=school.pk, status="planned") == [
        ("skole", n) for n in ("1.3", "1.5", "1.6", "2.2", "2.3", "2.6", "2.8")
    ]
    area2 = school.focus_areas.get(number="2")
    assert numbers(client, focus_area=area2.pk, status="ongoing") == [
        ("skole", n) for n in ("2.1", "2.4", "2.5", "2.7")
    ]
    found = numbers(client, sector="daycare", q="ledelse")
    assert {("dagtilbud", "1.4"), ("dagtilbud", "2.4")} <= set(found)
    assert all(plan == "dagtilbud" for plan, _ in found)
    from kompetenceplan.funding.models import FundingSource

    pakken = FundingSource.objects.get(name="Rekrutterings- og fastholdelsespakken")
    assert numbers(client, source=pakken.pk) == [("dagtilbud", "1.3"), ("dagtilbud", "2.1")]
    assert numbers(client, source=pakken.pk, year=2028, status="planned") == [("dagtilbud", "2.1")]
    # The year is a select of the plans' years (and their money's): 2019 is not one.
    response = client.get(reverse("plans:catalogue"), {"year": 2019})
    assert response.context["filter"].errors["year"] == [
        "Marker en gyldig valgmulighed. 2019 er ikke en af de tilgængelige valgmuligheder."
    ]


def test_postgres_stemmer_finds_other_inflections(client, world, ishoj_plans):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the Danish stemmer is PostgreSQL's")
    client.force_login(world.users.viewer)
    # "sprogligt" is not in the text; PostgreSQL's Danish stemmer maps it to "sprog".
    assert ("skole", "2.1") in numbers(client, q="sprogligt")
