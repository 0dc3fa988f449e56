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

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import log_change, snapshot
from kompetenceplan.core.choices import ChangeAction, Role
from kompetenceplan.core.models import Municipality

from .balance import (
    ZERO,
    AllocationLine,
    Balance,
    EarmarkBreach,
    Problem,
    breaches_made_worse,
    compute_balance,
    earmark_breaches,
    new_problems,
    problems_from_new_caps,
)
from .choices import EarmarkKind, SourceKind
from .models import MONEY, Allocation, Earmark, FundingBudget, FundingSource
from .selectors import balance_change

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
    for earmark in Earmark.objects.filter(source=source):
        if earmark.kind == EarmarkKind.ALLOWED_PURPOSES and earmark.purposes:
            if purpose not in earmark.purposes:
                raise ValidationError(
                    _("%(source)s må kun finansiere: %(purposes)s. Vælg et af formålene.")
                    % {"source": source.name, "purposes": "; ".join(earmark.purposes)},
                    code="earmark",
                )
        elif (
            earmark.kind == EarmarkKind.MAX_SHARE
            and earmark.percent is not None
            and purpose == earmark.purpose
            and amount
        ):
            _check_share(source, earmark, year=year, amount=amount, exclude_id=exclude_id)


def _percent(value) -> str:
    """Decimal('10.00') -> '10', Decimal('12.50') -> '12,5' (Danish decimal comma)."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _check_share(source, earmark: Earmark, *, year, amount: Decimal, exclude_id) -> None:
    budgets = list(source.budgets.all())
    if not budgets:
        return  # no amount to take a share of
    used = [
        (a.year, a.amount or ZERO)
        for a in source.allocations.filter(purpose=earmark.purpose).exclude(pk=exclude_id)
    ]
    checks = []
    if year is not None and any(b.year is not None for b in budgets):
        checks.append(
            (
                year,
                sum((b.amount for b in budgets if b.year == year), ZERO),
                sum((a for y, a in used if y == year), ZERO),
            )
        )
    checks.append((None, sum((b.amount for b in budgets), ZERO), sum((a for _y, a in used), ZERO)))
    for year_, base, spent in checks:
        limit = (base * earmark.percent / 100).quantize(Decimal("0.01"))
        if spent + amount <= limit:
            continue
        values = {
            "percent": _percent(earmark.percent),
            "source": source.name,
            "year": year_,
            "purpose": earmark.purpose,
            "limit": _kr(limit),
            "total": _kr(spent + amount),
        }
        if year_ is not None:
            message = _(
                "Højst %(percent)s %% af %(source)s i %(year)s må gå til %(purpose)s (%(limit)s); "
                "med denne bevilling bliver det %(total)s"
            )
        else:
            message = _(
                "Højst %(percent)s %% af %(source)s i alt må gå til %(purpose)s (%(limit)s); "
                "med denne bevilling bliver det %(total)s"
            )
        raise ValidationError(message % values, code="earmark_share")


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
    problems: list[Problem], *, actor, override_reason: str, refusal: str, source: FundingSource
) -> str:
    """Raise OverspendError (``refusal`` with the source and the figures) unless
    there are no ``problems`` or an administrator gives a reason. Returns the
    note to log ('' when no override was needed)."""
    if not problems:
        return ""
    details = _cap_details(problems)
    if not override_reason.strip():
        raise OverspendError(
            refusal % {"source": source.name, "details": details}, code="overspend"
        )
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
    actor,
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
        refusal=_(
            "Bevillingen overskrider %(source)s (%(details)s). En administrator kan godkende "
            "overskridelsen med en begrundelse."
        ),
    )


def _validate(*, source, initiative, year, amount):
    if source.municipality_id != initiative.plan.municipality_id:
        raise ValidationError(_("Kilden hører til en anden kommune."), code="municipality")
    if amount is not None:
        _check_amount(amount)
    _check_year(year)


def _check_amount(amount: Decimal) -> None:
    if not amount.is_finite():
        raise ValidationError(_("Beløbet er ugyldigt."), code="amount")
    if amount < 0:
        raise ValidationError(_("Beløbet kan ikke være negativt."), code="amount")
    if amount >= MAX_AMOUNT:
        raise ValidationError(_("Beløbet er for stort."), code="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Beløbet kan højst have to decimaler (øre)."), code="amount")


def _check_year(year: int | None) -> None:
    if year is not None and not 1990 <= year <= 2100:
        raise ValidationError(_("Året %(year)s er ugyldigt.") % {"year": year}, code="year")


def _cents(amount: Decimal | None) -> Decimal | None:
    """Store and log amounts as the database holds them (two decimals)."""
    return None if amount is None else amount.quantize(Decimal("0.01"))


def allocation_create(
    *,
    actor,
    initiative,
    source: FundingSource,
    year: int | None,
    amount: Decimal | None,
    purpose: str = "",
    note: str = "",
    override_reason: str = "",
    from_plan_document: bool = False,
) -> Allocation:
    """Allocate money from ``source`` to ``initiative``.

    Refused with :class:`OverspendError` if it would overspend a capped source,
    unless an administrator gives ``override_reason`` (logged).
    """
    amount = None if amount is None else Decimal(amount)
    purpose = (purpose or "").strip()
    _validate(source=source, initiative=initiative, year=year, amount=amount)
    amount = _cents(amount)
    with transaction.atomic():
        locked = FundingSource.objects.select_for_update().get(pk=source.pk)
        _check_earmarks(locked, year=year, amount=amount, purpose=purpose, exclude_id=None)
        before, after = balance_change(locked, after_extra=(year, amount))
        override_note = _check_balance(
            locked, before=before, after=after, actor=actor, override_reason=override_reason
        )
        order = Allocation.objects.filter(initiative=initiative).count()
        allocation = Allocation.objects.create(
            source=locked,
            initiative=initiative,
            year=year,
            amount=amount,
            purpose=purpose,
            note=note,
            override_reason=override_reason.strip() if override_note else "",
            order=order,
            from_plan_document=from_plan_document,
        )
        log_change(
            actor=actor,
            obj=allocation,
            action=ChangeAction.CREATE,
            after=snapshot(allocation),
            note=override_note,
        )
    return allocation


def allocation_update(
    *,
    actor,
    allocation: Allocation,
    year: int | None,
    amount: Decimal | None,
    purpose: str = "",
    note: str = "",
    override_reason: str = "",
    source: FundingSource | None = None,
) -> Allocation:
    """Change an allocation (and, with ``source``, move it to another source).

    The same checks as :func:`allocation_create`, on what the change makes
    worse. An earlier approved override is kept while its source is still over
    its cap, and cleared once it no longer is.
    """
    amount = None if amount is None else Decimal(amount)
    purpose = (purpose or "").strip()
    target = source or allocation.source
    _validate(source=target, initiative=allocation.initiative, year=year, amount=amount)
    amount = _cents(amount)
    with transaction.atomic():
        # Lock both sources in id order: two moves in opposite directions
        # cannot deadlock.
        source_ids = sorted({allocation.source_id, target.pk})
        locked = {
            s.pk: s
            for s in FundingSource.objects.select_for_update()
            .filter(pk__in=source_ids)
            .order_by("pk")
        }
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        locked_target = locked[target.pk]
        before_state = snapshot(current)
        _check_earmarks(
            locked_target, year=year, amount=amount, purpose=purpose, exclude_id=current.pk
        )
        same_source = current.source_id == locked_target.pk
        before, after = balance_change(
            locked_target,
            exclude_allocation_id=current.pk,
            before_extra=(current.year, current.amount) if same_source else None,
            after_extra=(year, amount),
        )
        override_note = _check_balance(
            locked_target, before=before, after=after, actor=actor, override_reason=override_reason
        )
        if override_note:
            current.override_reason = override_reason.strip()
        elif not same_source or not after.problems():
            current.override_reason = ""
        current.source = locked_target
        current.year, current.amount, current.purpose, current.note = year, amount, purpose, note
        current.save()
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.UPDATE,
            before=before_state,
            after=snapshot(current),
            note=override_note,
        )
    return current


def allocation_delete(*, actor, allocation: Allocation) -> None:
    with transaction.atomic():
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        log_change(actor=actor, obj=current, action=ChangeAction.DELETE, before=snapshot(current))
        current.delete()


# --- Sources, their amounts and earmarks (administrators) ------------------------------------
#
# Every write locks the source row first, so it serialises with the allocations
# of the source: an amount cannot be lowered while an allocation that needs it
# is being made. A change is refused only for what it makes worse (see
# balance.problems_from_new_caps and balance.breaches_made_worse).

SOURCE_FIELDS = ("name", "kind", "description", "capped")
EARMARK_FIELDS = ("kind", "purposes", "purpose", "percent", "text")


def _lock_source(pk: int) -> FundingSource:
    return FundingSource.objects.select_for_update().get(pk=pk)


def _source_name(name) -> str:
    name = str(name or "").strip()
    if not name:
        raise ValidationError(_("Kilden skal have et navn."), code="name")
    max_length = FundingSource._meta.get_field("name").max_length
    if len(name) > max_length:
        raise ValidationError(
            _("Navnet må højst være på %(max)d tegn.") % {"max": max_length}, code="name"
        )
    return name


def _check_name_free(municipality_id: int, name: str, *, exclude_id: int | None = None) -> None:
    """Names are compared case-insensitively, also beyond ASCII ('Øvrige' and
    'øvrige'), which SQLite's LIKE would miss; a municipality has few sources."""
    taken = (
        FundingSource.objects.filter(municipality_id=municipality_id)
        .exclude(pk=exclude_id)
        .values_list("name", flat=True)
    )
    if any(other.casefold() == name.casefold() for other in taken):
        raise _duplicate_name(name)


