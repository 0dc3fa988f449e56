"""Forms of spending: an expense of a cohort, a substitute rate. They parse;
the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.formatting import kr
from kompetenceplan.core.forms import DATE_INPUT, DkfdsForm
from kompetenceplan.funding.forms import AmountField
from kompetenceplan.funding.models import Allocation
from kompetenceplan.organisation.models import JobRole

from .models import ExpenseKind


class AllocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Allocation) -> str:
        year = str(obj.year) if obj.year is not None else _("uden år")
        amount = kr(obj.amount) if obj.amount is not None else _("intet beløb")
        return f"{obj.source.name}, {year} ({amount})"


class ExpenseForm(DkfdsForm):
    allocation = AllocationChoiceField(label=_("Bevilling"), queryset=Allocation.objects.none())
    kind = forms.ChoiceField(label=_("Art"), choices=ExpenseKind.choices)
    amount = AmountField(label=_("Beløb (kr.)"), help_text=_("Fx 12.500,50"))
    date = forms.DateField(label=_("Dato"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["allocation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = allocations


class SubstituteRateForm(DkfdsForm):
    job_role = forms.ModelChoiceField(label=_("Stilling"), queryset=JobRole.objects.all())
    year = forms.IntegerField(label=_("År"))
    hourly_rate = AmountField(label=_("Kr. pr. time"), help_text=_("Fx 385,50"))
