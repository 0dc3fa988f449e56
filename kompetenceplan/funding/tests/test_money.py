from decimal import Decimal

import pytest

from kompetenceplan.funding.money import format_amount_input, parse_amount


@pytest.mark.parametrize(
    "text,expected",
    [
        ("150.000", Decimal("150000")),
        ("150000", Decimal("150000")),
        ("150.000,50", Decimal("150000.50")),
        ("150000,5", Decimal("150000.5")),
        ("1.165.000 kr.", Decimal("1165000")),
        (" 12 500 kr ", Decimal("12500")),
        ("12\u00a0500", Decimal("12500")),
        ("0", Decimal("0")),
        ("999", Decimal("999")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_amount_accepts_danish_amounts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text,message",
    [
        ("150.00", "er ikke et gyldigt beløb"),  # a dot is a thousands separator
        ("150,000", "er ikke et gyldigt beløb"),  # the comma has at most two decimals
        ("1.50.000", "er ikke et gyldigt beløb"),
        ("150.000,505", "er ikke et gyldigt beløb"),
        ("abc", "er ikke et gyldigt beløb"),
        ("-100", "kan ikke være negativt"),
        ("1" + "0" * 12, "for stort"),
    ],
)
def test_parse_amount_refuses_the_rest_in_danish(text, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text)


def test_format_amount_input_round_trips():
    for value in ("150000", "150000.50", "1165000", "0", "12.5"):
        amount = Decimal(value)
        assert parse_amount(format_amount_input(amount)) == amount
    assert format_amount_input(Decimal("150000.50")) == "150.000,50"
    assert format_amount_input(Decimal("1165000.00")) == "1.165.000"
    assert format_amount_input(None) == ""
