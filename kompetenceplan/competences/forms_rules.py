"""Forms of the mandatory rules and of enrolling from the compliance list.
They parse; the services decide (services_rules.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.forms import DATE_INPUT, DkfdsForm
from kompetenceplan.organisation.choices import InstitutionKind
from kompetenceplan.organisation.models import JobRole, Person, ResourceFunction
from kompetenceplan.plans.models import Initiative

from .choices import ComplianceStatus, QualificationKind, RuleTrigger
from .models import MandatoryRule


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.label} ({obj.plan.title})"


class RuleForm(DkfdsForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    job_role = forms.ModelChoiceField(
        label=_("Stilling"),
        queryset=JobRole.objects.order_by("name"),
        required=False,
        empty_label=_("(ingen)"),
        help_text=_("Reglen gælder for medarbejdere i stillingen og/eller med funktionen."),
    )
    resource_function = forms.ModelChoiceField(
        label=_("Ressourcefunktion"),
        queryset=ResourceFunction.objects.none(),
        required=False,
        empty_label=_("(ingen)"),
    )
    institution_kinds = forms.MultipleChoiceField(
        label=_("Kun på institutionstyperne"),
        choices=InstitutionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: alle institutionstyper."),
    )
    trigger = forms.ChoiceField(
        label=_("Fristen regnes fra"), choices=RuleTrigger.choices, widget=forms.RadioSelect
    )
    trigger_date = forms.DateField(
        label=_("Fast dato"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Kun når fristen regnes fra en fast dato."),
    )
    applies_from = forms.DateField(
        label=_("Gælder fra"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Kun medarbejdere, der er ansat eller startet i stillingen denne dag eller senere. "
            "Tom: alle."
        ),
    )
    deadline_days = forms.IntegerField(label=_("Frist i dage"), min_value=0)
    initiative = InitiativeChoiceField(
        label=_("Opfyldes af indsatsen"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("(ingen)"),
        help_text=_("Et gennemført hold under indsatsen opfylder reglen."),
    )
    qualification_kind = forms.ChoiceField(
        label=_("Opfyldes af kvalifikationen"),
        choices=[("", _("(ingen)")), *QualificationKind.choices],
        required=False,
    )
    active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger"].widget.attrs["class"] = "form-radio"
        functions = self.fields["resource_function"]
        assert isinstance(functions, forms.ModelChoiceField)
        functions.queryset = ResourceFunction.objects.filter(
            municipality_id=municipality_id
        ).order_by("name")
        initiatives = self.fields["initiative"]
        assert isinstance(initiatives, forms.ModelChoiceField)
        initiatives.queryset = (
            Initiative.objects.filter(plan__municipality_id=municipality_id)
            .select_related("plan")
            .order_by("plan__title", "sort_key")
        )


class ComplianceFilterForm(DkfdsForm):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Alle"))], required=False)
    rule = forms.ModelChoiceField(
        label=_("Regel"),
        queryset=MandatoryRule.objects.none(),
        required=False,
        empty_label=_("Alle regler"),
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("Alle")), *ComplianceStatus.choices]
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.queryset = rules


class ComplianceEnrolForm(forms.Form):
    """One row's enrol button: the person, the rule and the chosen cohort."""

    person = forms.ModelChoiceField(queryset=Person.objects.none())
    rule = forms.ModelChoiceField(queryset=MandatoryRule.objects.none())
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none())

    def __init__(self, *args, people, rules, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (("person", people), ("rule", rules), ("cohort", cohorts)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
