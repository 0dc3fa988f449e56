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


# --- Security issue 8: a long search is bounded, not a denial of service -------------

TWELVE = " ".join(["sproglig", "udvikling"] * 6)
# 1,000 words: the first twelve find "Sproglig udvikling i fagene"; the word
# after them finds nothing, so any word past the twelfth would empty the list.
THOUSAND = TWELVE + " " + " ".join(["xyzzy"] * 988)


def test_thousand_word_search_answers_with_the_first_twelve_words(client, world, ishoj_plans):
    """Was a 500 on SQLite ("Expression tree is too large") and over a
    minute on PostgreSQL."""
    client.force_login(world.users.viewer)
    expected = numbers(client, q=TWELVE)
    assert ("skole", "2.1") in expected
    assert numbers(client, q=THOUSAND) == expected
    assert numbers(client, q="xyzzy") == []
    response = client.get(reverse("plans:catalogue"), {"q": THOUSAND})
    html = response.content.decode()
    assert "Søgningen er afkortet til de første 12 ord." in html
    assert 'aria-describedby="id_q_notice"' in html
    assert (
        "Søgningen er afkortet"
        not in client.get(reverse("plans:catalogue"), {"q": TWELVE}).content.decode()
    )


def test_search_query_count_does_not_grow_with_the_words(client, world, ishoj_plans):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users.viewer)

    def count(q):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("plans:catalogue"), {"q": q}).status_code == 200
        return len(ctx.captured_queries)

    assert count("sproglig") == count(TWELVE) == count(THOUSAND)


def test_long_words_and_characters_are_bounded(client, world, ishoj_plans, settings):
    client.force_login(world.users.viewer)
    response = client.get(reverse("plans:catalogue"), {"q": "sproglig" + "x" * 100_000})
    assert response.status_code == 200
    assert "Søgningen er afkortet til det første ord." in response.content.decode()


@pytest.mark.parametrize("q", ["sprog\x00lig", "sproglig\x01", "sprog\x85lig"])
def test_control_characters_in_a_search_are_refused_not_a_500(client, world, ishoj_plans, q):
    client.force_login(world.users.viewer)
    response = client.get(reverse("plans:catalogue"), {"q": q})
    assert response.status_code == 200
    assert response.context["filter"].errors["q"]
    assert 'class="form-error-message" id="id_q_error"' in response.content.decode()
    # The export of the same address does not fail either.
    export = client.get(reverse("plans:catalogue"), {"q": q, "export": "csv"})
    assert export.status_code in (200, 403)


def test_search_matches_methods_and_focus_areas(client, world, ishoj_plans):
    """The words are looked for in the initiative's methods and its focus
    area's title too (sub-selects, not joins: no row twice)."""
    from kompetenceplan.plans.models import Initiative

    client.force_login(world.users.viewer)
    initiative = Initiative.objects.filter(methods__isnull=False).first()
    method = initiative.methods.first().name.split()[0]
    found = numbers(client, q=method)
    assert (initiative.plan.slug.split("-")[1], initiative.number) in found
    assert len(found) == len(set(found))
    area = initiative.focus_area.title.split()[-1]
    assert (initiative.plan.slug.split("-")[1], initiative.number) in numbers(client, q=area)


def test_postgres_search_can_use_the_indexes(world, ishoj_plans):
    """The query uses exactly the indexed expressions (migration
    0006_search_indexes): with sequential scans off, the plan of a search
    names the three indexes on the initiatives (the small method and focus
    area tables are left to the planner). The timing is the benchmark's
    (bench/search.py)."""
    from django.db import connection

    from kompetenceplan.core.search import search_terms
    from kompetenceplan.plans.selectors import catalogue, catalogue_search

    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's")
    queryset = catalogue_search(catalogue(user=world.users.viewer), search_terms("sproglige"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    for index in (
        "plans_initiative_search_fts",
        "plans_initiative_search_trgm",
        "plans_initiative_title_trgm",
    ):
        assert index in plan, plan