def _duplicate_name(name: str) -> ValidationError:
    return ValidationError(
        _("Der findes allerede en finansieringskilde med navnet “%(name)s”.") % {"name": name},
        code="name",
    )


def _check_kind(kind: str) -> None:
    if kind not in SourceKind.values:
        raise ValidationError(_("Vælg en gyldig type."), code="kind")


def _allocations_of(source: FundingSource) -> list[Allocation]:
    """Every allocation of the source, with initiative and plan (for messages)."""
    return list(
        Allocation.objects.filter(source=source)
        .select_related("initiative__plan")
        .order_by("initiative__plan__title", "initiative__sort_key", "year", "id")
    )


def _budget_rows(budgets) -> list[tuple[int | None, str, Decimal]]:
    return [(b.year, b.label, b.amount) for b in budgets]


def _allocation_lines(allocations: list[Allocation]) -> list[AllocationLine]:
    return [(a.pk, a.year, a.amount, a.purpose) for a in allocations]


def _new_cap_problems(
    source, budgets_before, budgets_after, allocations, *, capped_after=None
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
    source: FundingSource, earmark_values: dict, breach: EarmarkBreach, allocations: dict
) -> str:
    listed = "; ".join(
        _allocation_text(allocations[pk], with_purpose=breach.rule == EarmarkKind.ALLOWED_PURPOSES)
        for pk in breach.allocation_ids
    )
    if breach.rule == EarmarkKind.ALLOWED_PURPOSES:
        return _(
            "Disse bevillinger fra %(source)s har et formål, som ikke er på listen: "
            "%(allocations)s. Ret bevillingerne eller listen først."
        ) % {"source": source.name, "allocations": listed}
    values = {
        "percent": _percent(earmark_values["percent"]),
        "source": source.name,
        "year": breach.year,
        "purpose": earmark_values["purpose"],
        "limit": _kr(breach.limit or ZERO),
        "used": _kr(breach.used or ZERO),
        "allocations": listed,
    }
    if breach.year is not None:
        message = _(
            "Højst %(percent)s %% af %(source)s i %(year)s må gå til %(purpose)s (%(limit)s), "
            "men disse bevillinger giver %(used)s: %(allocations)s. Ret bevillingerne først."
        )
    else:
        message = _(
            "Højst %(percent)s %% af %(source)s i alt må gå til %(purpose)s (%(limit)s), "
            "men disse bevillinger giver %(used)s: %(allocations)s. Ret bevillingerne først."
        )
    return message % values


