"""The evaluation's forms: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsModelForm, refuse_control_characters

from .choices import LIKERT_LABELS, QuestionKind, SurveyKind
from .models import EvaluationSettings, Question, SurveyTemplate


def _radio(field: forms.Field, choices) -> None:
    field.choices = choices  # type: ignore[attr-defined]
    field.widget.attrs["class"] = "form-radio"


class TemplateForm(DkfdsModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "kind", "intro", "active", "transfer_months"]
        widgets = {"kind": forms.RadioSelect, "intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["kind"], SurveyKind.choices)


class QuestionForm(DkfdsModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "required", "position"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radio(self.fields["kind"], QuestionKind.choices)


class SettingsForm(DkfdsModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ["transfer_months"]


class AnswerForm(forms.Form):
    """One field per question of the survey: radio buttons 1-5 with their
    Danish words, or a text area."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        self.questions = questions
        super().__init__(*args, **kwargs)
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.LIKERT:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(v, f"{v} – {text}") for v, text in LIKERT_LABELS],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "form-radio"}),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            if question.required:
                self.fields[name].help_text = _("Skal besvares")
        refuse_control_characters(self)

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
