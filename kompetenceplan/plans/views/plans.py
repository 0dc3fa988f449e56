"""Plans: the list, one plan, its history, copying it, and the
administrator's forms on a plan (edit, new initiative, focus areas)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, has_object_permission

from .. import selectors, services
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

    selector = selectors.plan_get
    context_object_name = "plan"
    nav_active = "plans"
    gate_model = Plan

    @property
    def plan(self) -> Plan:
        return self.object


class PlanDetailView(PlanMixin, ObjectDetailView):
    template_name = "plans/plan_detail.html"
    breadcrumbs = (HOME, PLANS, Crumb(obj="plan"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.plan
        initiatives = list(plan.initiatives.all())
        groups = []
        for area in plan.focus_areas.all():
            groups.append((area, [i for i in initiatives if i.focus_area_id == area.pk]))
        loose = [i for i in initiatives if i.focus_area_id is None]
        if loose:
            groups.append((None, loose))
        context.update(
            groups=groups,
            initiative_count=len(initiatives),
            can_copy=has_object_permission(self.request.user, plan, Action.CHANGE),
        )
        return context


class PlanHistoryView(PlanDetailView):
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
    breadcrumbs = (*PLAN_TRAIL, TITLE)
    heading = ""

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
