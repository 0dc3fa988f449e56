"""The evaluation's pages (docs/evaluation.md): the results (overview, per
cohort, initiative and focus area, each with CSV/XLSX export behind the same
anonymity rule), the survey templates and their questions, the settings,
and the public answer page reached with a personal token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.errors import add_to_form
from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can
from kompetenceplan.core.tabular import to_csv, to_xlsx

from . import schedule, selectors, services, tokens
from .choices import LIKERT_LABELS, QuestionKind
from .forms import AnswerForm, QuestionForm, SettingsForm, TemplateForm
from .models import EvaluationSettings, Question, Survey, SurveyTemplate

NAV_RESULTS = "evaluation"
NAV_TEMPLATES = "evaluation_templates"
RESULTS = Crumb(gettext_lazy("Evaluering"), "evaluation:overview")
TEMPLATES = Crumb(gettext_lazy("Spørgeskemaer"), "evaluation:template_list")


# --- results ---------------------------------------------------------------------------------


class OverviewView(GatedMixin, TemplateView):
    template_name = "evaluation/overview.html"
    gate_model = Survey
    nav_active = NAV_RESULTS
    breadcrumbs = (HOME, Crumb(gettext_lazy("Evaluering")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.results_overview(user=self.request.user)
        initiatives = {r.cohort.initiative_id: r.cohort.initiative for r in rows}
        areas = {i.focus_area_id: i.focus_area for i in initiatives.values() if i.focus_area_id}
        context.update(
            rows=rows,
            initiatives=sorted(initiatives.values(), key=lambda i: i.sort_key),
            focus_areas=sorted(areas.values(), key=lambda a: a.number),
            min_group=selectors.MIN_GROUP,
            can_templates=can(self.request.user, SurveyTemplate, Action.VIEW),
        )
        return context


class ResultsView(GatedMixin, TemplateView):
    """One level's results; ``?export=csv|xlsx`` gives the same groups as a file."""

    template_name = "evaluation/results.html"
    gate_model = Survey
    nav_active = NAV_RESULTS
    breadcrumbs = (HOME, RESULTS, TITLE)
    level: Any = ""
    subject: Any = None

    def get_title(self) -> str:
        return str(self.subject)

    def groups(self) -> list[selectors.GroupResult]:
        raise NotImplementedError

    def school_years(self) -> list[str]:
        return []

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            if not can(request.user, Survey, Action.EXPORT):
                raise PermissionDenied
            header, rows = selectors.export_rows(self.groups())
            stamp = timezone.localdate().isoformat()
            name = f"evaluering-{slugify(self.get_title())[:60]}-{stamp}.{export}"
            if export == "csv":
                response = HttpResponse(
                    to_csv(header, rows), content_type="text/csv; charset=utf-8"
                )
            else:
                response = HttpResponse(
                    to_xlsx(header, rows, title=str(_("Evaluering"))),
                    content_type=(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    ),
                )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.get_title(),
            level=self.level,
            subject=self.subject,
            groups=self.groups(),
            school_years=self.school_years(),
            school_year=self.request.GET.get("aar", ""),
            hidden_text=selectors.HIDDEN_TEXT,
            min_group=selectors.MIN_GROUP,
            scale=LIKERT_LABELS,
        )
        return context


class CohortResultsView(ResultsView):
    level = gettext_lazy("Hold")

    def load_objects(self) -> None:
        self.subject = selectors.cohort_get(user=self.request.user, pk=self.kwargs["pk"])

    def groups(self):
        return selectors.cohort_results(user=self.request.user, cohort=self.subject)


class _YearFiltered(ResultsView):
    _years: list[str] = []

    def school_years(self) -> list[str]:
        return self._years

    def chosen_year(self) -> str:
        year = self.request.GET.get("aar", "")
        return year if year in self._years else ""


class InitiativeResultsView(_YearFiltered):
    level = gettext_lazy("Indsats")

    def load_objects(self) -> None:
        user = self.request.user
        self.subject = selectors.initiative_get(user=user, pk=self.kwargs["pk"])
        self._years = selectors.school_years(
            selectors.survey_list(user=user).filter(cohort__initiative=self.subject)
        )

    def get_title(self) -> str:
        return f"{self.subject.number} {self.subject.title}".strip()

    def groups(self):
        return selectors.initiative_results(
            user=self.request.user, initiative=self.subject, school_year=self.chosen_year()
        )


