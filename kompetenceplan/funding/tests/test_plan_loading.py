"""The transcribed plans load completely, exactly and idempotently."""

from collections import defaultdict
from decimal import Decimal

import pytest

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.models import Allocation, FundingBudget, FundingSource
from kompetenceplan.funding.plan_loading import plan_document_load
from kompetenceplan.plans.models import Initiative
from kompetenceplan.testing.plans import load_plan_file, plan_data

pytestmark = pytest.mark.django_db


UVM = "Statsligt tilskud til kompetenceudvikling (UVM-midler)"
BUDGET24 = "Investeringsprojektet i Budget 2024 (Stærke Fællesskaber)"
PAKKEN = "Rekrutterings- og fastholdelsespakken"


def totals(plan):
    result = defaultdict(Decimal)
    for a in Allocation.objects.filter(initiative__plan=plan, amount__isnull=False).select_related(
        "source"
    ):
        result[(a.source.name, a.year)] += a.amount
    return dict(result)


def test_school_plan_structure_and_money(ishoj_plans):
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    assert plan.period_label == "2024/25–2025/26"
    assert plan.calendar_years == [2024, 2025, 2026]
    assert [a.title for a in plan.focus_areas.all()] == [
        "Stærke Fællesskaber",
        "Høj faglig kvalitet i skolen",
    ]
    assert list(plan.initiatives.values_list("number", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "2.7",
        "2.8",
    ]
    assert totals(plan) == {
        (UVM, None): Decimal("388000"),  # 50.000 + 100.000 + 50.000 + 88.000 + 100.000
        (BUDGET24, None): Decimal("150000"),  # 1.4 Ledelse af stærke fællesskaber
        ("Flere hænder i PPR", None): Decimal("150000"),  # 1.5
    }
    first = plan.initiatives.get(number="1.1")
    assert first.time_text == "Tidsforbrug ikke fastlagt."
    assert [(a.source.name, a.year, a.amount) for a in first.allocations.all()] == [
        ("Inden for eksisterende ressourcer", None, None)
    ]
    uvm = FundingSource.objects.get(municipality=plan.municipality, name=UVM)
    assert [(b.year, b.label, b.amount) for b in uvm.budgets.all()] == [
        (None, "2024/2025 og 2025/2026", Decimal("586000.00"))
    ]
    assert uvm.earmarks.get().purposes[0] == "Linjefagskompetence"


def test_daycare_plan_money_matches_the_document(ishoj_plans):
    plan = ishoj_plans["ishoj-dagtilbud-2024-2026"]
    assert totals(plan) == {
        # 1.3: 50.000 kr. in each of 2024-2026; 2.2: 460.000 kr. in each of 2024-2027
        ("Opkvalificeringspuljen", 2024): Decimal("510000"),
        ("Opkvalificeringspuljen", 2025): Decimal("510000"),
        ("Opkvalificeringspuljen", 2026): Decimal("510000"),
        ("Opkvalificeringspuljen", 2027): Decimal("460000"),
        (BUDGET24, 2025): Decimal("150000"),
        (PAKKEN, 2025): Decimal("400000"),
        (PAKKEN, 2026): Decimal("400000"),
        (PAKKEN, 2027): Decimal("400000"),
        (PAKKEN, 2028): Decimal("400000"),
        ("Bevilling til netværk for sprogpædagoger", None): Decimal("12500"),
    }
    pakken = FundingSource.objects.get(municipality=plan.municipality, name=PAKKEN)
    assert {b.year: b.amount for b in FundingBudget.objects.filter(source=pakken)} == {
        2025: Decimal("1165000"),
        2026: Decimal("1825000"),
        2027: Decimal("1495000"),
        2028: Decimal("1495000"),
    }
    pool = FundingSource.objects.get(municipality=plan.municipality, name="Opkvalificeringspuljen")
    rule = pool.earmarks.get()
    assert (rule.kind, rule.purpose, rule.percent) == (
        "max_share",
        "Uformel opkvalificering",
        Decimal("10"),
    )


def test_shared_sources_are_one_row_across_plans(ishoj_plans):
    municipality = ishoj_plans["ishoj-skole-2024-2026"].municipality
    assert FundingSource.objects.filter(municipality=municipality, name=BUDGET24).count() == 1
    assert not FundingSource.objects.get(municipality=municipality, name=BUDGET24).capped


def test_loading_twice_changes_nothing(ishoj_plans):
    before = (
        Initiative.objects.count(),
        Allocation.objects.count(),
        ChangeLogEntry.objects.count(),
    )
    plan, changed = plan_document_load(actor=None, data=plan_data("ishoj-skole-2024-2026"))
    assert changed is False
    assert before == (
        Initiative.objects.count(),
        Allocation.objects.count(),
        ChangeLogEntry.objects.count(),
    )


def test_changed_file_updates_in_place(ishoj_plans):
    data = plan_data("ishoj-skole-2024-2026")
    initiative_id = ishoj_plans["ishoj-skole-2024-2026"].initiatives.get(number="2.1").pk
    item = next(i for i in data["initiatives"] if i["number"] == "2.1")
    item["title"] = "Sproglig udvikling i alle fag"
    item["funding"][0]["amount_dkk"] = 60000
    plan, changed = plan_document_load(actor=None, data=data)
    assert changed is True
    updated = plan.initiatives.get(number="2.1")
    assert (updated.pk, updated.title) == (initiative_id, "Sproglig udvikling i alle fag")
    assert totals(plan)[(UVM, None)] == Decimal("398000")


def test_horsens_and_viborg(all_plans):
    horsens = all_plans["horsens-strategi-2017"]
    assert horsens.beacons.count() == 11
    assert sorted(set(horsens.beacons.values_list("level", flat=True))) == [
        "administration",
        "pedagogical_leadership",
        "staff",
    ]
    assert horsens.principles.count() == 6
    viborg = all_plans["viborg-skole-2014-2020"]
    assert viborg.initiatives.count() == 11
    assert list(viborg.initiatives.values_list("number", flat=True))[-3:] == ["9", "10", "11"]
    assert all(i.status_note for i in viborg.initiatives.all())


# --- Vocabulary: nothing the plan names is dropped --------------------------------------------

VEJLEDERE = [
    "AKT-vejleder",
    "DSA-vejleder",
    "IT-vejleder",
    "Inklusionsvejleder",
    "Læsevejleder",
    "Matematikvejleder",
    "Naturfagsvejleder",
    "PLC-vejleder",
    "Talentvejleder",
]


def names(related) -> list[str]:
    return sorted(o.name for o in related.all())


def test_school_plan_target_groups_keep_every_word(ishoj_plans):
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    by_number = {i.number: i for i in plan.initiatives.all()}
    resources = by_number["1.5"]
    assert names(resources.target_roles) == ["Psykolog", "Tale-høre-konsulent"]
    assert names(resources.target_functions) == sorted([*VEJLEDERE, "Ressourceperson"])
    assert names(by_number["1.6"].target_roles) == [
        "Lærer",
        "Psykolog",
        "Pædagog",
        "Tale-høre-konsulent",
    ]
    assert names(by_number["1.6"].target_functions) == ["Ressourceperson"]
    assert names(by_number["2.1"].target_functions) == VEJLEDERE
    assert names(by_number["2.4"].target_roles) == ["Afdelingsleder", "Børnehaveklasseleder"]
    assert names(by_number["2.5"].target_roles) == ["SFO-koordinator", "SFO-leder", "Skoleleder"]
    science = by_number["2.6"]
    assert names(science.target_institutions) == [
        "Gildbroskolen",
        "Ishøj Skole",
        "Strandgårdskolen",
        "Vejlebroskolen",
    ]
    assert names(science.target_functions) == ["Ressourceperson"]


def test_daycare_plan_names_pau_and_dagplejer(ishoj_plans):
    icdp = ishoj_plans["ishoj-dagtilbud-2024-2026"].initiatives.get(number="1.3")
    assert names(icdp.target_roles) == [
        "Dagplejer",
        "Dagtilbudsleder",
        "PAU",
        "Pædagog",
        "Pædagogisk leder",
        "Pædagogmedhjælper",
    ]


def test_viborg_resource_persons_are_kept(all_plans):
    viborg = all_plans["viborg-skole-2014-2020"]
    assert list(
        viborg.initiatives.filter(target_functions__name="Ressourceperson")
        .order_by("sort_key")
        .values_list("number", flat=True)
    ) == ["2", "4", "9", "10"]


def state() -> tuple:
    from kompetenceplan.funding.models import Earmark
    from kompetenceplan.plans.models import Plan

    return (
        Plan.objects.count(),
        Initiative.objects.count(),
        FundingSource.objects.count(),
        FundingBudget.objects.count(),
        Earmark.objects.count(),
        Allocation.objects.count(),
        ChangeLogEntry.objects.count(),
    )


def test_unknown_words_are_refused_with_file_initiative_and_word(world, tmp_path):
    import yaml
    from django.core.management import CommandError, call_command

    data = plan_data("ishoj-skole-2024-2026")
    item = next(i for i in data["initiatives"] if i["number"] == "1.5")
    item["target_group"]["roles"].append("skolepsykolog")
    science = next(i for i in data["initiatives"] if i["number"] == "2.6")
    science["target_group"]["institutions"].append("Vibeholmskolen")
    science["funding"].append({"source": "Ukendt pulje", "year": None, "amount_dkk": 1000})
    path = tmp_path / "ishoj-skole-test.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = state()
    with pytest.raises(CommandError) as error:
        call_command("load_plan", str(path))
    assert str(error.value).split("\n") == [
        "ishoj-skole-test.yaml, indsats 1.5: stillingen “skolepsykolog” kendes ikke.",
        "ishoj-skole-test.yaml, indsats 2.6: institutionen “Gildbroskolen” kendes ikke.",
        "ishoj-skole-test.yaml, indsats 2.6: institutionen “Ishøj Skole” kendes ikke.",
        "ishoj-skole-test.yaml, indsats 2.6: institutionen “Strandgårdskolen” kendes ikke.",
        "ishoj-skole-test.yaml, indsats 2.6: institutionen “Vejlebroskolen” kendes ikke.",
        "ishoj-skole-test.yaml, indsats 2.6: institutionen “Vibeholmskolen” kendes ikke.",
        "ishoj-skole-test.yaml, indsats 2.6: kilden “Ukendt pulje” kendes ikke.",
    ]
    assert state() == before


def test_a_reload_with_an_unknown_role_changes_nothing(ishoj_plans):
    from django.core.exceptions import ValidationError

    data = plan_data("ishoj-skole-2024-2026")
    data["title"] = "Ny titel"
    data["initiatives"][0]["target_group"]["roles"] = ["lærer", "Lærerinde"]
    before = state()
    with pytest.raises(ValidationError) as error:
        plan_document_load(actor=None, data=data, file_name="skole.yaml")
    assert error.value.messages == ["skole.yaml, indsats 1.1: stillingen “Lærerinde” kendes ikke."]
    assert state() == before
    assert ishoj_plans["ishoj-skole-2024-2026"].title != "Ny titel"


# --- Reloading and copying: every row logged, no allocation dropped ---------------------------


def log_counts(entries=None) -> dict:
    from collections import Counter

    entries = ChangeLogEntry.objects.all() if entries is None else entries
    return dict(Counter((e.content_type.model, e.action) for e in entries))


def test_first_load_logs_every_row_it_creates(world):
    load_plan_file("ishoj-skole-2024-2026")
    assert log_counts() == {
        ("plan", "import"): 1,
        ("policy", "create"): 5,
        ("plansection", "create"): 7,
        ("principle", "create"): 4,
        ("focusarea", "create"): 2,
        ("initiative", "import"): 14,
        ("method", "create"): 23,
        ("fundingsource", "create"): 8,
        ("fundingbudget", "create"): 3,
        ("earmark", "create"): 1,
        ("allocation", "create"): 19,
        ("network", "create"): 14,  # the plan's networks (networks/plan_networks.py)
    }
    assert not ChangeLogEntry.objects.filter(municipality__isnull=True).exists()


def related_counts(entries=None) -> dict:
    """{(model, parent model): entries} (parent None when the entry names none)."""
    from collections import Counter

    entries = ChangeLogEntry.objects.all() if entries is None else entries
    return dict(
        Counter(
            (e.content_type.model, e.related_content_type.model if e.related_content_type else None)
            for e in entries.select_related("content_type", "related_content_type")
        )
    )


def test_first_load_names_every_rows_parent(world):
    """Plan parts name their plan, allocations their initiative, amounts and
    earmarks their source; the municipality's own rows (policies, sources)
    and the shared methods have no parent."""
    plan = load_plan_file("ishoj-skole-2024-2026")
    assert related_counts() == {
        ("plan", None): 1,
        ("policy", None): 5,
        ("plansection", "plan"): 7,
        ("principle", "plan"): 4,
        ("focusarea", "plan"): 2,
        ("initiative", "plan"): 14,
        ("method", None): 23,
        ("fundingsource", None): 8,
        ("fundingbudget", "fundingsource"): 3,
        ("earmark", "fundingsource"): 1,
        ("allocation", "initiative"): 19,
        ("network", "plan"): 14,
    }
    children = ChangeLogEntry.objects.filter(related_content_type__model="plan")
    assert set(children.values_list("related_object_id", "related_repr")) == {
        (str(plan.pk), str(plan))
    }
    initiative = plan.initiatives.get(number="1.5")
    assert list(
        ChangeLogEntry.objects.filter(content_type__model="allocation")
        .filter(related_object_id=str(initiative.pk))
        .values_list("related_repr", flat=True)
    ) == [str(initiative)]


def test_reload_without_an_initiative_logs_what_it_deletes(ishoj_plans):
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    gone = plan.initiatives.get(number="2.8")
    allocation = gone.allocations.get()
    data = plan_data("ishoj-skole-2024-2026")
    data["initiatives"] = [i for i in data["initiatives"] if i["number"] != "2.8"]
    data["sections"] = data["sections"][:6]
    mark = ChangeLogEntry.objects.order_by("-pk").first().pk
    _plan, changed = plan_document_load(actor=None, data=data)
    assert changed is True
    new = ChangeLogEntry.objects.filter(pk__gt=mark)
    assert log_counts(new) == {
        ("allocation", "delete"): 1,
        ("initiative", "delete"): 1,
        ("plansection", "delete"): 7,
        ("plansection", "create"): 6,
        ("plan", "import"): 1,
    }
    assert new.get(action="delete", object_id=str(allocation.pk)).before["amount"] == "100000.00"
    assert new.get(content_type__model="initiative", action="delete").before["number"] == "2.8"
    assert not Initiative.objects.filter(pk=gone.pk).exists()
    # Every deleted and created row names its parent: the plan's history keeps them.
    assert related_counts(new) == {
        ("allocation", "initiative"): 1,
        ("initiative", "plan"): 1,
        ("plansection", "plan"): 13,
        ("plan", None): 1,
    }
    assert new.get(content_type__model="allocation").related_object_id == str(gone.pk)


def test_reload_never_drops_a_users_allocation(ishoj_plans):
    from django.core.exceptions import ValidationError

    from kompetenceplan.funding.services import allocation_create

    plan = ishoj_plans["ishoj-skole-2024-2026"]
    municipality = plan.municipality
    uvm = FundingSource.objects.get(municipality=municipality, name=UVM)
    own = FundingSource.objects.get(municipality=municipality, name="Flere hænder i PPR")
    target = plan.initiatives.get(number="2.8")
    allocation_create(
        actor=None,
        initiative=target,
        source=uvm,
        year=None,
        amount=Decimal(10000),
        purpose="Løbende faglig opdatering",
    )
    allocation_create(actor=None, initiative=target, source=own, year=2025, amount=None)
    data = plan_data("ishoj-skole-2024-2026")
    data["initiatives"] = [i for i in data["initiatives"] if i["number"] != "2.8"]
    before = state()
    with pytest.raises(ValidationError) as error:
        plan_document_load(actor=None, data=data, file_name="skole.yaml")
    assert error.value.messages == [
        "skole.yaml: planen kan ikke genindlæses, fordi indsatser, som filen ikke længere har, "
        "har bevillinger (flyt eller slet dem først): indsats 2.8, Statsligt tilskud til "
        "kompetenceudvikling (UVM-midler), uden år, 10.000 kr.; indsats 2.8, Flere hænder i "
        "PPR, 2025, uden beløb"
    ]
    assert state() == before


def test_the_structure_loader_alone_refuses_to_cascade_into_allocations(ishoj_plans):
    from django.core.exceptions import ValidationError

    from kompetenceplan.plans.services import plan_load

    data = plan_data("ishoj-skole-2024-2026")
    data["initiatives"] = [i for i in data["initiatives"] if i["number"] != "2.8"]
    before = state()
    with pytest.raises(ValidationError) as error:
        plan_load(actor=None, data=data)
    assert error.value.messages == [
        "Planen kan ikke genindlæses: indsatser, som datafilen ikke længere har, har rækker, "
        "der ville blive slettet med dem: 2.8: Statsligt tilskud til kompetenceudvikling "
        "(UVM-midler)."
    ]
    assert state() == before


def test_plan_copy_logs_every_object_it_creates(ishoj_plans, world):
    from kompetenceplan.plans.services import plan_copy

    mark = ChangeLogEntry.objects.order_by("-pk").first().pk
    copy = plan_copy(
        actor=world.users.admin,
        plan=ishoj_plans["ishoj-skole-2024-2026"],
        slug="ishoj-skole-2026-2028",
        title="Kopi",
        period_start=2026,
        period_end=2027,
    )
    new = ChangeLogEntry.objects.filter(pk__gt=mark)
    assert log_counts(new) == {
        ("plan", "create"): 1,
        ("plansection", "create"): 7,
        ("principle", "create"): 4,
        ("focusarea", "create"): 2,
        ("initiative", "create"): 14,
    }
    assert {e.note for e in new} == {
        "Kopieret fra Strategisk kompetenceudviklingsplan – skoleområdet 2024/2025 og 2025/2026"
    }
    assert {e.actor for e in new} == {world.users.admin}
    assert set(
        new.filter(content_type__model="initiative").values_list("object_id", flat=True)
    ) == {str(pk) for pk in copy.initiatives.values_list("pk", flat=True)}
    assert not Allocation.objects.filter(initiative__plan=copy).exists()
    # The copied parts name the new plan, so its history shows them.
    assert related_counts(new) == {
        ("plan", None): 1,
        ("plansection", "plan"): 7,
        ("principle", "plan"): 4,
        ("focusarea", "plan"): 2,
        ("initiative", "plan"): 14,
    }
    assert set(
        new.exclude(content_type__model="plan").values_list("related_object_id", flat=True)
    ) == {str(copy.pk)}