def _refuse_breaches(
    source: FundingSource, found: list[tuple[dict, EarmarkBreach]], allocations, *, prefix: str
) -> None:
    """Raise one ValidationError with a Danish message per breached earmark."""
    if not found:
        return
    by_id = {a.pk: a for a in allocations}
    raise ValidationError(
        [
            ValidationError(
                f"{prefix} {_breach_message(source, values, breach, by_id)}", code="earmark"
            )
            for values, breach in found
        ]
    )


def _earmark_state(earmark) -> dict:
    return {
        "kind": earmark.kind,
        "purposes": list(earmark.purposes or []),
        "purpose": earmark.purpose,
        "percent": earmark.percent,
    }


def _share_breaches_from_budgets(
    source, budgets_before, budgets_after, allocations
) -> list[tuple[dict, EarmarkBreach]]:
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


def source_create(
    *, actor, municipality, name: str, kind: str, description: str = "", capped: bool = True
) -> FundingSource:
    """A new funding source for ``municipality``. The name is unique in the
    municipality (case-insensitively). A new source has no allocations, so
    ``capped`` needs no check."""
    name = _source_name(name)
    _check_kind(kind)
    try:
        with transaction.atomic():
            # "Does this name exist yet" for a tenant: lock the municipality row.
            Municipality.objects.select_for_update().get(pk=municipality.pk)
            _check_name_free(municipality.pk, name)
            source = FundingSource.objects.create(
                municipality_id=municipality.pk,
                name=name,
                kind=kind,
                description=(description or "").strip(),
                capped=bool(capped),
            )
            log_change(actor=actor, obj=source, action=ChangeAction.CREATE, after=snapshot(source))
    except IntegrityError:  # the named constraint, should the check ever miss
        raise _duplicate_name(name) from None
    return source


