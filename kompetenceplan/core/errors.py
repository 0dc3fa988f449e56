"""Error codes: every business rule's refusal has one code, one Danish
message and one form field, declared once per app (``<app>/errors.py``).

An app declares an Enum of :class:`ErrorCode` whose members are
``(message, field)``::

    class FundingError(ErrorCode):
        AMOUNT_NEGATIVE = (_("Beløbet kan ikke være negativt."), "amount")

A service raises ``FundingError.AMOUNT_NEGATIVE.error()`` (with ``%``
parameters as keywords when the message has placeholders). The result is a
``django.core.exceptions.ValidationError`` whose ``error_dict`` is keyed by the
field (``NON_FIELD_ERRORS`` when the member has no field) and whose inner
error's ``code`` is the member's name in lower case (``"amount_negative"``).
A form view adds it with ``form.add_error(None, exc)`` per field (fields the
form lacks go above the form); the API will return the same codes.

Forms only parse input (types, required, choices); the messages of the rules
live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm


class ErrorCode(Enum):
    """Base for the per-app enums. A member's value is ``(message, field)``;
    ``field`` None means the error belongs to the whole form."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        self.message = message
        self.field = field

    @property
    def code(self) -> str:
        return self.name.lower()

    def text(self, **params: Any) -> str:
        """The Danish message with its parameters filled in."""
        return str(self.message) % params if params else str(self.message)

    def item(self, **params: Any) -> ValidationError:
        """One error (no field), for :func:`combine` or a list."""
        return ValidationError(self.text(**params), code=self.code)

    def error(
        self,
        *,
        field: str | None = None,
        cls: type[ValidationError] = ValidationError,
        **params: Any,
    ) -> ValidationError:
        """The ValidationError to raise: keyed by ``field`` (or the member's own)."""
        return combine([(field or self.field, self.item(**params))], cls=cls)


def combine(
    errors: Iterable[tuple[str | None, ValidationError]],
    *,
    cls: type[ValidationError] = ValidationError,
) -> ValidationError:
    """One ValidationError with an ``error_dict`` from (field, error) pairs.
    The first error's code is kept as ``.code`` too, so callers can test it."""
    by_field: dict[str, list[ValidationError]] = {}
    first = None
    for field, error in errors:
        by_field.setdefault(field or NON_FIELD_ERRORS, []).append(error)
        first = first or error
    exc = cls(by_field)
    exc.code = getattr(first, "code", None)
    return exc


def error_fields(exc: ValidationError) -> dict[str, list[ValidationError]]:
    """``{field: [errors]}`` of any ValidationError (a plain one: NON_FIELD_ERRORS)."""
    if hasattr(exc, "error_dict"):
        return {field: list(errors) for field, errors in exc.error_dict.items()}
    return {NON_FIELD_ERRORS: list(exc.error_list)}


def add_to_form(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's errors on the form: each on its field, or above the
    form when the form has no such field."""
    for field, errors in error_fields(exc).items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