class FocusAreaResultsView(_YearFiltered):
    level = gettext_lazy("Indsatsområde")

    def load_objects(self) -> None:
        user = self.request.user
        self.subject = selectors.focus_area_get(user=user, pk=self.kwargs["pk"])
        self._years = selectors.school_years(
            selectors.survey_list(user=user).filter(cohort__initiative__focus_area=self.subject)
        )

    def groups(self):
        return selectors.focus_area_results(
            user=self.request.user, focus_area=self.subject, school_year=self.chosen_year()
        )


# --- templates and questions -------------------------------------------------------------------


class TemplateListView(GatedMixin, TemplateView):
    template_name = "evaluation/template_list.html"
    gate_model = SurveyTemplate
    nav_active = NAV_TEMPLATES
    breadcrumbs = (HOME, Crumb(gettext_lazy("Spørgeskemaer")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["templates"] = list(selectors.template_list(user=user))
        context["settings"] = schedule.settings_get(user.municipality_id)
        context["can_settings"] = can(user, EvaluationSettings, Action.CHANGE)
        return context


class TemplateFormView(ObjectFormView):
    template_name = "evaluation/form.html"
    gate_model = SurveyTemplate
    nav_active = NAV_TEMPLATES
    form_class = TemplateForm
    service_fields = services.TEMPLATE_FIELDS
    breadcrumbs = (HOME, TEMPLATES, TITLE)
    success_url = "evaluation:template_detail"


class TemplateCreateView(TemplateFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Nyt spørgeskema")
    success_message = gettext_lazy("Spørgeskemaet er oprettet. Tilføj spørgsmålene.")
    cancel_url = "evaluation:template_list"

    def perform(self, data):
        return services.template_create(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            **self.service_arguments(data),
        )


class TemplateEditView(TemplateFormView):
    selector = selectors.template_get
    title = gettext_lazy("Redigér spørgeskema")
    success_message = gettext_lazy("Spørgeskemaet er gemt.")
    initial_fields = services.TEMPLATE_FIELDS
    cancel_url = "evaluation:template_detail"

    def perform(self, data):
        return services.template_update(
            actor=self.request.user, template=self.object, **self.service_arguments(data)
        )


class TemplateDetailView(ObjectDetailView):
    template_name = "evaluation/template_detail.html"
    gate_model = SurveyTemplate
    nav_active = NAV_TEMPLATES
    selector = selectors.template_get
    context_object_name = "template"
    breadcrumbs = (HOME, TEMPLATES, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questions"] = list(self.object.questions.all())
        context["in_use"] = self.object.surveys.exists()
        context["form"] = QuestionForm(initial={"kind": QuestionKind.LIKERT})
        context["scale"] = LIKERT_LABELS
        return context


class TemplateDeleteView(ObjectDeleteView):
    gate_model = SurveyTemplate
    nav_active = NAV_TEMPLATES
    selector = selectors.template_get
    title = gettext_lazy("Slet spørgeskema")
    question = gettext_lazy("Vil du slette spørgeskemaet og dets spørgsmål? Sletningen logges.")
    success_message = gettext_lazy("Spørgeskemaet er slettet.")
    breadcrumbs = (HOME, TEMPLATES, TITLE)
    cancel_url = "evaluation:template_detail"

    def details(self):
        return [(_("Navn"), self.object.name), (_("Type"), self.object.get_kind_display())]

    def perform(self, data):
        services.template_delete(actor=self.request.user, template=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("evaluation:template_list")


class QuestionCreateView(ObjectFormView):
    template_name = "evaluation/form.html"
    gate_model = Question
    gate_action = Action.ADD
    nav_active = NAV_TEMPLATES
    selector = selectors.template_get
    object_action = Action.CHANGE
    form_class = QuestionForm
    service_fields = services.QUESTION_FIELDS
    title = gettext_lazy("Nyt spørgsmål")
    success_message = gettext_lazy("Spørgsmålet er tilføjet.")
    breadcrumbs = (HOME, TEMPLATES, Crumb(obj="object", url="evaluation:template_detail"), TITLE)
    cancel_url = "evaluation:template_detail"

    def get_initial(self):
        return {"kind": QuestionKind.LIKERT}

    def perform(self, data):
        return services.question_create(
            actor=self.request.user, template=self.object, **self.service_arguments(data)
        )

    def get_success_url(self, result=None) -> str:
        return reverse("evaluation:template_detail", args=[self.object.pk])


class QuestionEditView(ObjectFormView):
    template_name = "evaluation/form.html"
    gate_model = Question
    nav_active = NAV_TEMPLATES
    selector = selectors.question_get
    form_class = QuestionForm
    service_fields = services.QUESTION_FIELDS
    initial_fields = services.QUESTION_FIELDS
    title = gettext_lazy("Redigér spørgsmål")
    success_message = gettext_lazy("Spørgsmålet er gemt.")
    breadcrumbs = (
        HOME,
        TEMPLATES,
        Crumb(obj="object.template", url="evaluation:template_detail"),
        TITLE,
    )

    def perform(self, data):
        return services.question_update(
            actor=self.request.user, question=self.object, **self.service_arguments(data)
        )

    def get_success_url(self, result=None) -> str:
        return reverse("evaluation:template_detail", args=[self.object.template_id])

    def get_cancel_url(self) -> str:
        return reverse("evaluation:template_detail", args=[self.object.template_id])


class QuestionDeleteView(ObjectDeleteView):
    gate_model = Question
    nav_active = NAV_TEMPLATES
    selector = selectors.question_get
    title = gettext_lazy("Slet spørgsmål")
    question = gettext_lazy("Vil du slette spørgsmålet? Sletningen logges.")
    success_message = gettext_lazy("Spørgsmålet er slettet.")
    breadcrumbs = (
        HOME,
        TEMPLATES,
        Crumb(obj="object.template", url="evaluation:template_detail"),
        TITLE,
    )

    def details(self):
        return [(_("Spørgsmål"), self.object.text)]

    def perform(self, data):
        services.question_delete(actor=self.request.user, question=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("evaluation:template_detail", args=[self.object.template_id])

    def get_cancel_url(self) -> str:
        return reverse("evaluation:template_detail", args=[self.object.template_id])


class SettingsView(ObjectFormView):
    template_name = "evaluation/form.html"
    gate_model = EvaluationSettings
    nav_active = NAV_TEMPLATES
    form_class = SettingsForm
    title = gettext_lazy("Transferopfølgning")
    success_message = gettext_lazy("Indstillingen er gemt.")
    breadcrumbs = (HOME, TEMPLATES, TITLE)
    cancel_url = "evaluation:template_list"

    def get_initial(self):
        current = schedule.settings_get(self.request.user.municipality_id)
        return {"transfer_months": current.transfer_months}

    def perform(self, data):
        return services.settings_update(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            transfer_months=data["transfer_months"],
        )

    def get_success_url(self, result=None) -> str:
        return reverse("evaluation:template_list")


# --- answering (public, with the personal token) -----------------------------------------------


class AnswerView(TemplateView):
    """The participant's (or leader's) answer page. No login: the token is
    the key. Works on a phone (one column, large radio buttons)."""

    template_name = "evaluation/answer.html"

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs["token"]
        self.link = tokens.link_for_token(self.token)
        if self.link is None:
            raise Http404
        self.survey = self.link.survey
        self.questions = list(self.survey.template.questions.all())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            survey=self.survey,
            cohort=self.survey.cohort,
            template=self.survey.template,
            used=self.link.used,
            open=selectors.survey_is_open(self.survey),
            done=self.request.GET.get("tak") == "1",
            min_group=selectors.MIN_GROUP,
        )
        context.setdefault("form", AnswerForm(questions=self.questions))
        return context

    def post(self, request, *args, **kwargs):
        form = AnswerForm(request.POST, questions=self.questions)
        if form.is_valid():
            try:
                services.answer_submit(token=self.token, answers=form.answers())
            except ValidationError as exc:
                add_to_form(form, exc)
            else:
                return redirect(reverse("evaluation:answer", args=[self.token]) + "?tak=1")
        return self.render_to_response(self.get_context_data(form=form))
