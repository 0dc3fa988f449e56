"""The calendar's forms: they parse only (the rules are in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.organisation.choices import Sector

from .choices import FeedKind


class CalendarFilterForm(DkfdsForm):
    """The filters of the month, week and list views (GET)."""

    sector = forms.ChoiceField(
        label=_("Område"), required=False, choices=[("", _("Alle områder")), *Sector.choices]
    )
    institution: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Institution"),
        required=False,
        queryset=None,
        empty_label=_("Alle institutioner"),
    )
    # Validated as a number; the choices (the initiatives of the period's
    # events) are set once the events are known.
    initiative = forms.IntegerField(
        label=_("Indsats"), required=False, min_value=1, widget=forms.Select
    )

    def __init__(self, *args, institutions, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["institution"].error_messages["invalid_choice"] = _(
            "Vælg en institution fra listen."
        )
        self.fields["institution"].error_messages["invalid_choice"] = _(
            "Vælg en institution fra listen."
        )
        self.fields["sector"].error_messages["invalid_choice"] = _("Vælg et område fra listen.")
        for key in ("invalid", "min_value"):
            self.fields["initiative"].error_messages[key] = _("Vælg en indsats fra listen.")
        self.set_initiatives(initiatives)

    def set_initiatives(self, initiatives) -> None:
        self.fields["initiative"].widget.choices = [
            ("", _("Alle indsatser")),
            *[(str(pk), title) for pk, title in initiatives],
        ]


class FeedCreateForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Kalender"), choices=FeedKind.choices)
    institution: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Institution"), required=False, queryset=None
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["institution"].error_messages["invalid_choice"] = _(
            "Vælg en institution fra listen."
        )
