"""Forms of the planner's pages. They parse; the planner and the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from kompetenceplan.competences.models import Subject
from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.funding.forms import AmountField
from kompetenceplan.organisation.models import Institution, Person

from .choices import CourseKind, NominationStatus
from .models import CourseOption

WHOLE_MUNICIPALITY = ""


class PlannerForm(DkfdsForm):
    """What to plan for: school year, scope, target and/or budget."""

    school_year = forms.ChoiceField(label=_("Skoleår"))
    school = forms.ChoiceField(label=_("Omfang"), required=False)
    target = forms.DecimalField(
        label=_("Mål for kompetencedækning (%)"),
        required=False,
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Fx 95. Planen finder den billigste vej til målet."),
    )
    budget = AmountField(
        label=_("Budget (kr.)"),
        required=False,
        help_text=_(
            "Uden mål: mest mulig dækning for budgettet. Med mål: målet inden for budgettet."
        ),
    )
    slack_hours = forms.DecimalField(
        label=_("Timer en lærer må få mere eller mindre ved et bytte"),
        initial=Decimal(0),
        required=False,
        min_value=0,
        max_value=200,
        max_digits=5,
        decimal_places=1,
        help_text=_("0: kun bytte af lige mange timer."),
    )

    def __init__(self, *args, school_years, schools, whole_municipality: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, y) for y in school_years]  # type: ignore[attr-defined]
        choices = [(str(s.pk), s.name) for s in schools]
        if whole_municipality:
            choices.insert(0, (WHOLE_MUNICIPALITY, _("Hele kommunen")))
        else:
            choices.insert(0, (WHOLE_MUNICIPALITY, _("Mine skoler")))
        self.fields["school"].choices = choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("target") is None and data.get("budget") is None:
            raise forms.ValidationError(_("Angiv et mål, et budget eller begge."), code="no_goal")
        return data


class NominationForm(DkfdsForm):
    person = forms.ModelChoiceField(label=_("Lærer"), queryset=Person.objects.none())
    subject = forms.ModelChoiceField(label=_("Fag"), queryset=Subject.objects.none())
    school_year = forms.RegexField(label=_("Skoleår"), regex=r"^[0-9]{4}/[0-9]{2}$", max_length=7)
    institution = forms.ModelChoiceField(label=_("Skole"), queryset=Institution.objects.none())
    course_option = forms.ModelChoiceField(
        label=_("Kursusmulighed"), queryset=CourseOption.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people, schools, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["subject"].queryset = Subject.objects.filter(in_coverage=True)
        self.fields["institution"].queryset = schools
        self.fields["course_option"].queryset = options


class CourseOptionForm(DkfdsForm):
    name = forms.CharField(label=_("Navn"), max_length=150)
    kind = forms.ChoiceField(label=_("Type"), choices=CourseKind.choices)
    subject = forms.ModelChoiceField(
        label=_("Fag"),
        queryset=Subject.objects.filter(in_coverage=True),
        required=False,
        empty_label=_("Alle fag"),
    )
    price = AmountField(label=_("Pris pr. deltager (kr.)"), help_text=_("Fx 45.000"))
    duration_hours = forms.DecimalField(
        label=_("Varighed (timer)"), min_value=0, max_digits=6, decimal_places=1
    )
    ects = forms.DecimalField(
        label=_("ECTS"), required=False, min_value=0, max_digits=4, decimal_places=1
    )

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is None:
            raise forms.ValidationError(_("Angiv en pris."), code="required")
        if price < 0:
            raise forms.ValidationError(_("Prisen kan ikke være negativ."), code="negative")
        return price


class NominationStatusForm(DkfdsForm):
    status = forms.ChoiceField(label=_("Status"), choices=NominationStatus.choices)
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
