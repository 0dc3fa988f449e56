"""Plans: the list, one plan, its history, copying it, and the
administrator's forms on a plan (edit, new initiative, focus areas)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from kompetenceplan.core import registry
from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, has_object_permission

from .. import extensions, selectors, services
from ..forms import FocusAreaForm, InitiativeForm, PlanCopyForm, PlanForm
from ..models import FocusArea, Initiative, Plan

PLANS = Crumb(_("Planer"), "plans:plan_list")
#: Home > Plans > the plan (``view.plan``), the trail above a plan's pages.
PLAN_TRAIL = (HOME, PLANS, Crumb(obj="plan", url="plans:plan_detail"))


class PlanListView(GatedMixin, TemplateView):
    template_name = "plans/plan_list.html"
    gate_model = Plan
    nav_active = "plans"
    breadcrumbs = (HOME, Crumb(_("Planer")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = list(selectors.plan_list(user=self.request.user))
        return context


class PlanMixin:
    """The plan in the URL, through the gate (404 outside the user's scope)."""

    # Typed as the generic view's bases declare them (this mixin comes first).
    selector: Callable[..., Any] | None = selectors.plan_get
    context_object_name: str | None = "plan"
    nav_active: str | None = "plans"
    gate_model: Any = Plan
    object: Any = None

    @property
    def plan(self) -> Plan:
        plan: Plan = self.object
        return plan


@dataclass
class InitiativeRow:
    """One initiative of the plan page with the cells other apps add to it."""

    initiative: Initiative
    cells: list[tuple[extensions.PlanInitiativeColumn, extensions.PlanInitiativeCell | None]]


class PlanDetailView(PlanMixin, ObjectDetailView):
    """The plan as it reads: contents, introduction, policies, principles,
    beacons, the focus areas with their initiatives (target group, time,
    economy, responsible), the economy overview and the grouped actions."""

    template_name = "plans/plan_detail.html"
    breadcrumbs = (HOME, PLANS, Crumb(obj="plan"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.plan
        user = self.request.user
        initiatives = list(plan.initiatives.all())
        columns = list(extensions.plan_initiative_columns)
        cells = {column.name: column.cells(self.request, plan) for column in columns}

        def row(initiative: Initiative) -> InitiativeRow:
            return InitiativeRow(
                initiative=initiative,
                cells=[(c, cells[c.name].get(initiative.pk)) for c in columns],
            )

        groups = [
            (area, [row(i) for i in initiatives if i.focus_area_id == area.pk])
            for area in plan.focus_areas.all()
        ]
        loose = [row(i) for i in initiatives if i.focus_area_id is None]
        if loose:
            groups.append((None, loose))
        may_change = has_object_permission(user, plan, Action.CHANGE)
        has_economy = bool(registry.panels_for(plan, "economy"))
        context.update(
            groups=groups,
            columns=columns,
            initiative_count=len(initiatives),
            can_copy=may_change,
            contents=self.contents(plan, groups, has_economy),
            has_documents=bool(registry.panels_for(plan, "documents")),
            has_economy=has_economy,
        )
        return context

    @staticmethod
    def contents(plan: Plan, groups, has_economy: bool) -> list[tuple[str, str]]:
        """The contents list: (anchor, text) of each part the page shows."""
        entries: list[tuple[str, str]] = []
        if plan.introduction:
            entries.append(("indledning", gettext("Indledning")))
        if plan.policies.all():
            entries.append(("politikker", gettext("Politikker og strategier")))
        if plan.principles.all():
            entries.append(("principper", gettext("Principper for kompetenceudvikling")))
        if plan.beacons.all():
            entries.append(("pejlemaerker", gettext("Pejlemærker")))
        for area, _rows in groups:
            if area is None:
                entries.append(("indsatser", gettext("Indsatser")))
            else:
                entries.append((f"omraade-{area.number}", str(area)))
        if has_economy:
            entries.append(("oekonomi", gettext("Økonomisk overblik")))
        if plan.sections.all():
            entries.append(("afsnit", gettext("Øvrige afsnit")))
        return entries


class PlanHistoryView(PlanMixin, ObjectDetailView):
    template_name = "plans/plan_history.html"
    breadcrumbs = (*PLAN_TRAIL, Crumb(_("Historik")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.plan_history(self.plan)
        return context


class PlanCopyView(PlanMixin, ObjectFormView):
    template_name = "plans/plan_copy.html"
    form_class = PlanCopyForm
    title = _("Kopiér")
    success_message = _("Planen er kopieret. Den nye plan er et udkast uden bevillinger.")
    success_url = "plans:plan_detail"
    cancel_url = "plans:plan_detail"
    breadcrumbs = (*PLAN_TRAIL, TITLE)

    def get_initial(self):
        plan = self.plan
        length = (plan.period_end or plan.period_start) - plan.period_start + 1
        start = (plan.period_end or plan.period_start) + 1
        return {
            "title": plan.title,
            "slug": f"{plan.slug}-kopi"[:80],
            "period_start": start,
            "period_end": start + length - 1,
        }

    def perform(self, data) -> Plan:
        return services.plan_copy(actor=self.request.user, plan=self.plan, **data)


class PlanAdminFormView(PlanMixin, ObjectFormView):
    """Base for the administrator's forms on a plan (edit, new initiative,
    focus areas). The plan is fetched through the gate with CHANGE (404 outside)."""

    template_name = "plans/plan_form.html"
    success_message = _("Gemt.")
    cancel_url = "plans:plan_detail"
    breadcrumbs = (*PLAN_TRAIL, TITLE)
    heading: str | Promise = ""

    def get_title(self) -> str:
        return str(self.heading)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        return context


class PlanEditView(PlanAdminFormView):
    form_class = PlanForm
    heading = _("Redigér plan")
    success_url = "plans:plan_detail"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan}

    def perform(self, data) -> Plan:
        return services.plan_update(actor=self.request.user, plan=self.plan, data=data)


class InitiativeCreateView(PlanAdminFormView):
    form_class = InitiativeForm
    heading = _("Ny indsats")
    success_url = "plans:initiative_detail"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Initiative(plan=self.plan)}

    def perform(self, data) -> Initiative:
        return services.initiative_create(actor=self.request.user, plan=self.plan, data=data)


class FocusAreaFormView(PlanAdminFormView):
    """A new focus area of the plan, or one of its focus areas (``area_pk``)."""

    form_class = FocusAreaForm
    heading = _("Indsatsområde")
    focus_area: FocusArea | None = None

    def load_objects(self) -> None:
        super().load_objects()
        area_pk = self.kwargs.get("area_pk")
        if area_pk is not None:
            self.focus_area = get_object_or_404(self.plan.focus_areas, pk=area_pk)

    def get_form_kwargs(self):
        area = self.focus_area or FocusArea(plan=self.plan)
        return {**super().get_form_kwargs(), "instance": area}

    def perform(self, data) -> None:
        services.focus_area_save(
            actor=self.request.user, plan=self.plan, data=data, focus_area=self.focus_area
        )

    def get_success_url(self, result=None) -> str:
        return reverse("plans:plan_detail", args=[self.plan.pk])
