"""Allocation services: the overspend refusal and its override, earmarks,
edits, moves and deletes, all logged."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.selectors import source_balance
from kompetenceplan.funding.services import (
    OverspendError,
    allocation_create,
    allocation_delete,
    allocation_update,
)

from .factories import add_purposes, add_share, make_initiative, make_plan, make_source

pytestmark = pytest.mark.django_db

OVER_2025 = (
    "Bevillingen overskrider Puljen (2025: 120.000 kr. bevilget af 100.000 kr.; "
    "i alt: 120.000 kr. bevilget af 100.000 kr.). "
    "En administrator kan godkende overskridelsen med en begrundelse."
)


@pytest.fixture
def setup(world):
    plan = make_plan(world.ishoj)
    initiative = make_initiative(plan, "1.1", responsible_user=world.users.consultant)
    other = make_initiative(plan, "1.2")
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    return plan, initiative, other, source


def allocate(world, initiative, source, amount, year=2025, **kwargs):
    kwargs.setdefault("actor", world.users.admin)
    return allocation_create(
        initiative=initiative, source=source, year=year, amount=D(amount), **kwargs
    )


def entries(action="create"):
    return ChangeLogEntry.objects.filter(content_type__model="allocation", action=action)


def test_overspend_is_refused_with_the_amounts_and_nothing_is_saved(world, setup):
    _plan, initiative, other, source = setup
    allocate(world, initiative, source, 60_000)
    with pytest.raises(OverspendError) as exc:
        allocate(world, other, source, 60_000)
    assert exc.value.messages == [OVER_2025]
    assert Allocation.objects.count() == 1
    assert entries().count() == 1
    assert source_balance(source).total_allocated == D(60_000)


def test_exactly_the_amount_is_allowed(world, setup):
    _plan, initiative, other, source = setup
    allocate(world, initiative, source, 60_000)
    allocate(world, other, source, 40_000)
    assert source_balance(source).total_remaining == D(0)


def test_administrator_override_is_stored_and_logged(world, setup):
    _plan, initiative, other, source = setup
    allocate(world, initiative, source, 60_000)
    allocation = allocate(world, other, source, 60_000, override_reason="  Udvalget har godkendt ")
    assert allocation.override_reason == "Udvalget har godkendt"
    entry = entries().get(object_id=str(allocation.pk))
    assert entry.actor == world.users.admin
    assert entry.note == (
        "Overskridelse godkendt (2025: 120.000 kr. bevilget af 100.000 kr.; "
        "i alt: 120.000 kr. bevilget af 100.000 kr.): Udvalget har godkendt"
    )
    assert entry.after["override_reason"] == "Udvalget har godkendt"


def test_override_reason_without_overspend_is_not_stored(world, setup):
    _plan, initiative, _other, source = setup
    allocation = allocate(
        world, initiative, source, 10_000, override_reason="for en sikkerheds skyld"
    )
    assert allocation.override_reason == ""
    assert entries().get().note == ""


def test_consultant_cannot_override(world, setup):
    _plan, initiative, _other, source = setup
    allocate(world, initiative, source, 60_000)
    with pytest.raises(PermissionDenied, match="Kun en administrator"):
        allocate(
            world,
            initiative,
            source,
            60_000,
            actor=world.users.consultant,
            override_reason="Jeg synes",
        )
    assert Allocation.objects.count() == 1


def test_undated_allocations_count_against_the_total(world, setup):
    _plan, initiative, other, source = setup
    allocate(world, initiative, source, 90_000, year=None)
    with pytest.raises(OverspendError) as exc:
        allocate(world, other, source, 20_000)
    assert exc.value.messages == [
        "Bevillingen overskrider Puljen (i alt: 110.000 kr. bevilget af 100.000 kr.). "
        "En administrator kan godkende overskridelsen med en begrundelse."
    ]


def test_uncapped_source_takes_any_amount(world, setup):
    _plan, initiative, _other, _source = setup
    own = make_source(world.ishoj, "Egne midler", capped=False, kind="municipal")
    allocate(world, initiative, own, 10_000_000)
    allocation_create(
        actor=world.users.admin, initiative=initiative, source=own, year=None, amount=None
    )
    assert Allocation.objects.filter(source=own).count() == 2


def test_allowed_purposes_earmark(world, setup):
    _plan, initiative, _other, _source = setup
    uvm = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    add_purposes(uvm, ["Klasseledelse", "Løbende faglig opdatering"])
    message = (
        "UVM-midler må kun finansiere: Klasseledelse; Løbende faglig opdatering. "
        "Vælg et af formålene."
    )
    for purpose, amount in (("Trivsel", D(50_000)), ("", D(50_000)), ("Trivsel", None)):
        with pytest.raises(ValidationError) as exc:
            allocation_create(
                actor=world.users.admin,
                initiative=initiative,
                source=uvm,
                year=None,
                amount=amount,
                purpose=purpose,
            )
        assert exc.value.messages == [message]
        assert exc.value.code == "earmark"
    allocation = allocation_create(
        actor=world.users.admin,
        initiative=initiative,
        source=uvm,
        year=None,
        amount=D(50_000),
        purpose="Klasseledelse",
    )
    assert allocation.purpose == "Klasseledelse"


def test_max_share_ten_percent_of_a_years_amount(world, setup):
    """Opkvalificeringspuljen: 512.000 kr. a year, at most 10 % (51.200 kr.) of
    it for "Uformel opkvalificering"."""
    _plan, initiative, other, _source = setup
    pool = make_source(world.ishoj, "Opkvalificeringspuljen", yearly={2025: 512_000, 2026: 512_000})
    add_share(pool, "Uformel opkvalificering", 10)
    uformel = "Uformel opkvalificering"
    with pytest.raises(ValidationError) as exc:
        allocate(world, initiative, pool, "51200.01", purpose=uformel)
    assert exc.value.messages == [
        "Højst 10 % af Opkvalificeringspuljen i 2025 må gå til Uformel opkvalificering "
        "(51.200 kr.); med denne bevilling bliver det 51.200,01 kr."
    ]
    allocate(world, initiative, pool, 30_000, purpose=uformel)
    with pytest.raises(ValidationError, match="bliver det 51.201 kr."):
        allocate(world, other, pool, 21_201, purpose=uformel)
    allocate(world, other, pool, 21_200, purpose=uformel)  # exactly 10 %
    allocate(world, other, pool, 400_000, purpose="Meritpædagog")  # other purposes: no share cap
    allocate(world, other, pool, 51_200, year=2026, purpose=uformel)  # a new year
    # Undated: at most 10 % of the total (102.400 kr.), 102.400 kr. already used.
    with pytest.raises(ValidationError) as exc:
        allocate(world, other, pool, 1, year=None, purpose=uformel)
    assert exc.value.messages == [
        "Højst 10 % af Opkvalificeringspuljen i alt må gå til Uformel opkvalificering "
        "(102.400 kr.); med denne bevilling bliver det 102.401 kr."
    ]
    # Administrators cannot override an earmark.
    with pytest.raises(ValidationError):
        allocate(world, other, pool, 1, purpose=uformel, override_reason="Vigtigt")


def test_update_checks_what_the_change_makes_worse(world, setup):
    _plan, initiative, other, source = setup
    first = allocate(world, initiative, source, 60_000)
    second = allocate(world, other, source, 60_000, override_reason="Godkendt af udvalget")
    consultant = world.users.consultant
    # The consultant may edit the note of an allocation in an overspent year ...
    updated = allocation_update(
        actor=consultant, allocation=first, year=2025, amount=D(60_000), note="Hold 1"
    )
    assert updated.note == "Hold 1"
    # ... and reduce it, but not raise it.
    allocation_update(actor=consultant, allocation=first, year=2025, amount=D(50_000))
    with pytest.raises(OverspendError, match=r"2025: 111.000 kr. bevilget af 100.000 kr."):
        allocation_update(actor=consultant, allocation=first, year=2025, amount=D(51_000))
    second.refresh_from_db()
    assert second.override_reason == "Godkendt af udvalget"  # still over: kept
    allocation_update(actor=world.users.admin, allocation=second, year=2025, amount=D(50_000))
    second.refresh_from_db()
    assert second.override_reason == ""  # no longer over: cleared
    log = entries("update").filter(object_id=str(first.pk)).order_by("id")
    assert [(e.before["amount"], e.after["amount"]) for e in log] == [
        ("60000.00", "60000.00"),
        ("60000.00", "50000.00"),
    ]
    assert log[0].after["note"] == "Hold 1"


def test_update_moves_an_allocation_to_another_source(world, setup):
    _plan, initiative, _other, source = setup
    small = make_source(world.ishoj, "Lille pulje", yearly={2025: 10_000})
    allocation = allocate(world, initiative, source, 20_000)
    with pytest.raises(OverspendError, match="Lille pulje"):
        allocation_update(
            actor=world.users.admin,
            allocation=allocation,
            source=small,
            year=2025,
            amount=D(20_000),
        )
    moved = allocation_update(
        actor=world.users.admin, allocation=allocation, source=small, year=2025, amount=D(10_000)
    )
    assert moved.source == small
    entry = entries("update").get(object_id=str(allocation.pk))
    assert (entry.before["source"], entry.after["source"]) == (source.pk, small.pk)
    foreign = make_source(world.horsens, "Horsens-puljen", yearly={2025: 10_000})
    with pytest.raises(ValidationError, match="anden kommune"):
        allocation_update(
            actor=world.users.admin, allocation=moved, source=foreign, year=2025, amount=D(1)
        )


@pytest.mark.parametrize(
    "year,amount,message",
    [
        (2025, D(-1), "Beløbet kan ikke være negativt."),
        (2025, D("1.005"), "Beløbet kan højst have to decimaler (øre)."),
        (2025, D(10) ** 12, "Beløbet er for stort."),
        (1890, D(1), "Året 1890 er ugyldigt."),
    ],
)
def test_invalid_input_is_refused(world, setup, year, amount, message):
    _plan, initiative, _other, source = setup
    with pytest.raises(ValidationError) as exc:
        allocation_create(
            actor=world.users.admin, initiative=initiative, source=source, year=year, amount=amount
        )
    assert exc.value.messages == [message]


def test_source_of_another_municipality_is_refused(world, setup):
    _plan, initiative, _other, _source = setup
    foreign = make_source(world.horsens, "Horsens-puljen", yearly={2025: 10_000})
    with pytest.raises(ValidationError, match="Kilden hører til en anden kommune."):
        allocate(world, initiative, foreign, 1)


def test_delete_is_logged(world, setup):
    _plan, initiative, _other, source = setup
    allocation = allocate(world, initiative, source, 60_000)
    allocation_delete(actor=world.users.admin, allocation=allocation)
    assert not Allocation.objects.exists()
    entry = entries("delete").get()
    assert entry.before["amount"] == "60000.00" and entry.actor == world.users.admin
