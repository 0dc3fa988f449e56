"""Forms for the plan pages. They only parse input (types, required,
choices); the rules and their messages live in the services (:mod:`.errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm, DkfdsModelForm, LinesField
from kompetenceplan.core.validators import YEAR_MAX, YEAR_MIN
from kompetenceplan.organisation.selectors import resource_functions_of

from .models import FocusArea, Initiative, Plan
from .selectors import methods_of
from .services import INITIATIVE_EDITABLE, PLAN_FIELDS


class InitiativeForm(DkfdsModelForm):
    themes = LinesField(label=_("Temaer (ét pr. linje)"), required=False)
    partners = LinesField(label=_("Samarbejdspartnere og udbydere (én pr. linje)"), required=False)
    target_institution_kinds = LinesField(
        label=_("Institutionstyper i målgruppen (én pr. linje)"), required=False
    )

    class Meta:
        model = Initiative
        # What the services edit, less what is set elsewhere.
        fields = [
            name
            for name in INITIATIVE_EDITABLE
            if name not in ("target_institutions", "policies", "responsible_user")
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 8}),
            "target_group_text": forms.Textarea(attrs={"rows": 2}),
            "time_text": forms.Textarea(attrs={"rows": 2}),
            "economy_text": forms.Textarea(attrs={"rows": 3}),
            "status_note": forms.Textarea(attrs={"rows": 2}),
            "target_roles": forms.CheckboxSelectMultiple,
            "target_functions": forms.CheckboxSelectMultiple,
            "methods": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["focus_area"].queryset = FocusArea.objects.filter(plan=plan)
        # The plan's municipality's own reference data, never another's (ADR 0013).
        self.fields["methods"].queryset = methods_of(municipality_id=plan.municipality_id)
        self.fields["target_functions"].queryset = resource_functions_of(
            municipality_id=plan.municipality_id
        )


class PlanCopyForm(DkfdsForm):
    title = forms.CharField(label=_("Titel på den nye plan"), max_length=250)
    slug = forms.SlugField(
        label=_("Kortnavn"), max_length=80, help_text=_("Fx ishoj-skole-2026-2028")
    )
    period_start = forms.IntegerField(
        label=_("Periode fra (år)"), min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    period_end = forms.IntegerField(
        label=_("Periode til (år)"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )


class PlanForm(DkfdsModelForm):
    presented_to = LinesField(label=_("Forelægges for (én pr. linje)"), required=False)

    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 10}),
            "committee_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fallesmed_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def _get_validation_exclusions(self):
        # The period's constraint is a rule: plan_update checks it and puts
        # its message (PlansError) on the field.
        return super()._get_validation_exclusions() | {"period_end"}


class FocusAreaForm(DkfdsModelForm):
    statements = LinesField(label=_("Udsagn (ét pr. linje)"), required=False)

    class Meta:
        model = FocusArea
        fields = ["number", "title", "description", "statements_heading", "statements"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
