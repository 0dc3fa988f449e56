"""Forms of the follow-up pages: they parse; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm

from .scheduling import school_year_label


class InitiativeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.label} ({obj.plan.short_label})"


class KindChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        period = f", {obj.period}" if obj.period else ""
        return f"{obj.name} – {obj.cadence_label}{period}"


class HostChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class MeetingForm(DkfdsForm):
    agenda = forms.CharField(
        label=_("Dagsorden"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    notes = forms.CharField(
        label=_("Referat og noter"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    goals = forms.CharField(
        label=_("Mål, der følges op på"),
        required=False,
        help_text=_("Fx skolens udviklingsmål og progressionsmål"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    location = forms.CharField(label=_("Sted"), required=False, max_length=200)
    initiatives = InitiativeChoices(
        label=_("Indsatser, der følges op på"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = initiatives


class GenerateForm(DkfdsForm):
    school_year = forms.TypedChoiceField(label=_("Skoleår"), coerce=int)
    kinds = KindChoices(
        label=_("Opfølgningstyper"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    host = HostChoice(
        label=_("Mødeholder (forvaltningen)"),
        queryset=None,
        help_text=_("Fx skolecenterchefen; deltager i alle møderne"),
    )

    def __init__(self, *args, years, kinds, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, school_year_label(y)) for y in years]
        self.fields["kinds"].queryset = kinds
        self.fields["host"].queryset = hosts
