"""Forms for the funding pages. They only parse input (types, required,
choices); every rule and its message lives in the services
(:mod:`.errors`), which the views put on the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import (
    DkfdsForm,
    DkfdsModelForm,
    LinesField,
    YearField,
    apply_dkfds_classes,
)
from kompetenceplan.core.validators import parse_percent
from kompetenceplan.plans.models import Plan

from .choices import EarmarkKind, SourceKind
from .models import FundingSource
from .money import format_amount_input, parse_amount
from .selectors import allowed_purposes


class AmountField(forms.CharField):
    """Kroner typed the Danish way (``core.validators.parse_amount``); cleans
    to Decimal or None."""

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
    plan: forms.ModelChoiceField[Plan] = forms.ModelChoiceField(
        label=_("Plan"), queryset=None, required=False, empty_label=_("Alle planer")
    )
    # Validated as a year; the select's choices (the years with money) are set
    # once the overview is known (set_years).
    year = YearField(label=_("År"), required=False, widget=forms.Select)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    def set_years(self, years: list[int]) -> None:
        self.fields["year"].widget.choices = [("", _("Alle år"))] + [
            (str(y), str(y)) for y in years
        ]


class AllocationForm(DkfdsForm):
    source = forms.ChoiceField(label=_("Kilde"), choices=())
    year = YearField(
        label=_("År"),
        required=False,
        help_text=_("Kalenderår. Lad feltet stå tomt for hele planperioden (uden år)."),
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
        cast(forms.ChoiceField, self.fields["source"]).choices = [("", _("Vælg kilde"))] + [
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


# --- Sources, amounts and earmarks (administrators) ----------------------------------------


def override_reason_field(help_text) -> forms.CharField:
    return forms.CharField(
        label=_("Begrundelse for overskridelse"),
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class SourceForm(DkfdsModelForm):
    """A source's name, kind, description and cap. With ``can_override`` (an
    existing source) the override reason for turning the cap on is offered."""

    class Meta:
        model = FundingSource
        fields = ["name", "kind", "description", "capped"]
        labels = {"name": _("Navn"), "kind": _("Type"), "capped": _("Kilden har et loft")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, can_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("Vælg type"))] + list(
            SourceKind.choices
        )
        self.fields["name"].help_text = _("Fx “Opkvalificeringspuljen”. Navnet skal være entydigt.")
        self.fields["capped"].help_text = _(
            "Bevillinger må ikke overstige kildens beløb uden en logget godkendelse. "
            "Uden loft viser kilden kun, hvor pengene kommer fra."
        )
        if can_override:
            self.fields["override_reason"] = override_reason_field(
                _(
                    "Kun nødvendigt, hvis kilden får loft, og der allerede er bevilget mere, "
                    "end den har. Begrundelsen logges."
                )
            )
            self.fields["override_reason"].widget.attrs["class"] = "form-input"


class BudgetForm(DkfdsForm):
    """One amount: a calendar year or a period with a label (exactly one)."""

    year = YearField(label=_("År"), required=False, help_text=_("Kalenderår, fx 2026."))
    label = forms.CharField(
        label=_("Periode"),
        required=False,
        max_length=60,
        help_text=_(
            "Kun når beløbet ikke gælder et kalenderår, fx “2024/2025 og 2025/2026”. "
            "Lad så året stå tomt."
        ),
    )
    amount = AmountField(label=_("Beløb (kr.)"), help_text=_("Fx 1.165.000 eller 150.000,50."))
    note = forms.CharField(
        label=_("Kilde i planen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hvor beløbet står, fx planens afsnit om økonomi eller en budgetaftale."),
    )
    override_reason = override_reason_field(
        _(
            "Kun nødvendigt, hvis der allerede er bevilget mere fra kilden, end den har med "
            "dette beløb. Begrundelsen logges."
        )
    )


class PercentField(forms.CharField):
    """A percentage typed the Danish way ('10', '12,5', '12,5 %'); cleans to
    Decimal (``core.validators.parse_percent``; the range is the service's rule)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value

    def to_python(self, value):
        try:
            return parse_percent(super().to_python(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class EarmarkForm(DkfdsForm):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Vælg type"))] + list(EarmarkKind.choices),
        help_text=_("Udfyld derefter felterne under den valgte type."),
    )
    purposes = LinesField(
        rows=6,
        label=_("Tilladte formål (ét pr. linje)"),
        required=False,
        help_text=_("Hver bevilling fra kilden skal have et af formålene."),
    )
    purpose = forms.CharField(
        label=_("Formål"),
        required=False,
        max_length=200,
        help_text=_("Fx “Uformel opkvalificering”."),
    )
    percent = PercentField(
        label=_("Højst procent"),
        required=False,
        help_text=_(
            "Så stor en del af et års beløb og af det samlede beløb må højst gå til formålet: "
            "0-100, fx 10 eller 12,5."
        ),
    )
    text = forms.CharField(
        label=_("Ordlyd"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Reglen, som planen eller tilsagnet formulerer den."),
    )


class ConfirmDeleteForm(DkfdsForm):
    """The delete confirmation; with ``can_override`` an override reason too."""

    def __init__(self, *args, can_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_override:
            self.fields["override_reason"] = override_reason_field(
                _(
                    "Kun for administratorer: udfyld, hvis beløbet må slettes, selv om der så er "
                    "bevilget mere fra kilden, end den har. Begrundelsen gemmes i loggen."
                )
            )
            self.fields["override_reason"].widget.attrs["class"] = "form-input"