def source_update(*, actor, source: FundingSource, override_reason: str = "", **fields):
    """Change a source's ``name``, ``kind``, ``description`` or ``capped``.

    Turning ``capped`` on for a source whose allocations exceed its amounts is
    refused with :class:`OverspendError` (the figures in Danish) unless an
    administrator gives ``override_reason`` (written to the change log's note).
    """
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"source_update() got unexpected fields: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = _source_name(fields["name"])
    if "kind" in fields:
        _check_kind(fields["kind"])
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    if "capped" in fields:
        fields["capped"] = bool(fields["capped"])
    try:
        with transaction.atomic():
            current = _lock_source(source.pk)
            before = snapshot(current)
            if "name" in fields and fields["name"] != current.name:
                _check_name_free(current.municipality_id, fields["name"], exclude_id=current.pk)
            note = ""
            if fields.get("capped") and not current.capped:
                budgets = _budget_rows(FundingBudget.objects.filter(source=current))
                problems = _new_cap_problems(
                    current,
                    budgets,
                    budgets,
                    Allocation.objects.filter(source=current).only("year", "amount"),
                    capped_after=True,
                )
                note = _approve_overspend(
                    problems,
                    actor=actor,
                    override_reason=override_reason,
                    source=current,
                    refusal=_(
                        "Med loft er der bevilget mere fra %(source)s, end kilden har "
                        "(%(details)s). En administrator kan godkende overskridelsen med en "
                        "begrundelse."
                    ),
                )
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
            log_change(
                actor=actor,
                obj=current,
                action=ChangeAction.UPDATE,
                before=before,
                after=snapshot(current),
                note=note,
            )
    except IntegrityError:
        raise _duplicate_name(fields["name"]) from None
    return current


def _period_text(year: int | None, label: str) -> str:
    return str(year) if year is not None else label


