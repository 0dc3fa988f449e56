"""Base views and the pages that belong to no domain app."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from .permissions import Action, can
from .tabular import to_csv, to_xlsx


class GatedMixin(LoginRequiredMixin):
    """Anonymous users go to login; users whose role lacks ``action`` on
    ``gate_model`` get 403. Object scoping is done by the selectors (404)."""

    gate_model = None
    gate_action: str = Action.VIEW
    nav_active: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.gate_model is not None and not can(request.user, self.gate_model, self.gate_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        context["nav_active"] = self.nav_active
        return context


class FilteredTableView(GatedMixin, TemplateView):
    """A list page: filterset + django-tables2 table + CSV/XLSX export of the
    same filtered rows (``?export=csv`` or ``?export=xlsx``)."""

    filterset_class = None
    table_class = None
    export_name = "export"
    paginate_by = 50

    def get_queryset(self):
        raise NotImplementedError

    def get_filterset_kwargs(self) -> dict:
        return {}

    def export_rows(self, queryset):
        """(header, rows) for export; rows are lists of plain values."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(), **self.get_filterset_kwargs()
        )
        queryset = (
            self.filterset.qs
            if self.filterset.is_bound and self.filterset.is_valid()
            else self.filterset.queryset
        )
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            if not can(request.user, self.gate_model, Action.EXPORT):
                raise PermissionDenied
            return self.export(queryset, export)
        self.table = self.table_class(queryset)
        RequestConfig(request, paginate={"per_page": self.paginate_by}).configure(self.table)
        return self.render_to_response(self.get_context_data())

    def export(self, queryset, fmt: str) -> HttpResponse:
        header, rows = self.export_rows(queryset)
        stamp = timezone.localdate().isoformat()
        filename = f"{slugify(self.export_name)}-{stamp}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                to_xlsx(header, rows, title=str(self.export_name)),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["table"] = self.table
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["export_query"] = query.urlencode()
        context["can_export"] = can(self.request.user, self.gate_model, Action.EXPORT)
        return context


class AccessibilityView(TemplateView):
    """Tilgængelighedserklæring: public, linked from every page."""

    template_name = "core/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(_("Tilgængelighedserklæring"), None)]
        return context
