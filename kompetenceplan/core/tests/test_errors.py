"""Error codes (core/errors.py): one message and one field per code."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode, add_to_form, combine, error_fields


class SampleError(ErrorCode):
    TOO_BIG = (_("%(name)s er for stor."), "size")
    GENERAL = (_("Det gik galt."), None)


class SampleForm(forms.Form):
    size = forms.IntegerField()


def test_error_carries_code_field_and_message():
    exc = SampleError.TOO_BIG.error(name="Puljen")
    assert exc.message_dict == {"size": ["Puljen er for stor."]}
    assert exc.code == "too_big"
    assert exc.error_dict["size"][0].code == "too_big"
    assert SampleError.GENERAL.error().message_dict == {NON_FIELD_ERRORS: ["Det gik galt."]}
    assert SampleError.GENERAL.error(field="size").message_dict == {"size": ["Det gik galt."]}


def test_add_to_form_puts_each_error_on_its_field_or_above_the_form():
    form = SampleForm({"size": "3"})
    assert form.is_valid()
    add_to_form(
        form,
        combine(
            [
                ("size", SampleError.TOO_BIG.item(name="Holdet")),
                ("missing", SampleError.GENERAL.item()),
            ]
        ),
    )
    assert form.errors == {"size": ["Holdet er for stor."], NON_FIELD_ERRORS: ["Det gik galt."]}
    plain = SampleForm({"size": "3"})
    plain.is_valid()
    add_to_form(plain, ValidationError("Uden felt."))
    assert plain.errors == {NON_FIELD_ERRORS: ["Uden felt."]}


def test_error_fields_of_a_plain_error():
    assert list(error_fields(ValidationError("x"))) == [NON_FIELD_ERRORS]
