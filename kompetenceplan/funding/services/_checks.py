"""Writes to funding. Money changes under a row lock on the funding source, so
two simultaneous allocations can never together overspend it.

Rules (the arithmetic is in :mod:`.balance`):

- An allocation that takes a capped source over its amount for a year, or over
  its total, is refused with :class:`OverspendError` (a Danish message with the
  amounts) unless an administrator gives an override reason. The approval is
  stored on the allocation and written to the change log's note. Anyone else
  who gives a reason gets ``PermissionDenied``. Only what a change makes worse
  is refused: reducing an allocation in a period that is already over its cap,
  or editing its note, is allowed.
- Earmarks: an *allowed purposes* earmark means every allocation from the
  source must name one of the purposes (with or without an amount). A *max
  share* earmark caps one purpose at N % of the source's amount for the
  allocation's year (when the source has yearly amounts) and at N % of its
  total. Earmarks cannot be overridden.
- An allocation may be moved to another source of the same municipality; both
  sources are locked (in id order, so two such moves cannot deadlock).
- Sources, their amounts and earmarks (administrators): a source's name is
  unique in its municipality (case-insensitively). Lowering, moving or
  deleting an amount, or turning ``capped`` on, so that the existing
  allocations exceed a cap is refused with :class:`OverspendError` (the
  figures in Danish) unless an administrator gives an override reason, which
  is written to the change log's note. A new or changed earmark, or a changed
  amount, that existing allocations would break is refused with the
  allocations named (no override). Deleting an earmark only loosens the rules
  and is never refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import cast, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kompetenceplan.core.choices import Role
from kompetenceplan.core.errors import combine
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula, check_year
from kompetenceplan.plans.models import Initiative

from ..balance import (
    ZERO,
    AllocationLine,
    Balance,
    EarmarkBreach,
    EarmarkState,
    Problem,
    allocation_earmark_refusal,
    breaches_made_worse,
    compute_balance,
    earmark_breaches,
    new_problems,
    problems_from_new_caps,
    share_applies,
)
from ..choices import EarmarkKind, SourceKind
from ..errors import FundingError
from ..models import MONEY, Allocation, Earmark, FundingBudget, FundingSource

MAX_AMOUNT = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])


class OverspendError(ValidationError):
    """The allocation would take a source over its amount; needs an override."""


def _kr(amount: Decimal) -> str:
    from kompetenceplan.core.formatting import kr

    return kr(amount)


def _check_earmarks(
    source: FundingSource,
    *,
    year: int | None,
    amount: Decimal | None,
    purpose: str,
    exclude_id: int | None,
) -> None:
    """Refuse an allocation that breaks one of the source's earmarks (the rule
    is :func:`..balance.allocation_earmark_refusal`)."""
    earmarks = [_earmark_state(e) for e in Earmark.objects.filter(source=source)]
    budgets: list[tuple[int | None, str, Decimal]] = []
    used: list[tuple[int | None, Decimal | None]] = []
    if share_applies(earmarks, purpose=purpose, amount=amount):
        budgets = _budget_rows(source.budgets.all())
        used = list(
            source.allocations.filter(purpose=purpose)
            .exclude(pk=cast(int, exclude_id))  # pk=None excludes nothing
            .values_list("year", "amount")
        )
    refusal = allocation_earmark_refusal(
        earmarks=earmarks, budgets=budgets, used=used, year=year, amount=amount, purpose=purpose
    )
    if refusal is None:
        return
    if refusal.rule == EarmarkKind.ALLOWED_PURPOSES:
        raise FundingError.EARMARK.error(source=source.name, purposes="; ".join(refusal.purposes))
    code = (
        FundingError.EARMARK_SHARE_YEAR if refusal.year is not None else FundingError.EARMARK_SHARE
    )
    assert refusal.percent is not None  # a share refusal has its percent
    raise code.error(
        percent=_percent(refusal.percent),
        source=source.name,
        year=refusal.year,
        purpose=refusal.purpose,
        limit=_kr(refusal.limit or ZERO),
        total=_kr(refusal.total or ZERO),
    )


def _percent(value: Decimal | int | str) -> str:
    """Decimal('10.00') -> '10', Decimal('12.50') -> '12,5' (Danish decimal comma)."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _cap_details(problems: list[Problem]) -> str:
    """'2025: 120.000 kr. bevilget af 100.000 kr.; i alt: ...' (the figures in Danish)."""
    return "; ".join(
        _("%(period)s: %(allocated)s bevilget af %(amount)s")
        % {
            "period": year_ if year_ is not None else _("i alt"),
            "allocated": _kr(allocated),
            "amount": _kr(cap),
        }
        for year_, cap, allocated in problems
    )


