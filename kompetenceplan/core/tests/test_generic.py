"""The generic view layer: error mapping and declared breadcrumbs."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError

from kompetenceplan.core.errors import add_to_form
from kompetenceplan.core.generic import HOME, Crumb, resolve_breadcrumbs


class AmountForm(forms.Form):
    amount = forms.IntegerField()
    purpose = forms.CharField(required=False)


def bound_form():
    form = AmountForm({"amount": "5", "purpose": "x"})
    assert form.is_valid()
    return form


def test_plain_message_goes_above_the_form():
    form = bound_form()
    add_to_form(form, ValidationError("Kilden er lukket."))
    assert form.non_field_errors() == ["Kilden er lukket."]
    assert form.errors.get("amount") is None


def test_error_dict_keys_that_are_fields_go_to_the_field_others_above():
    form = bound_form()
    exc = ValidationError(
        {
            "amount": ValidationError("Beløbet er for stort.", code="cap"),
            "source": "Kilden findes ikke.",
            "purpose": "Formålet er ikke tilladt.",
        }
    )
    add_to_form(form, exc)
    assert form.errors["amount"] == ["Beløbet er for stort."]
    assert form.errors["purpose"] == ["Formålet er ikke tilladt."]
    assert form.non_field_errors() == ["Kilden findes ikke."]


def test_declared_breadcrumbs_resolve_labels_urls_and_objects():
    plan = SimpleNamespace(pk=7, title="Plan", __str__=lambda self: "x")
    view = SimpleNamespace(object=SimpleNamespace(plan=plan, name="Team A"), show=False)
    crumbs = (
        HOME,
        Crumb("Planer", "plans:plan_list"),
        Crumb(lambda v: v.object.plan.title, "plans:plan_detail", obj="object.plan"),
        Crumb("Skjult", when="show"),
        Crumb(lambda v: v.object.name),
    )
    assert resolve_breadcrumbs(view, crumbs) == [
        ("Forside", "/"),
        ("Planer", "/planer/"),
        ("Plan", "/planer/7/"),
        ("Team A", None),
    ]
