"""Plans, the catalogue and initiatives. Views parse, call one selector or
service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kompetenceplan.core.errors import add_to_form
from kompetenceplan.core.permissions import Action, has_object_permission
from kompetenceplan.core.templatetags.kp import kr
from kompetenceplan.core.views import FilteredTableView, GatedMixin
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.selectors import funding_sources
from kompetenceplan.organisation.selectors import institution_list

from . import selectors, services
from .filtersets import CatalogueFilterSet
from .forms import FocusAreaForm, InitiativeForm, PlanCopyForm, PlanForm
from .models import FocusArea, Initiative, Plan
from .tables import CatalogueTable


def _home():
    return (_("Forside"), reverse("core:home"))


class PlanListView(GatedMixin, TemplateView):
    template_name = "plans/plan_list.html"
    gate_model = Plan
    nav_active = "plans"

    def get_breadcrumbs(self):
        return [_home(), (_("Planer"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = list(selectors.plan_list(user=self.request.user))
        return context


class PlanDetailView(GatedMixin, TemplateView):
    template_name = "plans/plan_detail.html"
    gate_model = Plan
    nav_active = "plans"

    def get(self, request, *args, **kwargs):
        self.plan = selectors.plan_get(user=request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [_home(), (_("Planer"), reverse("plans:plan_list")), (self.plan.title, None)]

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
            plan=plan,
            groups=groups,
            initiative_count=len(initiatives),
            can_copy=has_object_permission(self.request.user, plan, Action.CHANGE),
        )
        return context


class PlanHistoryView(PlanDetailView):
    template_name = "plans/plan_history.html"

    def get_breadcrumbs(self):
        return [
            _home(),
            (_("Planer"), reverse("plans:plan_list")),
            (self.plan.title, reverse("plans:plan_detail", args=[self.plan.pk])),
            (_("Historik"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.plan_history(self.plan)
        return context


class PlanCopyView(GatedMixin, FormView):
    template_name = "plans/plan_copy.html"
    gate_model = Plan
    gate_action = Action.CHANGE
    nav_active = "plans"
    form_class = PlanCopyForm

    plan = None

    def get_plan(self):
        if self.plan is None:
            self.plan = selectors.plan_get(
                user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
            )
        return self.plan

    def get_initial(self):
        plan = self.get_plan()
        length = (plan.period_end or plan.period_start) - plan.period_start + 1
        start = (plan.period_end or plan.period_start) + 1
        return {
            "title": plan.title,
            "slug": f"{plan.slug}-kopi"[:80],
            "period_start": start,
            "period_end": start + length - 1,
        }

    def form_valid(self, form):
        try:
            copy = services.plan_copy(
                actor=self.request.user, plan=self.get_plan(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Planen er kopieret. Den nye plan er et udkast uden bevillinger.")
        )
        return redirect("plans:plan_detail", pk=copy.pk)

    def get_breadcrumbs(self):
        plan = self.get_plan()
        return [
            _home(),
            (_("Planer"), reverse("plans:plan_list")),
            (plan.title, reverse("plans:plan_detail", args=[plan.pk])),
            (_("Kopiér"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        return context


class CatalogueView(FilteredTableView):
    template_name = "plans/catalogue.html"
    gate_model = Initiative
    nav_active = "catalogue"
    filterset_class = CatalogueFilterSet
    table_class = CatalogueTable
    export_name = "kompetencekatalog"

    def get_queryset(self):
        return selectors.catalogue(user=self.request.user)

    def get_filterset_kwargs(self):
        user = self.request.user
        return {
            "plans": selectors.plan_list(user=user),
            "institutions": institution_list(user=user),
            "sources": funding_sources(user=user),
        }

    def get_breadcrumbs(self):
        return [_home(), (_("Kompetencekatalog"), None)]

    def export_rows(self, queryset):
        header = [
            _("Plan"),
            _("Nr."),
            _("Indsats"),
            _("Indsatsområde"),
            _("Status"),
            _("Målgruppe"),
            _("Estimeret tidsforbrug"),
            _("Bevilget (kr.)"),
        ]
        rows = (
            [
                i.plan.title,
                i.number,
                i.title,
                i.focus_area.title if i.focus_area else "",
                i.get_status_display(),
                i.target_group_text,
                i.time_text,
                i.funding_total,
            ]
            for i in queryset
        )
        return header, rows


class InitiativeDetailView(GatedMixin, TemplateView):
    template_name = "plans/initiative_detail.html"
    gate_model = Initiative
    nav_active = "catalogue"

    def get(self, request, *args, **kwargs):
        self.initiative = selectors.initiative_get(user=request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        i = self.initiative
        return [
            _home(),
            (_("Planer"), reverse("plans:plan_list")),
            (i.plan.title, reverse("plans:plan_detail", args=[i.plan_id])),
            (f"{i.number} {i.title}", None),
        ]

    def get_context_data(self, **kwargs):
        from kompetenceplan.core.selectors import object_history

        context = super().get_context_data(**kwargs)
        initiative = self.initiative
        allocations = list(initiative.allocations.all())
        amounts = [a.amount for a in allocations if a.amount is not None]
        user = self.request.user
        context.update(
            initiative=initiative,
            allocations=allocations,
            funding_total=kr(sum(amounts)) if amounts else None,
            can_edit=has_object_permission(user, initiative, Action.CHANGE),
            can_allocate=has_object_permission(user, initiative, Action.CHANGE)
            and _can_add_allocation(user),
            history=object_history(initiative),
        )
        return context


def _can_add_allocation(user) -> bool:
    from kompetenceplan.core.permissions import can

    return can(user, Allocation, Action.ADD) or can(user, Allocation, Action.CHANGE)


class InitiativeEditView(GatedMixin, FormView):
    template_name = "plans/initiative_form.html"
    gate_model = Initiative
    gate_action = Action.CHANGE
    nav_active = "catalogue"
    form_class = InitiativeForm

    def get_initiative(self):
        if not hasattr(self, "_initiative"):
            self._initiative = selectors.initiative_get(
                user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
            )
        return self._initiative

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_initiative()
        return kwargs

    def form_valid(self, form):
        try:
            services.initiative_update(
                actor=self.request.user, initiative=self.get_initiative(), data=form.cleaned_data
            )
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Indsatsen er gemt."))
        return redirect("plans:initiative_detail", pk=self.get_initiative().pk)

    def get_breadcrumbs(self):
        i = self.get_initiative()
        return [
            _home(),
            (_("Planer"), reverse("plans:plan_list")),
            (i.plan.title, reverse("plans:plan_detail", args=[i.plan_id])),
            (f"{i.number} {i.title}", reverse("plans:initiative_detail", args=[i.pk])),
            (_("Redigér"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.get_initiative()
        return context


class _PlanAdminFormView(GatedMixin, FormView):
    """Base for the administrator's forms on a plan (edit, new initiative,
    focus areas). The plan is fetched through the gate with CHANGE (404 outside)."""

    gate_model = Plan
    gate_action = Action.CHANGE
    nav_active = "plans"
    template_name = "plans/plan_form.html"
    heading = ""
    plan = None

    def get_plan(self):
        if self.plan is None:
            self.plan = selectors.plan_get(
                user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
            )
        return self.plan

    def get_breadcrumbs(self):
        plan = self.get_plan()
        return [
            _home(),
            (_("Planer"), reverse("plans:plan_list")),
            (plan.title, reverse("plans:plan_detail", args=[plan.pk])),
            (str(self.heading), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.get_plan(), heading=self.heading)
        return context

    def form_valid(self, form):
        try:
            target = self.save(form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Gemt."))
        return redirect(target)


class PlanEditView(_PlanAdminFormView):
    form_class = PlanForm
    heading = gettext_lazy("Redigér plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_plan()}

    def save(self, data):
        plan = services.plan_update(actor=self.request.user, plan=self.get_plan(), data=data)
        return reverse("plans:plan_detail", args=[plan.pk])


class InitiativeCreateView(_PlanAdminFormView):
    form_class = InitiativeForm
    heading = gettext_lazy("Ny indsats")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Initiative(plan=self.get_plan())}

    def save(self, data):
        initiative = services.initiative_create(
            actor=self.request.user, plan=self.get_plan(), data=data
        )
        return reverse("plans:initiative_detail", args=[initiative.pk])


class FocusAreaFormView(_PlanAdminFormView):
    form_class = FocusAreaForm
    heading = gettext_lazy("Indsatsområde")

    def get_focus_area(self):
        area_pk = self.kwargs.get("area_pk")
        if area_pk is None:
            return None
        return get_object_or_404(self.get_plan().focus_areas, pk=area_pk)

    def get_form_kwargs(self):
        area = self.get_focus_area() or FocusArea(plan=self.get_plan())
        return {**super().get_form_kwargs(), "instance": area}

    def save(self, data):
        services.focus_area_save(
            actor=self.request.user,
            plan=self.get_plan(),
            data=data,
            focus_area=self.get_focus_area(),
        )
        return reverse("plans:plan_detail", args=[self.get_plan().pk])
