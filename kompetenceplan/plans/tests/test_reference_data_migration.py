"""The data migration that gives methods and resource functions their
municipality (plans.0004_reference_data_per_municipality, ADR 0013): an
existing database with shared rows keeps every link, each municipality
getting its own copy of what it uses."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0003_method_municipality"),
    ("organisation", "0003_resourcefunction_municipality"),
]
AFTER = [
    ("plans", "0005_method_municipality_required"),
    ("organisation", "0004_resourcefunction_municipality_required"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_shared_rows_are_split_per_municipality_and_back():
    apps = _migrate(BEFORE)
    try:
        _check_split(apps)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _check_split(apps):
    Municipality = apps.get_model("core", "Municipality")
    Person = apps.get_model("organisation", "Person")
    ResourceFunction = apps.get_model("organisation", "ResourceFunction")
    Plan = apps.get_model("plans", "Plan")
    Initiative = apps.get_model("plans", "Initiative")
    Method = apps.get_model("plans", "Method")
    ishoj = Municipality.objects.create(code="183", name="Ishøj")
    horsens = Municipality.objects.create(code="615", name="Horsens")
    viborg = Municipality.objects.create(code="791", name="Viborg")
    reading = ResourceFunction.objects.create(name="Læsevejleder", sector="school")
    icdp = ResourceFunction.objects.create(name="ICDP-træner", sector="daycare")
    ResourceFunction.objects.create(name="Ubrugt", sector="school")
    coteaching = Method.objects.create(name="Co-teaching")
    network = Method.objects.create(name="netværk")
    Method.objects.create(name="Ubrugt metode")

    def plan(municipality):
        return Plan.objects.create(
            municipality=municipality,
            slug="p",
            title="P",
            sectors=["school"],
            period_kind="calendar_years",
            period_start=2024,
        )

    def initiative(plan, methods, functions):
        row = Initiative.objects.create(plan=plan, number="1", sort_key="0001", title="I")
        row.methods.set(methods)
        row.target_functions.set(functions)
        return row

    i_ishoj = initiative(plan(ishoj), [coteaching, network], [reading])
    i_viborg = initiative(plan(viborg), [network], [reading])
    anne = Person.objects.create(
        municipality=ishoj, employee_number="1", first_name="Anne", last_name="A"
    )
    dorte = Person.objects.create(
        municipality=horsens, employee_number="1", first_name="Dorte", last_name="D"
    )
    anne.resource_functions.set([reading, icdp])
    dorte.resource_functions.set([icdp])

    apps = _migrate(AFTER)
    ResourceFunction = apps.get_model("organisation", "ResourceFunction")
    Method = apps.get_model("plans", "Method")
    Person = apps.get_model("organisation", "Person")
    Initiative = apps.get_model("plans", "Initiative")

    def names(queryset):
        return sorted(queryset.values_list("name", flat=True))

    # A common function goes to every municipality; ICDP to those whose people
    # hold it; an unused function that is not common to nobody.
    assert sorted(
        ResourceFunction.objects.filter(name="Læsevejleder").values_list("municipality", flat=True)
    ) == sorted([ishoj.pk, horsens.pk, viborg.pk])
    assert sorted(
        ResourceFunction.objects.filter(name="ICDP-træner").values_list("municipality", flat=True)
    ) == sorted([ishoj.pk, horsens.pk])
    assert not ResourceFunction.objects.filter(name="Ubrugt").exists()
    assert not Method.objects.filter(name="Ubrugt metode").exists()
    # Every link now points at its own municipality's row, none lost.
    for person in Person.objects.all():
        assert {f.municipality_id for f in person.resource_functions.all()} == {
            person.municipality_id
        }
    assert names(Person.objects.get(pk=anne.pk).resource_functions) == [
        "ICDP-træner",
        "Læsevejleder",
    ]
    assert names(Person.objects.get(pk=dorte.pk).resource_functions) == ["ICDP-træner"]
    for row in Initiative.objects.select_related("plan"):
        for related in (*row.methods.all(), *row.target_functions.all()):
            assert related.municipality_id == row.plan.municipality_id
    assert names(Initiative.objects.get(pk=i_ishoj.pk).methods) == ["Co-teaching", "netværk"]
    assert names(Initiative.objects.get(pk=i_viborg.pk).methods) == ["netværk"]
    assert names(Initiative.objects.get(pk=i_viborg.pk).target_functions) == ["Læsevejleder"]
    assert Method.objects.filter(name="netværk").count() == 2

    # Reversible: the copies merge back into one shared row per name, links kept.
    apps = _migrate(BEFORE)
    ResourceFunction = apps.get_model("organisation", "ResourceFunction")
    Method = apps.get_model("plans", "Method")
    Person = apps.get_model("organisation", "Person")
    Initiative = apps.get_model("plans", "Initiative")
    assert ResourceFunction.objects.filter(name="Læsevejleder").count() == 1
    assert Method.objects.filter(name="netværk").count() == 1
    assert names(Person.objects.get(pk=anne.pk).resource_functions) == [
        "ICDP-træner",
        "Læsevejleder",
    ]
    assert names(Initiative.objects.get(pk=i_viborg.pk).methods) == ["netværk"]
