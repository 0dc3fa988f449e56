"""The support app's forms: they only parse; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.forms import DATE_INPUT, DkfdsForm
from kompetenceplan.funding.models import FundingSource
from kompetenceplan.organisation.models import Institution
from kompetenceplan.plans.models import Initiative


class ResourceRequestForm(DkfdsForm):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    community = forms.CharField(
        label=_("Børnefællesskab eller team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx 2.b og deres klasseteam, eller vuggestuegruppen Bien."),
    )
    whole_community = forms.BooleanField(
        label=_("Henvendelsen handler om hele fællesskabet, ikke et enkelt barn"), required=False
    )
    goals = forms.CharField(
        label=_("Mål for forløbet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad skal være anderledes bagefter, og hvordan ser I det?"),
    )
    adult_team = forms.CharField(
        label=_("Voksenteamet, der deltager"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alle voksne omkring fællesskabet: lærere, pædagoger, medhjælpere."),
    )
    participating_leader = forms.CharField(
        label=_("Leder, der deltager"), required=False, max_length=200
    )
    wished_start = forms.DateField(label=_("Ønsket start"), required=False, widget=DATE_INPUT)
    wished_end = forms.DateField(label=_("Ønsket slut"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, institutions=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["institution"]
        else:
            field = self.fields["institution"]
            field.queryset = institutions
            only = list(institutions[:2])
            if len(only) == 1:  # a leader of one institution: chosen already
                field.initial = only[0].pk


class ReasonForm(DkfdsForm):
    reason = forms.CharField(
        label=_("Begrundelse"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanForm(DkfdsForm):
    cohort = forms.ModelChoiceField(
        label=_("Eksisterende hold"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=_("Vælg et hold, eller opret et nyt nedenfor."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Indsats for et nyt hold"), queryset=Initiative.objects.none(), required=False
    )
    cohort_name = forms.CharField(label=_("Det nye holds navn"), required=False, max_length=200)
    school_year = forms.CharField(
        label=_("Skoleår"), required=False, max_length=7, help_text=_("Fx 2026/27.")
    )
    capacity = forms.IntegerField(label=_("Antal pladser"), required=False, min_value=1)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cohorts=None, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["initiative"].queryset = initiatives


class ApplicationForm(DkfdsForm):
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_("Tovholdere for et netværk kan lade feltet stå tomt."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    project_description = forms.CharField(
        label=_("Projektbeskrivelse"), widget=forms.Textarea(attrs={"rows": 5})
    )
    participants = forms.CharField(label=_("Deltagere"), widget=forms.Textarea(attrs={"rows": 2}))
    hours = forms.DecimalField(label=_("Timer"), max_digits=8, decimal_places=2)
    amount = forms.DecimalField(label=_("Beløb (kr.)"), max_digits=14, decimal_places=2)
    period_start = forms.DateField(label=_("Periode fra"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("Periode til"), widget=DATE_INPUT)

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class ApproveForm(DkfdsForm):
    source = forms.ModelChoiceField(
        label=_("Finansieringskilde"), queryset=FundingSource.objects.none()
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    initiative = forms.ModelChoiceField(label=_("Indsats"), queryset=Initiative.objects.none())
    purpose = forms.CharField(label=_("Formål"), required=False, max_length=200)
    override_reason = forms.CharField(
        label=_("Begrundelse for overskridelse (kun administrator)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, sources=None, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["initiative"].queryset = initiatives


#: Sections shown on the form: the plan's own and this many empty ones.
EMPTY_SECTIONS = 2


class LocalPlanForm(DkfdsForm):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    school_year = forms.CharField(label=_("Skoleår"), max_length=7, help_text=_("Fx 2026/27."))
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Indsatser, planen bygger på"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    progression_goals = forms.CharField(
        label=_("Progressionsmål"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_needs = forms.CharField(
        label=_("Behov for praksisnær understøttelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args, institutions=None, initiatives=None, sections=(), editing=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["institution"]
            del self.fields["school_year"]
        else:
            self.fields["institution"].queryset = institutions
        self.fields["initiatives"].queryset = initiatives
        self.section_count = len(sections) + EMPTY_SECTIONS
        for number in range(1, self.section_count + 1):
            existing = sections[number - 1] if number <= len(sections) else {}
            self.fields[f"heading_{number}"] = forms.CharField(
                label=_("Afsnit %(number)s: overskrift") % {"number": number},
                required=False,
                max_length=200,
                initial=existing.get("heading", ""),
            )
            self.fields[f"text_{number}"] = forms.CharField(
                label=_("Afsnit %(number)s: tekst") % {"number": number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=existing.get("text", ""),
            )
        sections_order = [
            f"{kind}_{n}" for n in range(1, self.section_count + 1) for kind in ("heading", "text")
        ]
        self.order_fields(
            ["institution", "school_year", *sections_order, "initiatives", "progression_goals"]
        )

    def sections(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"heading_{n}", ""), data.get(f"text_{n}", ""))
            for n in range(1, self.section_count + 1)
        ]
