"""Form helpers: DKFDS classes on every widget, and the control-character
check on every text field (``core.validators.ControlCharacterValidator``:
single-line fields refuse tab and newline too, a Textarea allows them). Forms
only parse; the formula-prefix check is the services'
(``core.validators.check_no_formula``)."""

from typing import Any

from django import forms

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
