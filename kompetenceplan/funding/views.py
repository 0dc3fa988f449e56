"""Budget pages: the overview, one funding source, allocation create / edit /
delete, and the administrators' pages for sources, their amounts and earmarks.
Views parse, call one selector or service, and render."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kompetenceplan.core.errors import add_to_form
from kompetenceplan.core.permissions import (
    Action,
    can,
    get_restricted_or_404,
    has_object_permission,
    restrict,
)
from kompetenceplan.core.views import GatedMixin
from kompetenceplan.plans.models import Initiative, Plan

from . import selectors, services
from .choices import EarmarkKind
from .export import Sheet, to_xlsx_sheets
from .forms import (
    AllocationForm,
    BudgetForm,
    ConfirmDeleteForm,
    EarmarkForm,
    OverviewFilterForm,
    SourceForm,
)
from .models import Allocation, Earmark, FundingBudget, FundingSource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def initiative_url(initiative_id: int) -> str:
    """The initiative's page, or the budget overview while plans has none."""
    try:
        return reverse("plans:initiative_detail", args=[initiative_id])
    except NoReverseMatch:
        return reverse("funding:overview")


def _home():
    return (_("Forside"), reverse("core:home"))


def _budget():
    return (_("Budget"), reverse("funding:overview"))


# --- Overview -------------------------------------------------------------------------------


