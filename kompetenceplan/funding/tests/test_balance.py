"""The pure funding rules of balance.py: caps (compute_balance, new_problems)
and earmarks on one allocation; no database."""

from decimal import Decimal as D

from kompetenceplan.funding.balance import (
    EarmarkRefusal,
    allocation_earmark_refusal,
    compute_balance,
    new_problems,
    share_applies,
)


def balance(capped=True, budgets=(), allocations=()):
    return compute_balance(capped=capped, budgets=list(budgets), allocations=list(allocations))


def test_yearly_cap_per_year_and_total():
    b = balance(
        budgets=[(2025, "", D(100_000)), (2026, "", D(50_000))],
        allocations=[(2025, D(60_000)), (2025, D(50_000)), (2026, D(10_000))],
    )
    assert [(r.year, r.amount, r.allocated, r.remaining) for r in b.rows] == [
        (2025, D(100_000), D(110_000), D(-10_000)),
        (2026, D(50_000), D(10_000), D(40_000)),
    ]
    assert [r.overspent for r in b.rows] == [True, False]
    assert b.problems() == [(2025, D(100_000), D(110_000))]  # total 120.000 <= 150.000
    assert (b.total_amount, b.total_allocated, b.total_remaining) == (
        D(150_000),
        D(120_000),
        D(30_000),
    )
    assert not b.total_overspent


def test_year_without_its_own_amount_has_nothing_when_source_has_yearly_amounts():
    b = balance(budgets=[(2025, "", D(100))], allocations=[(2027, D(1))])
    row = b.rows[-1]
    assert (row.year, row.amount, row.limit, row.remaining, row.overspent) == (
        2027,
        None,
        D(0),
        D(-1),
        True,
    )
    assert b.problems() == [(2027, D(0), D(1))]


def test_undated_allocations_count_against_the_total_only():
    # Opkvalificeringspuljen: 512.000 kr. in 2025 and 2026, 510.000 kr. undated.
    b = balance(
        budgets=[(2025, "", D(512_000)), (2026, "", D(512_000))],
        allocations=[(None, D(50_000)), (None, D(460_000))],
    )
    undated = b.rows[-1]
    assert (undated.year, undated.amount, undated.allocated, undated.limit) == (
        None,
        None,
        D(510_000),
        None,
    )
    assert not undated.overspent and b.problems() == []
    assert b.total_remaining == D(514_000)
    over = balance(
        budgets=[(2025, "", D(512_000)), (2026, "", D(512_000))],
        allocations=[(None, D(600_000)), (2025, D(500_000))],
    )
    assert over.problems() == [(None, D(1_024_000), D(1_100_000))]
    assert over.total_overspent


def test_undated_period_amount_is_the_cap_without_yearly_amounts():
    # UVM-midler: 586.000 kr. for "2024/2025 og 2025/2026".
    b = balance(
        budgets=[(None, "2024/2025 og 2025/2026", D(586_000))],
        allocations=[(None, D(388_000)), (2025, D(100_000))],
    )
    assert [(r.year, r.label, r.amount, r.allocated) for r in b.rows] == [
        (2025, "2025", None, D(100_000)),
        (None, "2024/2025 og 2025/2026", D(586_000), D(388_000)),
    ]
    assert b.rows[0].limit is None  # no yearly amounts: a year is no cap of its own
    assert b.rows[1].limit == D(586_000)
    assert b.problems() == []
    assert b.total_remaining == D(98_000)
    over = balance(
        budgets=[(None, "2024/2025 og 2025/2026", D(586_000))],
        allocations=[(None, D(500_000)), (2025, D(100_000))],
    )
    assert over.problems() == [(None, D(586_000), D(600_000))]


def test_several_undated_periods_are_one_row():
    b = balance(budgets=[(None, "2024/2025", D(158_000)), (None, "2025/2026", D(168_000))])
    assert [(r.label, r.amount, r.allocated) for r in b.rows] == [
        ("2024/2025 + 2025/2026", D(326_000), D(0))
    ]


def test_uncapped_source_never_overspends():
    b = balance(capped=False, allocations=[(2025, D(1_000_000)), (None, D(12_500)), (None, None)])
    assert b.problems() == [] and not b.total_overspent
    assert all(r.remaining is None and not r.overspent for r in b.rows)
    assert b.total_amount is None and b.total_remaining is None
    assert b.total_allocated == D(1_012_500)


