import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from kompetenceplan.core.formatting import kr, kr_or_dash, long_date, percent, week


def test_kroner_danish_format():
    with translation.override("da"):
        assert kr(1165000) == "1.165.000 kr."
        assert kr(Decimal("586000.00")) == "586.000 kr."
        assert kr(Decimal("1234.5")) == "1.234,50 kr."
        assert kr(None) == ""
        assert kr_or_dash(None) == "–"
        assert kr_or_dash(0) == "0 kr."


def test_percent_danish_decimal_comma():
    assert percent(Decimal("10.00")) == "10"
    assert percent(Decimal("12.50")) == "12,5"
    assert percent(None) == ""


def test_week_number_is_iso():
    with translation.override("da"):
        assert week(dt.date(2025, 8, 1)) == "uge 31"
        assert week(dt.date(2027, 1, 1)) == "uge 53"
        assert week(None) == ""


def test_danish_long_date():
    with translation.override("da"):
        assert long_date(dt.date(2025, 8, 1)) == "1. august 2025"
        assert long_date(None) == ""
        out = Template('{{ d|date:"j. F Y" }}').render(Context({"d": dt.date(2025, 8, 1)}))
    assert out == "1. august 2025"


def test_template_filters_wrap_the_pure_functions():
    template = Template("{% load kp %}{{ a|kr }}|{{ p|percent }}|{{ d|week }}|{{ d|long_date }}")
    with translation.override("da"):
        out = template.render(
            Context({"a": Decimal("1234.5"), "p": Decimal("12.50"), "d": dt.date(2025, 8, 1)})
        )
    assert out == "1.234,50 kr.|12,5|uge 31|1. august 2025"
