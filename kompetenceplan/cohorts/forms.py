"""The cohorts' forms: they parse; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.forms import DATE_INPUT, DkfdsForm, TimeSpanForm
from kompetenceplan.organisation.models import Person

from .choices import EnrolmentMode, SessionKind

START_FORMATS = ("%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M")


class CohortForm(DkfdsForm):
    name = forms.CharField(label=_("Navn"), max_length=150)
    school_year = forms.CharField(
        label=_("Skoleår"), max_length=7, help_text=_("Fx 2025/26 (1. august – 31. juli).")
    )
    capacity = forms.IntegerField(label=_("Antal pladser"))
    minimum = forms.IntegerField(
        label=_("Mindste antal deltagere"),
        required=False,
        help_text=_("Holdet markeres, hvis der er færre tilmeldte ved tilmeldingsfristen."),
    )
    enrolment_mode = forms.ChoiceField(label=_("Tilmelding"), choices=EnrolmentMode.choices)
    enrolment_deadline = forms.DateField(
        label=_("Tilmeldingsfrist"), required=False, widget=DATE_INPUT
    )
    provider = forms.CharField(label=_("Udbyder"), max_length=200, required=False)
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)
    responsible_user = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), required=False, empty_label="–"
    )
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea)
    min_sessions_attended = forms.IntegerField(
        label=_("Gennemført ved fremmøde til"),
        required=False,
        min_value=1,
        help_text=_("Antal kursusgange en deltager skal have været til stede ved; tomt: alle."),
    )

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            municipality_id=municipality_id,
            role__in=(Role.ADMINISTRATOR, Role.CONSULTANT),
            is_active=True,
        ).order_by("first_name", "last_name", "username")

    def clean_minimum(self):
        return self.cleaned_data.get("minimum") or 0


class CohortCreateForm(CohortForm):
    """A new cohort; with the initiative's time estimate, its sessions at once."""

    starts = forms.CharField(
        label=_("Kursusgange fra tidsestimatet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    practice_between = forms.CharField(
        label=_("Prøvehandling mellem kursusgangene"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, estimate: tuple[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if estimate is None:
            del self.fields["starts"]
            del self.fields["practice_between"]
        else:
            count, hours = estimate
            self.fields["starts"].help_text = _(
                "Indsatsen er estimeret til %(count)s gange à %(hours)s timer. Skriv én "
                "starttid pr. linje (fx 03-09-2025 09:00), så oprettes kursusgangene; de kan "
                "rettes bagefter. Tomt: ingen kursusgange endnu."
            ) % {"count": count, "hours": hours}

    def clean_starts(self) -> list[dt.datetime]:
        starts = []
        for line in (self.cleaned_data.get("starts") or "").splitlines():
            text = " ".join(line.split())
            if not text:
                continue
            for pattern in START_FORMATS:
                try:
                    naive = dt.datetime.strptime(text, pattern)  # noqa: DTZ007 - made aware below
                except ValueError:
                    continue
                starts.append(timezone.make_aware(naive))
                break
            else:
                raise forms.ValidationError(
                    _("Kan ikke læse “%(line)s”; skriv fx 03-09-2025 09:00.") % {"line": text}
                )
        return starts


class SessionForm(TimeSpanForm):
    """Date and times in Copenhagen time; ``starts_at``/``ends_at`` come out
    as aware datetimes for the service."""

    field_order = ("kind", "date", "starts_at", "ends_at")
    kind = forms.ChoiceField(label=_("Type"), choices=SessionKind.choices)
    hours = forms.DecimalField(
        label=_("Timer"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("Tomt: kursusgangens længde."),
    )
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Onlinelink"), required=False, assume_scheme="https")
    practice_after = forms.CharField(
        label=_("Prøvehandling efter kursusgangen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Det, deltagerne afprøver i praksis frem til næste kursusgang."),
    )


def session_initial(session) -> dict:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return {
        "kind": session.kind,
        "date": start.date(),
        "starts_at": start.time(),
        "ends_at": end.time(),
        "hours": session.hours,
        "place": session.place,
        "online_url": session.online_url,
        "practice_after": session.practice_after,
    }


class NominateForm(DkfdsForm):
    person = forms.ModelChoiceField(label=_("Medarbejder"), queryset=Person.objects.none())
    override_reason = forms.CharField(
        label=_("Begrundelse, hvis medarbejderen er uden for målgruppen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
        if not may_override:
            del self.fields["override_reason"]


class ReasonForm(DkfdsForm):
    reason = forms.CharField(label=_("Begrundelse (valgfri)"), required=False, max_length=500)


class SchoolHolidayForm(DkfdsForm):
    name = forms.CharField(label=_("Navn"), max_length=100, help_text=_("Fx Vinterferie."))
    start = forms.DateField(label=_("Første dag"), widget=DATE_INPUT)
    end = forms.DateField(label=_("Sidste dag"), widget=DATE_INPUT)


class AttendanceForm(DkfdsForm):
    """The attendance list: the ticked participants were absent (by person id)."""

    absent = forms.TypedMultipleChoiceField(
        label=_("Fraværende"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, person_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["absent"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in person_ids]