class BudgetOverviewView(GatedMixin, TemplateView):
    template_name = "funding/overview.html"
    gate_model = FundingSource
    nav_active = "budget"

    def get(self, request, *args, **kwargs):
        user = request.user
        plans = restrict(Plan.objects.order_by("-period_start", "title"), user, Action.VIEW)
        self.filter_form = OverviewFilterForm(request.GET or None, plans=plans)
        plan = year = None
        if self.filter_form.is_bound and self.filter_form.is_valid():
            plan = self.filter_form.cleaned_data["plan"]
            year = self.filter_form.cleaned_data["year"]
        self.overview = selectors.budget_overview(user=user, plan=plan, year=year)
        self.filter_form.set_years(self.overview.years)
        if request.GET.get("export") == "xlsx":
            if not can(user, FundingSource, Action.EXPORT):
                raise PermissionDenied
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [_home(), (_("Budget"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            overview=self.overview,
            filter_form=self.filter_form,
            export_query=query.urlencode(),
            can_export=can(self.request.user, FundingSource, Action.EXPORT),
            can_add_source=can(self.request.user, FundingSource, Action.ADD),
            chart_height=max(180, 64 * len(self.overview.chart) + 100),
        )
        return context

    def export(self) -> HttpResponse:
        overview = self.overview
        with_plan = overview.plan is not None
        header = [_("Kilde"), _("Type"), _("År/periode"), _("Beløb"), _("Bevilget")]
        if with_plan:
            header.append(_("Heraf planen"))
        header += [_("Tilbage"), _("Bemærkning")]
        rows = []
        for summary in overview.sources:
            for r in summary.rows + ([summary.total] if summary.total else []):
                row = [
                    summary.source.name,
                    summary.source.get_kind_display(),
                    r.period,
                    r.amount,
                    r.allocated,
                ]
                if with_plan:
                    row.append(r.plan_allocated)
                row += [r.remaining, r.remark]
                rows.append(row)
        years_header = [str(c) if c is not None else _("Uden år") for c in overview.columns]
        initiative_rows = [
            [
                line.initiative.plan.title,
                line.initiative.number,
                line.initiative.title,
                *line.cells,
                line.total if line.has_amount else None,
            ]
            for line in overview.initiatives
        ]
        content = to_xlsx_sheets(
            [
                Sheet(_("Kilder pr. år"), header, rows),
                Sheet(
                    _("Indsatser pr. år"),
                    [_("Plan"), _("Nr."), _("Indsats"), *years_header, _("I alt")],
                    initiative_rows,
                ),
            ]
        )
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="budget-{stamp}.xlsx"'
        return response


# --- One source -----------------------------------------------------------------------------


class SourceDetailView(GatedMixin, TemplateView):
    template_name = "funding/source_detail.html"
    gate_model = FundingSource
    nav_active = "budget"

    def get(self, request, *args, **kwargs):
        self.source = selectors.source_get(user=request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [_home(), _budget(), (self.source.name, None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = selectors.source_detail(user=self.request.user, source=self.source)
        context["source"] = self.source
        context["history"] = selectors.source_history(self.source)
        context["can_change"] = can(self.request.user, FundingSource, Action.CHANGE)
        context["allocation_history"] = selectors.allocation_history(self.source)
        return context


# --- Allocations ----------------------------------------------------------------------------


class AllocationFormView(GatedMixin, FormView):
    """Create (``?initiative=<pk>``) or edit an allocation."""

    template_name = "funding/allocation_form.html"
    gate_model = Allocation
    nav_active = "budget"
    form_class = AllocationForm
    allocation: Allocation | None = None
    initiative: Initiative

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, Allocation, self.gate_action):
            self.load(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, request, **kwargs) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("source") is not None:
            # The source was changed: send back the purpose field that fits it.
            form = self.get_form_class()(
                initial={"source": request.GET.get("source")}, **self._form_options()
            )
            return self.response_class(
                request=request,
                template="funding/includes/purpose_field.html",
                context={"form": form, "field": form["purpose"]},
            )
        return super().get(request, *args, **kwargs)

    def _form_options(self) -> dict:
        return {
            "sources": selectors.allocation_sources(
                user=self.request.user, municipality_id=self.initiative.plan.municipality_id
            ),
            "can_override": can(self.request.user, FundingSource, Action.CHANGE),
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self._form_options())
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # With JavaScript, choosing a source swaps in the purpose field that fits it.
        form.fields["source"].widget.attrs.update(
            {
                "hx-get": self.request.get_full_path(),
                "hx-target": "#purpose-field",
                "hx-trigger": "change",
            }
        )
        return form

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            allocation = self.save(data)
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        if allocation.override_reason and data.get("override_reason"):
            messages.success(
                self.request, _("Bevillingen er gemt. Overskridelsen er godkendt og logget.")
            )
        else:
            messages.success(self.request, _("Bevillingen er gemt."))
        return redirect(initiative_url(self.initiative.pk))

    def save(self, data) -> Allocation:
        raise NotImplementedError

    def get_breadcrumbs(self):
        return [
            _home(),
            _budget(),
            (str(self.initiative), initiative_url(self.initiative.pk)),
            (self.title(), None),
        ]

    def title(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            initiative=self.initiative,
            allocation=self.allocation,
            title=self.title(),
            cancel_url=initiative_url(self.initiative.pk),
            can_delete=self.allocation is not None
            and has_object_permission(self.request.user, self.allocation, Action.DELETE),
        )
        return context


class AllocationCreateView(AllocationFormView):
    gate_action = Action.ADD

    def load(self, request, **kwargs) -> None:
        try:
            pk = int(request.GET.get("initiative", ""))
        except ValueError:
            raise Http404 from None
        self.initiative = get_restricted_or_404(
            Initiative.objects.select_related("plan"), request.user, Action.CHANGE, pk=pk
        )

    def title(self) -> str:
        return _("Ny bevilling")

    def save(self, data) -> Allocation:
        return services.allocation_create(
            actor=self.request.user,
            initiative=self.initiative,
            source=data["source"],
            year=data["year"],
            amount=data["amount"],
            purpose=data["purpose"],
            note=data["note"],
            override_reason=data.get("override_reason", ""),
        )


class AllocationEditView(AllocationFormView):
    gate_action = Action.CHANGE

    def load(self, request, **kwargs) -> None:
        self.allocation = selectors.allocation_get(
            user=request.user, pk=kwargs["pk"], action=Action.CHANGE
        )
        self.initiative = self.allocation.initiative

    def title(self) -> str:
        return _("Redigér bevilling")

    def get_initial(self):
        a = self.allocation
        return {
            "source": a.source_id,
            "year": a.year,
            "amount": a.amount,
            "purpose": a.purpose,
            "note": a.note,
        }

    def save(self, data) -> Allocation:
        return services.allocation_update(
            actor=self.request.user,
            allocation=self.allocation,
            source=data["source"],
            year=data["year"],
            amount=data["amount"],
            purpose=data["purpose"],
            note=data["note"],
            override_reason=data.get("override_reason", ""),
        )


class AllocationDeleteView(GatedMixin, TemplateView):
    """GET: confirm; POST: delete."""

    template_name = "funding/allocation_confirm_delete.html"
    gate_model = Allocation
    gate_action = Action.DELETE
    nav_active = "budget"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, Allocation, Action.DELETE):
            self.allocation = selectors.allocation_get(
                user=request.user, pk=kwargs["pk"], action=Action.DELETE
            )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        initiative_id = self.allocation.initiative_id
        services.allocation_delete(actor=request.user, allocation=self.allocation)
        messages.success(request, _("Bevillingen er slettet."))
        return redirect(initiative_url(initiative_id))

    def get_breadcrumbs(self):
        initiative = self.allocation.initiative
        return [
            _home(),
            _budget(),
            (str(initiative), initiative_url(initiative.pk)),
            (_("Slet bevilling"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["allocation"] = self.allocation
        context["cancel_url"] = reverse("funding:allocation_edit", args=[self.allocation.pk])
        return context


# --- Sources, amounts and earmarks (administrators) ------------------------------------------


def _source_url(source_id: int, anchor: str = "") -> str:
    url = reverse("funding:source_detail", args=[source_id])
    return f"{url}#{anchor}" if anchor else url


def add_service_error(form, exc: ValidationError, fields: dict[str, str]) -> None:
    """Put each of a service's Danish messages on its field (the error codes
    carry the field, see ``funding.errors``), or above the form."""
    add_to_form(form, exc)


class SourceAdminFormView(GatedMixin, FormView):
    """Base for the administrator's forms on a source, its amounts and its
    earmarks: the source is fetched through the gate with CHANGE (another
    municipality's answers 404), the form calls one service."""

    template_name = "funding/source_admin_form.html"
    gate_model = FundingSource
    gate_action = Action.CHANGE
    nav_active = "budget"
    error_fields: dict[str, str] = {}
    anchor = ""
    success_message = ""
    source: FundingSource | None = None

    def get_source(self) -> FundingSource:
        if self.source is None:
            self.source = selectors.source_get(
                user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
            )
        return self.source

    def load(self) -> None:
        """Fetch the objects in the URL (after the gate; 404 outside the user's scope)."""
        self.get_source()

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        return super().post(request, *args, **kwargs)

    def title(self) -> str:
        raise NotImplementedError

    def save(self, data) -> FundingSource:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            source = self.save(form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc, self.error_fields)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(_source_url(source.pk, self.anchor))

    def cancel_url(self) -> str:
        return _source_url(self.get_source().pk, self.anchor)

    def get_breadcrumbs(self):
        source = self.get_source()
        return [_home(), _budget(), (source.name, _source_url(source.pk)), (self.title(), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title(), source=self.source, cancel_url=self.cancel_url())
        return context


SOURCE_ERRORS = {"name": "name", "kind": "kind"}


class SourceCreateView(SourceAdminFormView):
    gate_action = Action.ADD
    form_class = SourceForm
    error_fields = SOURCE_ERRORS
    success_message = gettext_lazy("Finansieringskilden er oprettet.")

    def load(self) -> None:
        pass  # nothing in the URL

    def title(self) -> str:
        return _("Ny finansieringskilde")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": FundingSource()}

    def save(self, data) -> FundingSource:
        return services.source_create(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            capped=data["capped"],
        )

    def cancel_url(self) -> str:
        return reverse("funding:overview")

    def get_breadcrumbs(self):
        return [_home(), _budget(), (self.title(), None)]


class SourceEditView(SourceAdminFormView):
    form_class = SourceForm
    error_fields = SOURCE_ERRORS
    success_message = gettext_lazy("Finansieringskilden er gemt.")

    def title(self) -> str:
        return _("Redigér finansieringskilde")

    def get_form_kwargs(self):
        # A copy: an invalid form must not rename the source in the breadcrumbs.
        return {
            **super().get_form_kwargs(),
            "instance": copy.copy(self.get_source()),
            "can_override": True,
        }

    def save(self, data) -> FundingSource:
        return services.source_update(
            actor=self.request.user,
            source=self.get_source(),
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            capped=data["capped"],
            override_reason=data.get("override_reason", ""),
        )


BUDGET_ERRORS = {"year": "year", "label": "label", "amount": "amount"}


class BudgetFormView(SourceAdminFormView):
    form_class = BudgetForm
    error_fields = BUDGET_ERRORS
    anchor = "beloeb"
    success_message = gettext_lazy("Beløbet er gemt.")
    budget: FundingBudget | None = None

    def save(self, data) -> FundingSource:
        services.budget_set(
            actor=self.request.user,
            source=self.get_source(),
            year=data["year"],
            label=data["label"],
            amount=data["amount"],
            note=data["note"],
            override_reason=data["override_reason"],
            budget=self.budget,
            new=self.budget is None,
        )
        return self.get_source()


class BudgetCreateView(BudgetFormView):
    def title(self) -> str:
        return _("Nyt beløb")


class OneBudgetMixin:
    """The amount in the URL, through the gate with CHANGE (404 outside), and its source."""

    budget: FundingBudget | None = None

    def get_source(self) -> FundingSource:
        if self.budget is None:
            self.budget = selectors.budget_get(
                user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
            )
            self.source = self.budget.source
        return self.source


class BudgetEditView(OneBudgetMixin, BudgetFormView):
    def title(self) -> str:
        return _("Redigér beløb")

    def get_initial(self):
        b = self.budget
        return {"year": b.year, "label": b.label, "amount": b.amount, "note": b.note}


EARMARK_ERRORS = {
    "kind": "kind",
    "purposes": "purposes",
    "purpose": "purpose",
    "percent": "percent",
}


class EarmarkFormView(SourceAdminFormView):
    template_name = "funding/earmark_form.html"
    form_class = EarmarkForm
    error_fields = EARMARK_ERRORS
    anchor = "oeremaerkning"
    success_message = gettext_lazy("Øremærkningen er gemt.")
    earmark: Earmark | None = None

    def values(self, data) -> dict:
        return {name: data[name] for name in ("kind", "purposes", "purpose", "percent", "text")}


class EarmarkCreateView(EarmarkFormView):
    def title(self) -> str:
        return _("Ny øremærkning")

    def save(self, data) -> FundingSource:
        services.earmark_create(
            actor=self.request.user, source=self.get_source(), **self.values(data)
        )
        return self.get_source()


class OneEarmarkMixin:
    """The earmark in the URL, through the gate with CHANGE (404 outside), and its source."""

    earmark: Earmark | None = None

    def get_source(self) -> FundingSource:
        if self.earmark is None:
            self.earmark = selectors.earmark_get(
                user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
            )
            self.source = self.earmark.source
        return self.source


class EarmarkEditView(OneEarmarkMixin, EarmarkFormView):
    def title(self) -> str:
        return _("Redigér øremærkning")

    def get_initial(self):
        e = self.earmark
        return {
            "kind": e.kind,
            "purposes": e.purposes,
            "purpose": e.purpose,
            "percent": e.percent,
            "text": e.text,
        }

    def save(self, data) -> FundingSource:
        services.earmark_update(actor=self.request.user, earmark=self.earmark, **self.values(data))
        return self.get_source()


class SourcePartDeleteView(SourceAdminFormView):
    """GET: confirm; POST: delete (an amount or an earmark)."""

    template_name = "funding/source_part_confirm_delete.html"
    form_class = ConfirmDeleteForm
    question = ""

    def details(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(question=self.question, details=self.details())
        return context


class BudgetDeleteView(OneBudgetMixin, SourcePartDeleteView):
    anchor = "beloeb"
    question = gettext_lazy(
        "Vil du slette dette beløb? Sletningen logges. Bevillingerne fra kilden bliver stående."
    )
    success_message = gettext_lazy("Beløbet er slettet.")

    def get_form_kwargs(self):
        # The override reason is asked for once a delete has been refused (or
        # when it is posted again with one).
        refused = self.request.method == "POST"
        return {**super().get_form_kwargs(), "can_override": refused}

    def title(self) -> str:
        return _("Slet beløb")

    def details(self):
        from kompetenceplan.core.templatetags.kp import kr

        b = self.budget
        return [
            (_("Kilde"), self.source.name),
            (_("År/periode"), str(b.year) if b.year is not None else b.label or _("uden år")),
            (_("Beløb"), kr(b.amount)),
        ]

    def save(self, data) -> FundingSource:
        services.budget_delete(
            actor=self.request.user,
            budget=self.budget,
            override_reason=data.get("override_reason", ""),
        )
        return self.source


class EarmarkDeleteView(OneEarmarkMixin, SourcePartDeleteView):
    anchor = "oeremaerkning"
    question = gettext_lazy(
        "Vil du slette denne øremærkning? Sletningen logges. Bevillingerne fra kilden bliver "
        "stående; kilden må derefter finansiere uden denne regel."
    )
    success_message = gettext_lazy("Øremærkningen er slettet.")

    def title(self) -> str:
        return _("Slet øremærkning")

    def details(self):
        e = self.earmark
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

    def save(self, data) -> FundingSource:
        services.earmark_delete(actor=self.request.user, earmark=self.earmark)
        return self.source
