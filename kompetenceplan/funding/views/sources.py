"""One funding source, and the administrators' pages for sources, their
amounts and earmarks — on the generic detail, form and delete views."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetenceplan.core.generic import (
    TITLE,
    Crumb,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can

from .. import selectors, services
from ..choices import EarmarkKind
from ..forms import BudgetForm, ConfirmDeleteForm, EarmarkForm, SourceForm
from ..models import FundingBudget, FundingSource
from .common import BUDGET_TRAIL, source_url


class SourceDetailView(ObjectDetailView):
    template_name = "funding/source_detail.html"
    gate_model = FundingSource
    nav_active = "budget"
    selector = selectors.source_get
    context_object_name = "source"
    breadcrumbs = (*BUDGET_TRAIL, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        context["detail"] = selectors.source_detail(user=self.request.user, source=source)
        context["history"] = selectors.source_history(source, user=self.request.user)
        context["can_change"] = can(self.request.user, FundingSource, Action.CHANGE)
        context["allocation_history"] = selectors.allocation_history(source, user=self.request.user)
        return context


# --- Sources, amounts and earmarks (administrators) ------------------------------------------


class SourceAdminMixin:
    """The administrator's pages on a source, its amounts and its earmarks:
    the object in the URL is fetched through the gate with CHANGE (another
    municipality's answers 404); the page returns to the source (at ``anchor``)."""

    # Typed as the generic view's bases declare them (this mixin comes first).
    template_name: str | None = "funding/source_admin_form.html"
    gate_model: Any = FundingSource
    gate_action: str = Action.CHANGE
    nav_active: str | None = "budget"
    anchor = ""
    breadcrumbs: Sequence[Crumb] = (
        *BUDGET_TRAIL,
        Crumb(obj="source", url="funding:source_detail"),
        TITLE,
    )
    object: Any

    def _source_or_none(self) -> FundingSource | None:
        obj = self.object
        return obj if obj is None or isinstance(obj, FundingSource) else obj.source

    @property
    def source(self) -> FundingSource:
        """The source in the URL, or the one of the amount or earmark in it."""
        source = self._source_or_none()
        assert source is not None  # every view but SourceCreateView has one
        return source

    def get_success_url(self, result=None) -> str:
        source = result if isinstance(result, FundingSource) else self.source
        return source_url(source.pk, self.anchor)

    def get_cancel_url(self) -> str:
        return source_url(self.source.pk, self.anchor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(source=self._source_or_none(), cancel_url=self.get_cancel_url())
        return context


#: The source form's fields, as the services take them.
SOURCE_FIELDS = ("name", "kind", "description", "capped")


class SourceCreateView(SourceAdminMixin, ObjectFormView):
    gate_action = Action.ADD
    form_class = SourceForm
    service_fields = SOURCE_FIELDS
    title = gettext_lazy("Ny finansieringskilde")
    success_message = gettext_lazy("Finansieringskilden er oprettet.")
    breadcrumbs = (*BUDGET_TRAIL, TITLE)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": FundingSource()}

    def perform(self, data) -> FundingSource:
        return services.source_create(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            **self.service_arguments(data),
        )

    def get_cancel_url(self) -> str:
        return reverse("funding:overview")


class SourceEditView(SourceAdminMixin, ObjectFormView):
    selector = selectors.source_get
    form_class = SourceForm
    service_fields = (*SOURCE_FIELDS, "override_reason")
    title = gettext_lazy("Redigér finansieringskilde")
    success_message = gettext_lazy("Finansieringskilden er gemt.")

    def get_form_kwargs(self):
        # A copy: an invalid form must not rename the source in the breadcrumbs.
        return {
            **super().get_form_kwargs(),
            "instance": copy.copy(self.object),
            "can_override": True,
        }

    def perform(self, data) -> FundingSource:
        return services.source_update(
            actor=self.request.user, source=self.object, **self.service_arguments(data)
        )


class BudgetFormView(SourceAdminMixin, ObjectFormView):
    form_class = BudgetForm
    service_fields = ("year", "label", "amount", "note", "override_reason")
    anchor = "beloeb"
    success_message = gettext_lazy("Beløbet er gemt.")

    @property
    def budget(self) -> FundingBudget | None:
        """The amount being changed (None: a new amount); see OneBudgetMixin."""
        return None

    def perform(self, data) -> FundingSource:
        services.budget_set(
            actor=self.request.user,
            source=self.source,
            budget=self.budget,
            new=self.budget is None,
            **self.service_arguments(data),
        )
        return self.source


class BudgetCreateView(BudgetFormView):
    selector = selectors.source_get
    title = gettext_lazy("Nyt beløb")


class OneBudgetMixin:
    """The amount in the URL, through the gate with CHANGE (404 outside)."""

    selector: Callable[..., Any] | None = selectors.budget_get
    object: Any

    @property
    def budget(self) -> FundingBudget:
        budget: FundingBudget = self.object
        return budget


class BudgetEditView(OneBudgetMixin, BudgetFormView):
    title = gettext_lazy("Redigér beløb")
    initial_fields = ("year", "label", "amount", "note")


class EarmarkFormView(SourceAdminMixin, ObjectFormView):
    template_name = "funding/earmark_form.html"
    form_class = EarmarkForm
    service_fields = services.EARMARK_FIELDS
    anchor = "oeremaerkning"
    success_message = gettext_lazy("Øremærkningen er gemt.")


class EarmarkCreateView(EarmarkFormView):
    selector = selectors.source_get
    title = gettext_lazy("Ny øremærkning")

    def perform(self, data) -> FundingSource:
        services.earmark_create(
            actor=self.request.user, source=self.source, **self.service_arguments(data)
        )
        return self.source


class EarmarkEditView(EarmarkFormView):
    selector = selectors.earmark_get
    title = gettext_lazy("Redigér øremærkning")
    initial_fields = services.EARMARK_FIELDS

    def perform(self, data) -> FundingSource:
        services.earmark_update(
            actor=self.request.user, earmark=self.object, **self.service_arguments(data)
        )
        return self.source


class SourcePartDeleteView(SourceAdminMixin, ObjectDeleteView):
    """GET: confirm; POST: delete (an amount or an earmark)."""

    template_name = "funding/source_part_confirm_delete.html"
    form_class = ConfirmDeleteForm


class BudgetDeleteView(OneBudgetMixin, SourcePartDeleteView):
    anchor = "beloeb"
    title = gettext_lazy("Slet beløb")
    question = gettext_lazy(
        "Vil du slette dette beløb? Sletningen logges. Bevillingerne fra kilden bliver stående."
    )
    success_message = gettext_lazy("Beløbet er slettet.")

    def get_form_kwargs(self):
        # The override reason is asked for once a delete has been refused (or
        # when it is posted again with one).
        refused = self.request.method == "POST"
        return {**super().get_form_kwargs(), "can_override": refused}

    def details(self):
        from kompetenceplan.core.formatting import kr

        b = self.budget
        return [
            (_("Kilde"), self.source.name),
            (_("År/periode"), str(b.year) if b.year is not None else b.label or _("uden år")),
            (_("Beløb"), kr(b.amount)),
        ]

    def perform(self, data) -> FundingSource:
        services.budget_delete(
            actor=self.request.user,
            budget=self.budget,
            override_reason=data.get("override_reason", ""),
        )
        return self.source


class EarmarkDeleteView(SourcePartDeleteView):
    selector = selectors.earmark_get
    anchor = "oeremaerkning"
    title = gettext_lazy("Slet øremærkning")
    question = gettext_lazy(
        "Vil du slette denne øremærkning? Sletningen logges. Bevillingerne fra kilden bliver "
        "stående; kilden må derefter finansiere uden denne regel."
    )
    success_message = gettext_lazy("Øremærkningen er slettet.")

    def details(self):
        e = self.object
        if e.kind == EarmarkKind.ALLOWED_PURPOSES:
            rule = "; ".join(e.purposes)
        else:
            percent = (
                f"{e.percent.normalize():f}".replace(".", ",") if e.percent is not None else ""
            )
            rule = _("højst %(percent)s %% til “%(purpose)s”") % {
                "percent": percent,
                "purpose": e.purpose,
            }
        return [
            (_("Kilde"), self.source.name),
            (_("Type"), e.get_kind_display()),
            (_("Regel"), rule),
        ]

    def perform(self, data) -> FundingSource:
        services.earmark_delete(actor=self.request.user, earmark=self.object)
        return self.source
