"""The one control-character check (core.validators) and its users: the
shared form base, check_no_formula (the services) and the XLSX writer."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from kompetenceplan.core.forms import DkfdsForm, LinesField
from kompetenceplan.core.tabular import to_xlsx
from kompetenceplan.core.validators import (
    check_no_control_characters,
    check_no_formula,
    has_control_characters,
)

SINGLE = "Må ikke indeholde linjeskift, tabulatortegn eller andre usynlige styretegn."
MULTI = "Må ikke indeholde usynlige styretegn (kun linjeskift og tabulatortegn er tilladt)."


@pytest.mark.parametrize(
    ("value", "single", "multi"),
    [
        ("Anne Æble-Øster", False, False),
        ("a\tb", True, False),
        ("a\nb\r\nc", True, False),
        ("a\x00b", True, True),
        ("a\x01b", True, True),
        ("a\x0bb", True, True),
        ("a\x0cb", True, True),
        ("a\x1fb", True, True),
        ("a\x7fb", True, True),
        ("a\x85b", True, True),
        (["ok", "n\x00"], True, True),
        (None, False, False),
        (12, False, False),
    ],
)
def test_has_control_characters(value, single, multi):
    assert has_control_characters(value) is single
    assert has_control_characters(value, multiline=True) is multi


def test_check_no_control_characters_names_the_field():
    with pytest.raises(ValidationError) as caught:
        check_no_control_characters("a\x00", field="name")
    assert caught.value.message_dict == {"name": [SINGLE]}
    assert caught.value.error_dict["name"][0].code == "control_character"
    check_no_control_characters("a\nb", field="note", multiline=True)


def test_services_name_check_refuses_control_characters():
    with pytest.raises(ValidationError) as caught:
        check_no_formula("Skole\x01", field="name")
    assert caught.value.message_dict == {"name": [SINGLE]}
    check_no_formula("Skole A", field="name")


class SampleForm(DkfdsForm):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    themes = LinesField(required=False)
    count = forms.IntegerField(required=False)


def test_form_base_single_line_and_textarea():
    form = SampleForm({"name": "a\tb", "note": "x\x0by", "themes": "ok\nb\x0bad"})
    assert not form.is_valid()
    assert form.errors == {"name": [SINGLE], "note": [MULTI], "themes": [MULTI]}
    form = SampleForm({"name": "Anne", "note": "linje 1\r\n\tlinje 2", "themes": "a\nb"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["themes"] == ["a", "b"]


def test_form_base_validators_are_per_instance():
    SampleForm({"name": "x"})
    SampleForm({"name": "y"})
    assert len(SampleForm.base_fields["name"].validators) == 1  # Django's NUL check only


def test_xlsx_writer_drops_illegal_characters():
    data = to_xlsx(["Navn\x00"], [["An\x01ne", "\x02=SUM(1)", "linje\nto", 5]])
    rows = list(load_workbook(io.BytesIO(data)).active.values)
    assert rows == [("Navn", None, None, None), ("Anne", "'=SUM(1)", "linje\nto", 5)]