def budget_set(
    *,
    actor,
    source: FundingSource,
    year: int | None,
    label: str = "",
    amount: Decimal,
    note: str = "",
    override_reason: str = "",
    budget: FundingBudget | None = None,
) -> FundingBudget:
    """Create or change one amount of ``source``: for a calendar ``year``, or
    (``year`` None) for the period called ``label``.

    Without ``budget`` the source's amount for that year or period is created
    or changed; with ``budget`` that amount is changed (and may be moved to
    another year or period, if the source has no amount there yet).

    A change that leaves the existing allocations over a cap (a lower amount,
    an amount moved away from a year, a first yearly amount that gives the
    other years a cap of 0 kr.) is refused with :class:`OverspendError` unless
    an administrator gives ``override_reason`` (logged). A change that makes
    them break a max-share earmark is refused (earmarks cannot be overridden).
    """
    label = (label or "").strip()
    note = (note or "").strip()
    if amount is None:
        raise ValidationError(_("Angiv et beløb."), code="amount")
    amount = Decimal(amount)
    _check_amount(amount)
    amount = _cents(amount)
    _check_year(year)
    if year is None and not label:
        raise ValidationError(_("Angiv et år eller en periode."), code="year")
    if year is not None and label:
        raise ValidationError(_("Angiv enten et år eller en periode, ikke begge."), code="label")
    max_label = FundingBudget._meta.get_field("label").max_length
    if len(label) > max_label:
        raise ValidationError(
            _("Perioden må højst være på %(max)d tegn.") % {"max": max_label}, code="label"
        )
    with transaction.atomic():
        locked = _lock_source(source.pk)
        budgets = list(FundingBudget.objects.filter(source=locked).order_by("pk"))
        if budget is not None:
            current = next((b for b in budgets if b.pk == budget.pk), None)
            if current is None:
                raise ValidationError(_("Beløbet hører ikke til kilden."), code="source")
        else:
            current = next((b for b in budgets if (b.year, b.label) == (year, label)), None)
        if any((b.year, b.label) == (year, label) and b is not current for b in budgets):
            raise ValidationError(
                _("%(source)s har allerede et beløb for %(period)s.")
                % {"source": locked.name, "period": _period_text(year, label)},
                code="year" if year is not None else "label",
            )
        budgets_before = _budget_rows(budgets)
        budgets_after = _budget_rows(b for b in budgets if b is not current) + [
            (year, label, amount)
        ]
        allocations = _allocations_of(locked)
        _refuse_breaches(
            locked,
            _share_breaches_from_budgets(locked, budgets_before, budgets_after, allocations),
            allocations,
            prefix=_("Beløbet kan ikke gemmes."),
        )
        log_note = _approve_overspend(
            _new_cap_problems(locked, budgets_before, budgets_after, allocations),
            actor=actor,
            override_reason=override_reason,
            source=locked,
            refusal=_(
                "Med dette beløb er der bevilget mere fra %(source)s, end kilden har "
                "(%(details)s). En administrator kan godkende overskridelsen med en begrundelse."
            ),
        )
        before = snapshot(current) if current is not None else None
        if current is None:
            current = FundingBudget()
        current.source = locked
        current.year, current.label, current.amount, current.note = year, label, amount, note
        current.save()
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
            note=log_note,
        )
    return current


def budget_delete(*, actor, budget: FundingBudget, override_reason: str = "") -> None:
    """Delete one amount. Refused like a lowered amount (:func:`budget_set`)
    when the allocations would then exceed what the source has."""
    with transaction.atomic():
        locked = _lock_source(budget.source_id)
        budgets = list(FundingBudget.objects.filter(source=locked).order_by("pk"))
        current = next((b for b in budgets if b.pk == budget.pk), None)
        if current is None:
            raise ValidationError(_("Beløbet er allerede slettet."), code="gone")
        budgets_before = _budget_rows(budgets)
        budgets_after = _budget_rows(b for b in budgets if b is not current)
        allocations = _allocations_of(locked)
        _refuse_breaches(
            locked,
            _share_breaches_from_budgets(locked, budgets_before, budgets_after, allocations),
            allocations,
            prefix=_("Beløbet kan ikke slettes."),
        )
        log_note = _approve_overspend(
            _new_cap_problems(locked, budgets_before, budgets_after, allocations),
            actor=actor,
            override_reason=override_reason,
            source=locked,
            refusal=_(
                "Uden dette beløb er der bevilget mere fra %(source)s, end kilden har "
                "(%(details)s). En administrator kan godkende overskridelsen med en begrundelse."
            ),
        )
        current.source = locked
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.DELETE,
            before=snapshot(current),
            note=log_note,
        )
        current.delete()


