"""The budget overview: sources per year, initiatives per year, XLSX export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.generic import HOME, Crumb, GatedMixin
from kompetenceplan.core.permissions import Action, can, restrict
from kompetenceplan.plans.models import Plan

from .. import selectors
from ..export import Sheet, to_xlsx_sheets
from ..forms import OverviewFilterForm
from ..models import FundingSource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BudgetOverviewView(GatedMixin, TemplateView):
    template_name = "funding/overview.html"
    gate_model = FundingSource
    nav_active = "budget"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Budget")))

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
            chart_height=max(200, 84 * len(self.overview.chart) + 100),  # three bars a row
        )
        return context

    def export(self) -> HttpResponse:
        overview = self.overview
        with_plan = overview.plan is not None
        header = [_("Kilde"), _("Type"), _("År/periode"), _("Beløb"), _("Bevilget")]
        if with_plan:
            header.append(_("Heraf planen"))
        header += [_("Tilbage"), _("Forbrugt"), _("Beløb minus forbrug"), _("Bemærkning")]
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
                row += [r.remaining, r.spent, r.spent_remaining, r.remark]
                rows.append(row)
        years_header = [str(c) if c is not None else _("Uden år") for c in overview.columns]
        initiative_rows = [
            [
                line.initiative.plan.title,
                line.initiative.number,
                line.initiative.title,
                *line.cells,
                line.total if line.has_amount else None,
                line.spent,
                line.remaining,
            ]
            for line in overview.initiatives
        ]
        content = to_xlsx_sheets(
            [
                Sheet(_("Kilder pr. år"), header, rows),
                Sheet(
                    _("Indsatser pr. år"),
                    [
                        _("Plan"),
                        _("Nr."),
                        _("Indsats"),
                        *years_header,
                        _("I alt"),
                        _("Forbrugt"),
                        _("Rest"),
                    ],
                    initiative_rows,
                ),
            ]
        )
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="budget-{stamp}.xlsx"'
        return response
