"""Forms for the funding pages. They validate input; the rules on money live
in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm, apply_dkfds_classes

from .choices import EarmarkKind
from .money import format_amount_input, parse_amount
from .selectors import allowed_purposes


class AmountField(forms.CharField):
    """Kroner typed the Danish way (see :mod:`.money`); cleans to Decimal or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return format_amount_input(value)

    def to_python(self, value):
        try:
            return parse_amount(super().to_python(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class OverviewFilterForm(DkfdsForm):
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=None, required=False, empty_label=_("Alle planer")
    )
    # Validated as a year; the select's choices (the years with money) are set
    # once the overview is known (set_years).
    year = forms.IntegerField(
        label=_("År"), required=False, min_value=1990, max_value=2100, widget=forms.Select
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    def set_years(self, years: list[int]) -> None:
        self.fields["year"].widget.choices = [("", _("Alle år"))] + [
            (str(y), str(y)) for y in years
        ]


class AllocationForm(DkfdsForm):
    source = forms.ChoiceField(label=_("Kilde"), choices=())
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Kalenderår. Lad feltet stå tomt for hele planperioden (uden år)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    amount = AmountField(
        label=_("Beløb (kr.)"),
        required=False,
        help_text=_("Fx 150.000 eller 150.000,50. Tomt: kilden finansierer uden et angivet beløb."),
    )
    purpose = forms.CharField(label=_("Formål"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sources: list, can_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {s.pk: s for s in sources}
        self.fields["source"].choices = [("", _("Vælg kilde"))] + [
            (str(s.pk), s.name) for s in sources
        ]
        if can_override:
            self.fields["override_reason"] = forms.CharField(
                label=_("Begrundelse for overskridelse"),
                required=False,
                max_length=400,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Kun for administratorer: udfyld, hvis bevillingen må overskride kildens "
                    "beløb. Begrundelsen gemmes og logges."
                ),
            )
        self.purpose_source = self._chosen_source()
        purposes = (
            allowed_purposes(self.purpose_source.earmarks.all()) if self.purpose_source else None
        )
        if purposes:
            self.fields["purpose"] = forms.ChoiceField(
                label=_("Formål"),
                choices=[("", _("Vælg formål"))] + [(p, p) for p in purposes],
                help_text=_("%(source)s må kun finansiere disse formål.")
                % {"source": self.purpose_source.name},
            )
        self.share_rules = [
            e
            for e in (self.purpose_source.earmarks.all() if self.purpose_source else [])
            if e.kind == EarmarkKind.MAX_SHARE and e.percent is not None
        ]
        apply_dkfds_classes(self)

    def clean_source(self):
        return self.sources[int(self.cleaned_data["source"])]

    def _chosen_source(self):
        raw = self.data.get(self.add_prefix("source")) if self.is_bound else None
        if raw in (None, ""):
            raw = self.initial.get("source")
        if hasattr(raw, "pk"):
            raw = raw.pk
        try:
            return self.sources.get(int(raw))
        except (TypeError, ValueError):
            return None