def _approve_overspend(
    problems: list[Problem],
    *,
    actor: Actor,
    override_reason: str,
    refusal: FundingError,
    source: FundingSource,
) -> str:
    """Raise OverspendError (``refusal`` with the source and the figures) unless
    there are no ``problems`` or an administrator gives a reason. Returns the
    note to log ('' when no override was needed)."""
    if not problems:
        return ""
    details = _cap_details(problems)
    if not override_reason.strip():
        raise refusal.error(cls=OverspendError, source=source.name, details=details)
    if actor is not None and getattr(actor, "role", None) != Role.ADMINISTRATOR:
        raise PermissionDenied(_("Kun en administrator kan godkende en overskridelse."))
    return _("Overskridelse godkendt (%(details)s): %(reason)s") % {
        "details": details,
        "reason": override_reason.strip(),
    }


def _check_balance(
    source: FundingSource,
    *,
    before: Balance,
    after: Balance,
    actor: Actor,
    override_reason: str,
) -> str:
    """Raise OverspendError unless the change makes no cap worse or an
    administrator overrides. Returns the note to log ('' when no override was
    needed)."""
    return _approve_overspend(
        new_problems(before, after),
        actor=actor,
        override_reason=override_reason,
        source=source,
        refusal=FundingError.OVERSPEND,
    )


def _validate(
    *,
    source: FundingSource,
    initiative: Initiative,
    year: int | None,
    amount: Decimal | None,
) -> None:
    if source.municipality_id != initiative.plan.municipality_id:
        raise FundingError.MUNICIPALITY.error()
    if amount is not None:
        _check_amount(amount)
    _check_year(year)


def _check_amount(amount: Decimal) -> None:
    if not amount.is_finite():
        raise FundingError.AMOUNT.error()
    if amount < 0:
        raise FundingError.AMOUNT_NEGATIVE.error()
    if amount >= MAX_AMOUNT:
        raise FundingError.AMOUNT_TOO_LARGE.error()
    if amount != amount.quantize(Decimal("0.01")):
        raise FundingError.AMOUNT_CENTS.error()


def _check_year(year: int | None) -> None:
    check_year(year, field="year")


@overload
def _cents(amount: Decimal) -> Decimal: ...
@overload
def _cents(amount: None) -> None: ...
@overload
def _cents(amount: Decimal | None) -> Decimal | None: ...
def _cents(amount: Decimal | None) -> Decimal | None:
    """Store and log amounts as the database holds them (two decimals)."""
    return None if amount is None else amount.quantize(Decimal("0.01"))


# --- Sources, their amounts and earmarks (administrators) ------------------------------------
#
# Every write locks the source row first, so it serialises with the allocations
# of the source: an amount cannot be lowered while an allocation that needs it
# is being made. A change is refused only for what it makes worse (see
# balance.problems_from_new_caps and balance.breaches_made_worse).


def _lock_source(pk: int) -> FundingSource:
    return FundingSource.objects.select_for_update().get(pk=pk)


def _source_name(name: object) -> str:
    name = str(name or "").strip()
    if not name:
        raise FundingError.NAME_REQUIRED.error()
    max_length = FundingSource._meta.get_field("name").max_length
    assert max_length is not None
    if len(name) > max_length:
        raise FundingError.NAME_TOO_LONG.error(max=max_length)
    check_no_formula(name, field="name")
    return name


def _check_name_free(municipality_id: int, name: str, *, exclude_id: int | None = None) -> None:
    """Names are compared case-insensitively, also beyond ASCII ('Øvrige' and
    'øvrige'), which SQLite's LIKE would miss; a municipality has few sources."""
    taken = (
        FundingSource.objects.filter(municipality_id=municipality_id)
        .exclude(pk=cast(int, exclude_id))  # pk=None excludes nothing
        .values_list("name", flat=True)
    )
    if any(other.casefold() == name.casefold() for other in taken):
        raise _duplicate_name(name)


def _duplicate_name(name: str) -> ValidationError:
    return FundingError.NAME_TAKEN.error(name=name)


def _check_kind(kind: str) -> None:
    if kind not in SourceKind.values:
        raise FundingError.KIND.error()


def _allocations_of(source: FundingSource) -> list[Allocation]:
    """Every allocation of the source, with initiative and plan (for messages)."""
    return list(
        Allocation.objects.filter(source=source)
        .select_related("initiative__plan")
        .order_by("initiative__plan__title", "initiative__sort_key", "year", "id")
    )


def _budget_rows(budgets: Iterable[FundingBudget]) -> list[tuple[int | None, str, Decimal]]:
    return [(b.year, b.label, b.amount) for b in budgets]


def _allocation_lines(allocations: list[Allocation]) -> list[AllocationLine]:
    return [(a.pk, a.year, a.amount, a.purpose) for a in allocations]


def _new_cap_problems(
    source: FundingSource,
    budgets_before: list[tuple[int | None, str, Decimal]],
    budgets_after: list[tuple[int | None, str, Decimal]],
    allocations: Iterable[Allocation],
    *,
    capped_after: bool | None = None,
) -> list[Problem]:
    """The caps a change of the source's amounts (or of ``capped``) makes the
    existing allocations exceed."""
    lines = [(a.year, a.amount) for a in allocations]
    before = compute_balance(capped=source.capped, budgets=budgets_before, allocations=lines)
    after = compute_balance(
        capped=source.capped if capped_after is None else capped_after,
        budgets=budgets_after,
        allocations=lines,
    )
    return problems_from_new_caps(before, after)


