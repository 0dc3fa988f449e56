"""Shared checks, in one place: every form, service, import and export uses
these instead of writing its own.

- Spreadsheet formulas: a text that starts with ``= + - @`` (or a tab or
  carriage return) would run as a formula when an export is opened in Excel.
  Names and titles are refused with :data:`FORMULA_MESSAGE`
  (:func:`starts_like_formula`); exports escape such cells
  (``core.tabular.escape_cell``).
- Control characters: text may not hold NUL or other control characters
  (C0, DEL, C1); tab, line feed and carriage return only where a field allows
  several lines (:func:`has_control_characters`, :func:`check_no_control_characters`,
  :class:`ControlCharacterValidator` for forms). :func:`check_no_formula` refuses
  them too, so every service that checks a name or title refuses them.
- Years: a calendar year is between :data:`YEAR_MIN` and :data:`YEAR_MAX`
  (:func:`year_is_valid`, :func:`check_year`).
- Danish numbers: kroner typed the Danish way ('150.000', '150.000,50',
  '1.165.000 kr.') with :func:`parse_amount`; percentages ('10', '12,5 %')
  with :func:`parse_percent`. Both raise ``ValueError`` with a Danish message.

Pure code: no database, no imports from the domain apps.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import combine

# --- Spreadsheet formulas ---------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_MESSAGE = gettext_lazy("Må ikke begynde med =, +, - eller @.")


def starts_like_formula(value: object) -> bool:
    """True when ``value`` (a text) would start a spreadsheet formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def check_no_formula(value: object, *, field: str | None = None) -> None:
    """Raise a ValidationError (``code="formula"``, on ``field``) for a text
    that starts like a formula; and (``code="control_character"``) for a
    single-line text holding a control character."""
    check_no_control_characters(value, field=field)
    if starts_like_formula(value):
        error = ValidationError(FORMULA_MESSAGE, code="formula")
        raise combine([(field, error)]) if field else error


# --- Control characters ---------------------------------------------------------------------

# C0 controls, DEL and C1 controls; the multi-line set leaves out tab, LF and CR.
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_MESSAGE = gettext_lazy(
    "Må ikke indeholde linjeskift, tabulatortegn eller andre usynlige styretegn."
)
CONTROL_MESSAGE_MULTI_LINE = gettext_lazy(
    "Må ikke indeholde usynlige styretegn (kun linjeskift og tabulatortegn er tilladt)."
)


def has_control_characters(value: object, *, multiline: bool = False) -> bool:
    """True when the text ``value`` (or any text in a list of them) holds a
    control character; ``multiline`` allows tab, line feed and carriage return."""
    if isinstance(value, list | tuple):
        return any(has_control_characters(item, multiline=multiline) for item in value)
    if not isinstance(value, str):
        return False
    pattern = _CONTROL_MULTI_LINE if multiline else _CONTROL_SINGLE_LINE
    return pattern.search(value) is not None


def check_no_control_characters(
    value: object, *, field: str | None = None, multiline: bool = False
) -> None:
    """Raise a ValidationError (``code="control_character"``, on ``field``)."""
    if has_control_characters(value, multiline=multiline):
        message = CONTROL_MESSAGE_MULTI_LINE if multiline else CONTROL_MESSAGE
        error = ValidationError(message, code="control_character")
        raise combine([(field, error)]) if field else error


class ControlCharacterValidator:
    """Form-field validator: the shared form base puts one on every CharField
    (``multiline`` for a Textarea)."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        check_no_control_characters(value, multiline=self.multiline)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash(self.multiline)


# --- Years ------------------------------------------------------------------------------------

YEAR_MIN = 1990
YEAR_MAX = 2100


def year_is_valid(year: int | None) -> bool:
    """None (no year) is valid; a year must lie in YEAR_MIN..YEAR_MAX."""
    return year is None or YEAR_MIN <= year <= YEAR_MAX


def check_year(year: int | None, *, field: str | None = "year") -> None:
    """Raise a ValidationError (``code="year"``) for a year out of range."""
    if not year_is_valid(year):
        error = ValidationError(_("Året %(year)s er ugyldigt.") % {"year": year}, code="year")
        raise combine([(field, error)]) if field else error


# --- Danish numbers ---------------------------------------------------------------------------

_AMOUNT = re.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d{1,2}))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SUFFIX = re.compile(r"(?:kr\.?|dkk)$", re.IGNORECASE)
MAX_INTEGER_DIGITS = 12  # Allocation.amount: 14 digits, 2 decimals


def parse_amount(value: str | None) -> Decimal | None:
    """Kroner typed the Danish way: '150.000', '150000', '150.000,50',
    '1.165.000 kr.'; empty means None. Dots are thousands separators only (in
    groups of three) and the comma is the decimal mark, so '150.00' or
    '150,000' are refused rather than misread. Raises ValueError (Danish)."""
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


def parse_percent(value: str | None) -> Decimal | None:
    """A percentage typed the Danish way ('10', '12,5', '12,5 %'); empty means
    None. Raises ValueError (Danish) for text that is not a number. The range
    (0-100) is a business rule and checked by the service."""
    text = (value or "").replace("%", "")
    text = _SPACES.sub("", text)
    if not text:
        return None
    try:
        percent = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Skriv en procentsats, fx 10 eller 12,5.")) from None
    if not percent.is_finite():
        raise ValueError(_("Skriv en procentsats, fx 10 eller 12,5."))
    return percent