def _earmark_values(*, kind, purposes=None, purpose="", percent=None, text="") -> dict:
    """The earmark's fields, cleaned; the fields of the other kind are emptied."""
    text = (text or "").strip()
    max_purpose = Allocation._meta.get_field("purpose").max_length
    if kind == EarmarkKind.ALLOWED_PURPOSES:
        cleaned: list[str] = []
        for item in purposes or []:
            item = str(item).strip()
            if item and item not in cleaned:
                cleaned.append(item)
        if not cleaned:
            raise ValidationError(_("Angiv mindst ét tilladt formål."), code="purposes")
        for item in cleaned:
            if len(item) > max_purpose:
                raise ValidationError(
                    _("Et formål må højst være på %(max)d tegn: “%(purpose)s”.")
                    % {"max": max_purpose, "purpose": item},
                    code="purposes",
                )
        return {"kind": kind, "purposes": cleaned, "purpose": "", "percent": None, "text": text}
    if kind == EarmarkKind.MAX_SHARE:
        purpose = (purpose or "").strip()
        if not purpose:
            raise ValidationError(_("Angiv formålet, andelen gælder."), code="purpose")
        if len(purpose) > max_purpose:
            raise ValidationError(
                _("Formålet må højst være på %(max)d tegn.") % {"max": max_purpose},
                code="purpose",
            )
        if percent is None:
            raise ValidationError(_("Angiv en procentsats."), code="percent")
        percent = Decimal(percent)
        if not percent.is_finite() or not ZERO <= percent <= 100:
            raise ValidationError(_("Procentsatsen skal være mellem 0 og 100."), code="percent")
        if percent != percent.quantize(Decimal("0.01")):
            raise ValidationError(_("Procentsatsen kan højst have to decimaler."), code="percent")
        return {
            "kind": kind,
            "purposes": [],
            "purpose": purpose,
            "percent": percent.quantize(Decimal("0.01")),
            "text": text,
        }
    raise ValidationError(_("Vælg en gyldig type øremærkning."), code="kind")


def _refuse_earmark_breaks(locked, *, before: dict | None, after: dict) -> None:
    """Refuse an earmark (new or changed) that existing allocations would break."""
    budgets = _budget_rows(FundingBudget.objects.filter(source=locked))
    allocations = _allocations_of(locked)
    lines = _allocation_lines(allocations)
    state = {k: after[k] for k in ("kind", "purposes", "purpose", "percent")}
    old = (
        earmark_breaches(**before, budgets=budgets, allocations=lines) if before is not None else []
    )
    new = earmark_breaches(**state, budgets=budgets, allocations=lines)
    _refuse_breaches(
        locked,
        [(state, b) for b in breaches_made_worse(old, new)],
        allocations,
        prefix=_("Øremærkningen kan ikke gemmes."),
    )


def earmark_create(
    *,
    actor,
    source: FundingSource,
    kind: str,
    purposes: list[str] | None = None,
    purpose: str = "",
    percent: Decimal | None = None,
    text: str = "",
) -> Earmark:
    """A new earmark: ``allowed_purposes`` with a list of ``purposes``, or
    ``max_share`` with a ``purpose`` and a ``percent`` (0-100). Refused, with
    the allocations named, when existing allocations of the source would break
    it."""
    values = _earmark_values(
        kind=kind, purposes=purposes, purpose=purpose, percent=percent, text=text
    )
    with transaction.atomic():
        locked = _lock_source(source.pk)
        _refuse_earmark_breaks(locked, before=None, after=values)
        earmark = Earmark.objects.create(source=locked, **values)
        log_change(actor=actor, obj=earmark, action=ChangeAction.CREATE, after=snapshot(earmark))
    return earmark


def earmark_update(*, actor, earmark: Earmark, **fields) -> Earmark:
    """Change an earmark's ``kind``, ``purposes``, ``purpose``, ``percent`` or
    ``text``. Refused, with the allocations named, when the change makes
    existing allocations break it (allocations that already broke it before
    do not block other changes)."""
    unknown = set(fields) - set(EARMARK_FIELDS)
    if unknown:
        raise TypeError(f"earmark_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock_source(earmark.source_id)
        current = Earmark.objects.select_for_update().get(pk=earmark.pk)
        current.source = locked
        before = snapshot(current)
        values = _earmark_values(
            **{name: fields.get(name, getattr(current, name)) for name in EARMARK_FIELDS}
        )
        _refuse_earmark_breaks(locked, before=_earmark_state(current), after=values)
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
        )
    return current


def earmark_delete(*, actor, earmark: Earmark) -> None:
    """Delete an earmark. Removing a rule only loosens what the source may
    fund, so no existing allocation can break by it; never refused."""
    with transaction.atomic():
        locked = _lock_source(earmark.source_id)
        current = Earmark.objects.select_for_update().get(pk=earmark.pk)
        current.source = locked
        log_change(actor=actor, obj=current, action=ChangeAction.DELETE, before=snapshot(current))
        current.delete()
