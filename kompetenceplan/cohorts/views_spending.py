"""The spending pages: a cohort's expenses (add, edit, delete) and the
substitute rates (docs/cohorts.md, "Udgifter")."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.formatting import kr, long_date
from kompetenceplan.core.generic import (
    TITLE,
    Crumb,
    GatedMixin,
    ObjectDeleteView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can

from . import selectors, selectors_spending, services_spending
from .forms_spending import ExpenseForm, SubstituteRateForm
from .models import Cohort, Expense, SubstituteRate
from .views import COHORT_TRAIL, cohort_url

EXPENSE_FIELDS = ("allocation", "kind", "amount", "date", "note")
RATES = Crumb(gettext_lazy("Vikartimesatser"), "cohorts:substitute_rates")


class ExpenseFormView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = Expense
    nav_active = "cohorts"
    form_class = ExpenseForm
    service_fields = EXPENSE_FIELDS
    cohort: Cohort
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="cohort", url=lambda view: cohort_url(view.cohort.pk)),
        TITLE,
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["allocations"] = selectors_spending.cohort_allocations(self.cohort)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.cohort
        return context

    def get_success_message(self, result, data) -> str:
        for warning in result.warnings:
            messages.warning(self.request, warning)
        return _("Udgiften er gemt.")

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.cohort.pk) + "#udgifter"

    def get_cancel_url(self) -> str:
        return cohort_url(self.cohort.pk)


class ExpenseCreateView(ExpenseFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Tilføj udgift")

    def load_objects(self) -> None:
        self.cohort = selectors.cohort_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
        )

    def perform(self, data) -> services_spending.SpendingResult:
        return services_spending.expense_create(
            actor=self.request.user, cohort=self.cohort, **self.service_arguments(data)
        )


class ExpenseEditView(ExpenseFormView):
    selector = selectors_spending.expense_get
    title = gettext_lazy("Redigér udgift")
    initial_fields = EXPENSE_FIELDS

    def load_objects(self) -> None:
        super().load_objects()
        self.cohort = self.object.cohort

    def perform(self, data) -> services_spending.SpendingResult:
        return services_spending.expense_update(
            actor=self.request.user, expense=self.object, **self.service_arguments(data)
        )


class ExpenseDeleteView(ObjectDeleteView):
    gate_model = Expense
    nav_active = "cohorts"
    selector = selectors_spending.expense_get
    title = gettext_lazy("Slet udgift")
    question = gettext_lazy("Vil du slette udgiften? Sletningen logges.")
    success_message = gettext_lazy("Udgiften er slettet.")
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="object.cohort", url=lambda view: cohort_url(view.object.cohort_id)),
        TITLE,
    )

    def details(self):
        expense = self.object
        return [
            (_("Art"), expense.get_kind_display()),
            (_("Beløb"), kr(expense.amount)),
            (_("Dato"), long_date(expense.date)),
        ]

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.cohort_id)

    def perform(self, data) -> None:
        services_spending.expense_delete(actor=self.request.user, expense=self.object)

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.object.cohort_id) + "#udgifter"


class SubstituteRateListView(GatedMixin, TemplateView):
    """The municipality's substitute rates per job role and year."""

    template_name = "cohorts/substitute_rates.html"
    gate_model = SubstituteRate
    nav_active = "cohorts"
    breadcrumbs = (*COHORT_TRAIL, Crumb(gettext_lazy("Vikartimesatser")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rates"] = list(selectors_spending.substitute_rates(user=self.request.user))
        context["can_change"] = can(self.request.user, SubstituteRate, Action.ADD)
        context["can_delete"] = can(self.request.user, SubstituteRate, Action.DELETE)
        return context


class SubstituteRateSetView(ObjectFormView):
    """Set a job role's rate for a year (a new one, or the year's rate changed)."""

    gate_model = SubstituteRate
    gate_action = Action.ADD
    nav_active = "cohorts"
    template_name = "core/form.html"
    form_class = SubstituteRateForm
    title = gettext_lazy("Sæt vikartimesats")
    service_fields = ("job_role", "year", "hourly_rate")
    success_message = gettext_lazy("Vikartimesatsen er gemt.")
    breadcrumbs = (*COHORT_TRAIL, RATES, TITLE)

    def perform(self, data) -> SubstituteRate:
        return services_spending.substitute_rate_set(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            **self.service_arguments(data),
        )

    def get_success_url(self, result=None) -> str:
        return reverse("cohorts:substitute_rates")

    def get_cancel_url(self) -> str:
        return reverse("cohorts:substitute_rates")


class SubstituteRateDeleteView(ObjectDeleteView):
    """Delete a job role's rate for a year (estimates of that year then have
    no rate for the role); logged."""

    gate_model = SubstituteRate
    nav_active = "cohorts"
    selector = selectors_spending.substitute_rate_get
    title = gettext_lazy("Slet vikartimesats")
    question = gettext_lazy(
        "Vil du slette vikartimesatsen? Holdenes anslåede vikarudgift for stillingen "
        "i det år har så ingen sats. Sletningen logges."
    )
    success_message = gettext_lazy("Vikartimesatsen er slettet.")
    breadcrumbs = (*COHORT_TRAIL, RATES, TITLE)

    def details(self):
        rate = self.object
        return [
            (_("Stilling"), rate.job_role.name),
            (_("År"), str(rate.year)),
            (_("Kr. pr. time"), kr(rate.hourly_rate)),
        ]

    def perform(self, data) -> None:
        services_spending.substitute_rate_delete(actor=self.request.user, rate=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("cohorts:substitute_rates")

    def get_cancel_url(self) -> str:
        return reverse("cohorts:substitute_rates")
