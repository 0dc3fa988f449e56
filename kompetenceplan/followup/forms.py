"""Forms of the follow-up pages: they parse; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm, TimeSpanForm

from .choices import FollowupCategory, FollowupScope
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


class MeetingForm(TimeSpanForm):
    """Date and times in Copenhagen time (``starts_at``/``ends_at`` come out as
    aware datetimes for the service, which decides whether it may move), then
    the texts and initiatives. ``movable=False`` (cancelled or held) shows the
    time but does not take it."""

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

    def __init__(self, *args, initiatives, movable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = initiatives
        if not movable:
            for name in ("date", "starts_at", "ends_at"):
                self.fields[name].disabled = True
            self.fields["date"].help_text = _("Et aflyst eller afholdt møde kan ikke flyttes.")


class CancelForm(DkfdsForm):
    """Why a meeting is cancelled (required by the service)."""

    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=500,
        help_text=_("Fx sygdom eller et sammenfald med et andet møde. Deltagerne ser den."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class YearHostForm(DkfdsForm):
    """A school year to generate and who holds the meetings (a kind's page)."""

    school_year = forms.TypedChoiceField(label=_("Skoleår"), coerce=int)
    host = HostChoice(
        label=_("Mødeholder (forvaltningen)"),
        queryset=None,
        help_text=_("Fx skolecenterchefen; deltager i alle møderne"),
    )

    def __init__(self, *args, years, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, school_year_label(y)) for y in years]
        self.fields["host"].queryset = hosts


class GenerateForm(YearHostForm):
    kinds = KindChoices(
        label=_("Opfølgningstyper"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["school_year", "kinds", "host"]

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].queryset = kinds


class KindForm(DkfdsForm):
    """A follow-up kind; the cadence's rules and messages are the service's."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    category = forms.ChoiceField(label=_("Art"), choices=FollowupCategory.choices)
    scope = forms.ChoiceField(
        label=_("Hvem mødet holdes med"),
        choices=FollowupScope.choices,
    )
    times_min = forms.IntegerField(
        label=_("Mindst gange om året"),
        required=False,
        help_text=_("Fx 4 i 4-6 gange om året"),
    )
    times_max = forms.IntegerField(
        label=_("Højst gange om året"),
        required=False,
        help_text=_(
            "Så mange møder genereres pr. skoleår. Tomt i begge felter: løbende, uden fast kadence."
        ),
    )
    duration_minutes = forms.IntegerField(label=_("Varighed (minutter)"))
    text = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        help_text=_("For en type fra en plan: planens ordlyd"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    active = forms.BooleanField(
        label=_("I brug"),
        required=False,
        help_text=_("En type, der ikke er i brug, beholder sine møder, men giver ingen nye."),
    )