def _allocation_text(allocation: Allocation, *, with_purpose: bool) -> str:
    initiative = allocation.initiative
    if with_purpose:
        detail = (
            _("formål: %(purpose)s") % {"purpose": allocation.purpose}
            if allocation.purpose
            else _("intet formål")
        )
    else:
        period = allocation.year if allocation.year is not None else _("uden år")
        amount = _kr(allocation.amount) if allocation.amount is not None else _("intet beløb")
        detail = f"{period}: {amount}"
    return f"{initiative.number} {initiative.title} ({initiative.plan.title}, {detail})"


def _breach_message(
    source: FundingSource,
    earmark_values: EarmarkState,
    breach: EarmarkBreach,
    allocations: dict[int, Allocation],
) -> str:
    listed = "; ".join(
        _allocation_text(allocations[pk], with_purpose=breach.rule == EarmarkKind.ALLOWED_PURPOSES)
        for pk in breach.allocation_ids
    )
    if breach.rule == EarmarkKind.ALLOWED_PURPOSES:
        return FundingError.BREACH_PURPOSES.text(source=source.name, allocations=listed)
    values = {
        "percent": _percent(earmark_values["percent"]),
        "source": source.name,
        "year": breach.year,
        "purpose": earmark_values["purpose"],
        "limit": _kr(breach.limit or ZERO),
        "used": _kr(breach.used or ZERO),
        "allocations": listed,
    }
    code = FundingError.BREACH_SHARE_YEAR if breach.year is not None else FundingError.BREACH_SHARE
    return code.text(**values)


def _refuse_breaches(
    source: FundingSource,
    found: list[tuple[EarmarkState, EarmarkBreach]],
    allocations: Iterable[Allocation],
    *,
    prefix: FundingError,
) -> None:
    """Raise one ValidationError with a Danish message per breached earmark
    (``prefix`` says what was refused), above the form."""
    if not found:
        return
    by_id = {a.pk: a for a in allocations}
    raise combine(
        (
            None,
            ValidationError(
                f"{prefix.text()} {_breach_message(source, values, breach, by_id)}",
                code="earmark",
            ),
        )
        for values, breach in found
    )


def _earmark_state(earmark: Earmark) -> EarmarkState:
    return {
        "kind": earmark.kind,
        "purposes": list(earmark.purposes or []),
        "purpose": earmark.purpose,
        "percent": earmark.percent,
    }


def _share_breaches_from_budgets(
    source: FundingSource,
    budgets_before: list[tuple[int | None, str, Decimal]],
    budgets_after: list[tuple[int | None, str, Decimal]],
    allocations: list[Allocation],
) -> list[tuple[EarmarkState, EarmarkBreach]]:
    """The max-share earmarks a change of amounts makes the existing
    allocations break (a smaller amount is a smaller share)."""
    lines = _allocation_lines(allocations)
    found = []
    for earmark in Earmark.objects.filter(source=source, kind=EarmarkKind.MAX_SHARE):
        state = _earmark_state(earmark)
        before = earmark_breaches(**state, budgets=budgets_before, allocations=lines)
        after = earmark_breaches(**state, budgets=budgets_after, allocations=lines)
        found += [(state, b) for b in breaches_made_worse(before, after)]
    return found


def _check_budget_change(
    source: FundingSource,
    budgets: list[FundingBudget],
    *,
    replace: FundingBudget | None,
    new_row: tuple[int | None, str, Decimal] | None = None,
    actor: Actor,
    override_reason: str,
) -> str:
    """The checks on a change of a (locked) source's amounts ``budgets``:
    ``replace`` (if any) goes and ``new_row`` (year, label, amount; None for a
    delete) comes. Refused, with the allocations named, when the change makes
    them break a max-share earmark; refused with :class:`OverspendError` when
    it makes them exceed a cap, unless an administrator gives
    ``override_reason``. Returns the note to log ('' when no override was needed)."""
    deleting = new_row is None
    budgets_before = _budget_rows(budgets)
    budgets_after = _budget_rows(b for b in budgets if b is not replace)
    if new_row is not None:
        budgets_after.append(new_row)
    allocations = _allocations_of(source)
    _refuse_breaches(
        source,
        _share_breaches_from_budgets(source, budgets_before, budgets_after, allocations),
        allocations,
        prefix=FundingError.BUDGET_NOT_DELETED if deleting else FundingError.BUDGET_NOT_SAVED,
    )
    return _approve_overspend(
        _new_cap_problems(source, budgets_before, budgets_after, allocations),
        actor=actor,
        override_reason=override_reason,
        source=source,
        refusal=FundingError.OVERSPEND_BUDGET_DELETE if deleting else FundingError.OVERSPEND_BUDGET,
    )


def _period_text(year: int | None, label: str) -> str:
    return str(year) if year is not None else label
