"""Kroner in inputs: :func:`format_amount_input` puts an amount back in a
form field the Danish way. Parsing lives in :mod:`kompetenceplan.core.validators`
(``parse_amount``, re-exported here)."""

from __future__ import annotations

from decimal import Decimal

from kompetenceplan.core.validators import MAX_INTEGER_DIGITS, parse_amount

__all__ = ["MAX_INTEGER_DIGITS", "format_amount_input", "parse_amount"]


def format_amount_input(amount: Decimal | None) -> str:
    """The value to put back in an input: Decimal('150000.50') -> '150.000,50'."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    integer = int(amount)
    text = f"{integer:,}".replace(",", ".")
    cents = (amount - integer).quantize(Decimal("0.01"))
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return text
