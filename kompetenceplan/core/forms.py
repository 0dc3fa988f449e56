"""Form helpers: DKFDS classes on every widget, refusal of spreadsheet formulas."""

from django import forms
from django.utils.translation import gettext_lazy as _

FORMULA_START = ("=", "+", "-", "@")


def reject_formula_start(form: forms.BaseForm, data: dict, names) -> None:
    """Names and titles may not start like a spreadsheet formula (=cmd|...)."""
    for name in names:
        if str(data.get(name) or "")[:1] in FORMULA_START:
            form.add_error(name, _("Må ikke begynde med =, +, - eller @."))


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
