import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from kompetenceplan.core.templatetags.kp import kr, week


def test_kroner_danish_format():
    with translation.override("da"):
        assert kr(1165000) == "1.165.000 kr."
        assert kr(Decimal("586000.00")) == "586.000 kr."
        assert kr(Decimal("1234.5")) == "1.234,50 kr."
        assert kr(None) == ""


def test_week_number_is_iso():
    with translation.override("da"):
        assert week(dt.date(2025, 8, 1)) == "uge 31"
        assert week(dt.date(2027, 1, 1)) == "uge 53"


def test_danish_long_date():
    with translation.override("da"):
        out = Template('{{ d|date:"j. F Y" }}').render(Context({"d": dt.date(2025, 8, 1)}))
    assert out == "1. august 2025"
