"""The catalogue: every initiative the user may see, filtered, with export."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetenceplan.core.generic import HOME, Crumb, FilteredTableView
from kompetenceplan.organisation.selectors import institution_list

from .. import extensions, selectors
from ..filtersets import CatalogueFilterSet
from ..models import Initiative
from ..tables import CatalogueTable


class CatalogueView(FilteredTableView):
    template_name = "plans/catalogue.html"
    gate_model = Initiative
    nav_active = "catalogue"
    filterset_class = CatalogueFilterSet
    table_class = CatalogueTable
    export_name = "kompetencekatalog"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Kompetencekatalog")))

    def get_queryset(self):
        return selectors.catalogue(user=self.request.user)

    def get_filterset_kwargs(self):
        user = self.request.user
        return {
            "plans": selectors.plan_list(user=user),
            "institutions": institution_list(user=user),
            "user": user,
        }

    def export_rows(self, queryset):
        header = [
            _("Plan"),
            _("Nr."),
            _("Indsats"),
            _("Indsatsområde"),
            _("Status"),
            _("Målgruppe"),
            _("Estimeret tidsforbrug"),
        ]
        columns = list(extensions.catalogue_columns)
        header += [str(c.export_label) for c in columns]
        rows = (
            [
                i.plan.title,
                i.number,
                i.title,
                i.focus_area.title if i.focus_area else "",
                i.get_status_display(),
                i.target_group_text,
                i.time_text,
                *(getattr(i, c.name) for c in columns),
            ]
            for i in queryset
        )
        return header, rows
