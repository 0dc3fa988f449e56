"""Forms of the competence records. They parse; the services decide
(competences/services.py holds the rules and their messages)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DATE_INPUT, DkfdsForm

from .choices import CompetenceBasis, CompetenceLevel, QualificationKind
from .models import Subject

#: The bases a leader chooses from for tilsvarende kompetence (not the education).
ASSESSED_BASES = [c for c in CompetenceBasis.choices if c[0] != CompetenceBasis.EDUCATION]


class CompetenceForm(DkfdsForm):
    """A teaching competence. ``formal_allowed`` (administrators) shows the
    level; a leader records tilsvarende kompetence only."""

    subject = forms.ModelChoiceField(label=_("Fag"), queryset=Subject.objects.none())
    level = forms.ChoiceField(label=_("Niveau"), choices=CompetenceLevel.choices)
    basis = forms.ChoiceField(
        label=_("Grundlag"),
        choices=CompetenceBasis.choices,
        help_text=_(
            "Undervisningskompetence bygger på læreruddannelsen; tilsvarende kompetence på "
            "fx et KiU-forløb, et diplommodul eller erfaring."
        ),
    )
    assessed_on = forms.DateField(
        label=_("Dato for vurderingen"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Fra denne dato tæller kompetencen med i dækningen."),
    )
    note = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, subjects, formal_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = subjects
        self.formal_allowed = formal_allowed
        if not formal_allowed:
            # A leader records tilsvarende kompetence only: no level to choose.
            del self.fields["level"]
            self.fields["assessed_on"].required = True
            basis = self.fields["basis"]
            assert isinstance(basis, forms.ChoiceField)
            basis.choices = ASSESSED_BASES
            basis.help_text = _("Hvad din vurdering af tilsvarende kompetence bygger på.")

    def clean(self):
        data = super().clean()
        if not self.formal_allowed:
            data["level"] = CompetenceLevel.ASSESSED
        return data


class QualificationForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Kvalifikation"), choices=QualificationKind.choices)
    title = forms.CharField(
        label=_("Betegnelse"),
        required=False,
        max_length=200,
        help_text=_("Fx diplommodulets navn."),
    )
    subject = forms.ModelChoiceField(
        label=_("Fag"),
        queryset=Subject.objects.none(),
        required=False,
        help_text=_("Kun for et KiU-forløb."),
    )
    obtained_on = forms.DateField(label=_("Opnået"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = subjects


class CompletionGrantForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Giver ved gennemførelse"), choices=QualificationKind.choices)
    subject = forms.ModelChoiceField(
        label=_("Fag"),
        queryset=Subject.objects.none(),
        required=False,
        help_text=_("Kun for et KiU-forløb: faget, lederen derefter kan vurdere."),
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = subjects