def test_capped_source_without_amounts_has_nothing_to_allocate():
    b = balance(allocations=[(None, D(1))])
    assert b.problems() == [(None, D(0), D(1))]
    assert balance(allocations=[(None, None)]).problems() == []  # no amount, no spend


def test_new_problems_only_counts_what_gets_worse():
    budgets = [(2025, "", D(100_000))]
    already = balance(budgets=budgets, allocations=[(2025, D(150_000))])
    reduced = balance(budgets=budgets, allocations=[(2025, D(120_000))])
    assert reduced.problems()  # still over ...
    assert new_problems(already, reduced) == []  # ... but not worse
    worse = balance(budgets=budgets, allocations=[(2025, D(150_000)), (2025, D(1))])
    assert new_problems(already, worse) == [
        (2025, D(100_000), D(150_001)),
        (None, D(100_000), D(150_001)),
    ]
    fine = balance(budgets=budgets, allocations=[(2025, D(40_000))])
    assert new_problems(fine, balance(budgets=budgets, allocations=[(2025, D(100_000))])) == []


# --- Earmarks on one allocation (allocation_earmark_refusal) ------------------------------------

LIST = {
    "kind": "allowed_purposes",
    "purposes": ["Klasseledelse", "IT"],
    "purpose": "",
    "percent": None,
}
SHARE = {"kind": "max_share", "purposes": [], "purpose": "IT", "percent": D("10")}
YEARLY = [(2025, "2025", D(100_000)), (2026, "2026", D(50_000))]


def refusal(earmarks, *, budgets=YEARLY, used=(), year=2025, amount=D(1), purpose="IT"):
    return allocation_earmark_refusal(
        earmarks=earmarks,
        budgets=budgets,
        used=list(used),
        year=year,
        amount=amount,
        purpose=purpose,
    )


def test_allowed_purposes_refuse_a_purpose_not_listed_with_or_without_amount():
    assert refusal([LIST], purpose="Klasseledelse") is None
    for amount in (D(1), None):
        assert refusal([LIST], purpose="Trivsel", amount=amount) == EarmarkRefusal(
            "allowed_purposes", purposes=("Klasseledelse", "IT")
        )
    assert refusal([{**LIST, "purposes": []}], purpose="Trivsel") is None


def test_max_share_per_year_then_in_total():
    # 10 % of 2025's 100.000 kr. = 10.000 kr.; 6.000 kr. already used in 2025.
    used = [(2025, D(6_000)), (2026, D(4_000)), (None, None)]
    assert refusal([SHARE], used=used, amount=D(4_000)) is None
    assert refusal([SHARE], used=used, amount=D("4000.01")) == EarmarkRefusal(
        "max_share", year=2025, purpose="IT", percent=D(10), limit=D(10_000), total=D("10000.01")
    )
    # Undated: only the total (10 % of 150.000 kr. = 15.000 kr.; 10.000 kr. used).
    assert refusal([SHARE], used=used, year=None, amount=D(5_000)) is None
    assert refusal([SHARE], used=used, year=None, amount=D(5_001)) == EarmarkRefusal(
        "max_share", year=None, purpose="IT", percent=D(10), limit=D(15_000), total=D(15_001)
    )


def test_max_share_does_not_bear_on_other_purposes_no_amount_or_no_budgets():
    assert not share_applies([SHARE], purpose="Trivsel", amount=D(1))
    assert not share_applies([SHARE], purpose="IT", amount=None)
    assert share_applies([LIST, SHARE], purpose="IT", amount=D(1))
    assert refusal([SHARE], amount=D(10**6), purpose="Trivsel") is None
    assert refusal([SHARE], amount=D(10**6), budgets=[]) is None


def test_period_amounts_make_only_a_total_share():
    periods = [(None, "2024/2025", D(200_000))]
    assert refusal([SHARE], budgets=periods, year=2025, amount=D(20_000)) is None
    assert refusal([SHARE], budgets=periods, year=2025, amount=D(20_001)).year is None


def test_first_broken_earmark_in_order_wins():
    assert refusal([LIST, SHARE], purpose="Trivsel").rule == "allowed_purposes"
    assert refusal([SHARE, LIST], amount=D(10**6)).rule == "max_share"
