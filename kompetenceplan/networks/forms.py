"""The networks' forms: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.forms import DkfdsForm, TimeSpanForm, time_span_initial
from kompetenceplan.organisation.choices import Sector
from kompetenceplan.organisation.models import Institution, Person, ResourceFunction

from . import selectors
from .choices import MONTH_NAMES, SCHOOL_YEAR_MONTHS, NetworkKind


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class NetworkForm(DkfdsForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=NetworkKind.choices)
    sector = forms.ChoiceField(label=_("Område"), choices=Sector.choices)
    coordinator = UserChoiceField(
        label=_("Tovholder"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("En bruger med rollen tovholder eller konsulent."),
    )
    coordinator_title = forms.CharField(
        label=_("Tovholderens titel"),
        max_length=200,
        required=False,
        help_text=_("Som planen skriver den, fx “Konsulent for sprog, læsning og skrivning”."),
    )
    meetings_per_year = forms.IntegerField(
        label=_("Møder om året"), required=False, min_value=1, max_value=52
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["coordinator"]
        field.queryset = selectors.coordinator_choices(municipality_id)


class MemberForm(DkfdsForm):
    person = PersonChoiceField(label=_("Medarbejder"), queryset=Person.objects.none())
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(
        label=_("Repræsenterer institution"), queryset=Institution.objects.none(), required=False
    )
    resource_function: forms.ModelChoiceField[ResourceFunction] = forms.ModelChoiceField(
        label=_("Ressourcefunktion"), queryset=ResourceFunction.objects.none(), required=False
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.queryset = selectors.person_choices(network)
        self.fields["institution"].queryset = selectors.institution_choices(network.municipality_id)
        self.fields["resource_function"].queryset = selectors.resource_function_choices(
            network.municipality_id
        )


class MeetingForm(TimeSpanForm):
    """Date and times in Copenhagen time; ``starts_at``/``ends_at`` come out
    as aware datetimes for the service."""

    place = forms.CharField(label=_("Sted"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Onlinelink"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Dagsorden"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


def meeting_initial(meeting) -> dict:
    return {
        **time_span_initial(meeting.starts_at, meeting.ends_at),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "agenda": meeting.agenda,
    }


class WheelEntryForm(DkfdsForm):
    school_year = forms.CharField(
        label=_("Skoleår"), max_length=7, help_text=_("Fx 2026/27 (1. august – 31. juli).")
    )
    month = forms.TypedChoiceField(
        label=_("Måned"),
        coerce=int,
        choices=[(m, str(MONTH_NAMES[m]).capitalize()) for m in SCHOOL_YEAR_MONTHS],
    )
    theme = forms.CharField(label=_("Tema"), max_length=200)
    activity = forms.CharField(
        label=_("Aktivitet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    competence_development = forms.CharField(
        label=_("Kompetenceudvikling"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
