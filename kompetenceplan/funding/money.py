"""Kroner typed the Danish way: '150.000', '150000', '150.000,50', '1.165.000 kr.'.

Dots are thousands separators only (in groups of three) and the comma is the
decimal mark, so '150.00' or '150,000' are refused rather than misread.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

_AMOUNT = re.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d{1,2}))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SUFFIX = re.compile(r"(?:kr\.?|dkk)$", re.IGNORECASE)
MAX_INTEGER_DIGITS = 12  # Allocation.amount: 14 digits, 2 decimals


def parse_amount(value: str | None) -> Decimal | None:
    """Parse a Danish amount; empty means None. Raises ValueError (Danish message)."""
    text = _SPACES.sub("", value or "")
    text = _SUFFIX.sub("", text)
    if not text:
        return None
    if text.startswith(("-", "−")):
        raise ValueError(_("Beløbet kan ikke være negativt."))
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError(
            _("“%(value)s” er ikke et gyldigt beløb. Skriv fx 150.000 eller 150.000,50.")
            % {"value": (value or "").strip()}
        )
    digits = match.group("int").replace(".", "").lstrip("0") or "0"
    if len(digits) > MAX_INTEGER_DIGITS:
        raise ValueError(_("Beløbet er for stort."))
    decimals = match.group("dec")
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


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
