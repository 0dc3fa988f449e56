"""The rollout target's form (docs/cohorts.md, "Udrulning"): it parses; the
service (:func:`kompetenceplan.cohorts.rollouts.rollout_set`) decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.organisation.choices import InstitutionKind, Sector
from kompetenceplan.organisation.models import JobRole

from .models import RolloutCriterion


class RolloutTargetForm(DkfdsForm):
    target_roles = forms.ModelMultipleChoiceField(
        label=_("Stillinger i målgruppen"),
        queryset=JobRole.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    institution_kinds = forms.MultipleChoiceField(
        label=_("Institutionstyper"),
        choices=InstitutionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: alle typer."),
    )
    sector = forms.ChoiceField(
        label=_("Område"),
        choices=[("", _("Alle områder")), *Sector.choices],
        required=False,
    )
    first_school_year = forms.CharField(
        label=_("Første skoleår"), max_length=7, help_text=_("Fx 2025/26.")
    )
    school_years = forms.IntegerField(
        label=_("Antal skoleår"), help_text=_("Fx 4 for en fireårig periode.")
    )
    criterion = forms.ChoiceField(
        label=_("Deltaget betyder"),
        choices=RolloutCriterion.choices,
        widget=forms.RadioSelect,
    )
