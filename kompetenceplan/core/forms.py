"""Form helpers: DKFDS classes on every widget, and the control-character
check on every text field (``core.validators.ControlCharacterValidator``:
single-line fields refuse tab and newline too, a Textarea allows them). Forms
only parse; the formula-prefix check is the services'
(``core.validators.check_no_formula``)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import YEAR_MAX, YEAR_MIN, ControlCharacterValidator


def apply_dkfds_classes(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.RadioSelect
        ):
            css = "form-checkbox"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            css = "form-file-input"
        else:
            css = "form-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def refuse_control_characters(form: forms.BaseForm) -> None:
    """Every text field of the form refuses control characters (the fields
    are the form instance's own copies, so this changes no other form).
    Django's own NUL check is replaced, as ours covers NUL with one message."""
    from django.core.validators import ProhibitNullCharactersValidator

    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
            field.validators.append(ControlCharacterValidator(multiline=multiline))


class DkfdsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_dkfds_classes(self)
        refuse_control_characters(self)


class DkfdsModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_dkfds_classes(self)
        refuse_control_characters(self)


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TimeSpanForm(DkfdsForm):
    """A day with a start and an end time in Copenhagen time (a course day, a
    network or follow-up meeting): ``starts_at``/``ends_at`` come out of
    ``clean()`` as aware datetimes for the service, which checks the order."""

    date = forms.DateField(label=_("Dato"), widget=DATE_INPUT)
    starts_at = forms.TimeField(label=_("Starter kl."), widget=TIME_INPUT)
    ends_at = forms.TimeField(label=_("Slutter kl."), widget=TIME_INPUT)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("starts_at"), data.get("ends_at")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end))
        return data


def time_span_initial(starts_at: dt.datetime, ends_at: dt.datetime) -> dict[str, Any]:
    """A :class:`TimeSpanForm`'s initial values for a stored start and end."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return {"date": start.date(), "starts_at": start.time(), "ends_at": end.time()}


class YearField(forms.IntegerField):
    """A calendar year in the range :mod:`.validators` allows, typed as digits
    (pass ``widget=forms.Select`` for a year filter)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)


class LinesField(forms.CharField):
    """One item per line <-> a list of strings (themes, partners, purposes);
    ``rows`` sizes the textarea."""

    def __init__(self, *, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        # Split on line breaks only (str.splitlines also splits on vertical tab
        # and other control characters, which the validator must see).
        lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return [line.strip() for line in lines if line.strip()]
