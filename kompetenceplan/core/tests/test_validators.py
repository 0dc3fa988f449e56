"""The shared checks of core/validators.py (pure: no database)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.core.tabular import escape_cell
from kompetenceplan.core.validators import (
    FORMULA_MESSAGE,
    YEAR_MAX,
    YEAR_MIN,
    check_no_formula,
    check_year,
    parse_amount,
    parse_percent,
    starts_like_formula,
    year_is_valid,
)


@pytest.mark.parametrize("text", ["=1+1", "+45", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_found_and_escaped(text):
    assert starts_like_formula(text)
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ishøj", "1.5", "", " =x", None, 5])
def test_ordinary_values_are_not_formulas(value):
    assert not starts_like_formula(value)
    assert escape_cell(value) == value


def test_check_no_formula_names_the_field():
    check_no_formula("Puljen", field="name")
    with pytest.raises(ValidationError) as exc:
        check_no_formula("=HYPERLINK(1)", field="name")
    assert exc.value.message_dict == {"name": [str(FORMULA_MESSAGE)]}
    assert exc.value.messages == ["Må ikke begynde med =, +, - eller @."]
    with pytest.raises(ValidationError) as exc:
        check_no_formula("@x")
    assert (exc.value.code, exc.value.messages) == ("formula", [str(FORMULA_MESSAGE)])


def test_year_range():
    assert (YEAR_MIN, YEAR_MAX) == (1990, 2100)
    assert [year_is_valid(y) for y in (None, 1989, 1990, 2100, 2101)] == [
        True,
        False,
        True,
        True,
        False,
    ]
    check_year(2026)
    with pytest.raises(ValidationError) as exc:
        check_year(2101)
    assert exc.value.message_dict == {"year": ["Året 2101 er ugyldigt."]}


@pytest.mark.parametrize(
    "text,value",
    [
        ("150.000", D("150000")),
        ("150000", D("150000")),
        ("150.000,50", D("150000.50")),
        ("1.165.000 kr.", D("1165000")),
        ("  ", None),
    ],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text,message",
    [
        ("-5", "Beløbet kan ikke være negativt."),
        ("150.00", "“150.00” er ikke et gyldigt beløb. Skriv fx 150.000 eller 150.000,50."),
        ("1" * 13, "Beløbet er for stort."),
    ],
)
def test_parse_amount_refuses_in_danish(text, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text)


@pytest.mark.parametrize(
    "text,value", [("10", D("10")), ("12,5", D("12.5")), ("12,5 %", D("12.5")), ("", None)]
)
def test_parse_percent(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize("text", ["ti", "nan", "1,2,3"])
def test_parse_percent_refuses_text(text):
    with pytest.raises(ValueError, match="Skriv en procentsats, fx 10 eller 12,5."):
        parse_percent(text)
