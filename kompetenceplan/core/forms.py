"""Form helpers: DKFDS classes on every widget, refusal of spreadsheet formulas."""

from typing import Any

from django import forms

from .validators import FORMULA_MESSAGE, YEAR_MAX, YEAR_MIN, starts_like_formula


def reject_formula_start(form: forms.BaseForm, data: dict, names) -> None:
    """Names and titles may not start like a spreadsheet formula (=cmd|...):
    the shared check of :mod:`.validators`, for forms whose service does not
    check it yet."""
    for name in names:
        if starts_like_formula(str(data.get(name) or "")):
            form.add_error(name, FORMULA_MESSAGE)


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


class DkfdsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_dkfds_classes(self)


class DkfdsModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_dkfds_classes(self)


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
