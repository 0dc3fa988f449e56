"""Institutions: the list and one institution."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.generic import HOME, Crumb, FilteredTableView, ObjectDetailView

from .. import selectors
from ..filtersets import InstitutionFilterSet
from ..models import Institution
from ..tables import InstitutionTable

#: The institution page's staff list in the read log.
STAFF_LABEL = gettext_noop("Institutionens medarbejdere")
INSTITUTIONS = Crumb(gettext_lazy("Institutioner"), "organisation:institution_list")
#: Home > Institutions, the trail above an institution's pages.
INSTITUTION_TRAIL = (HOME, INSTITUTIONS)


class InstitutionListView(FilteredTableView):
    gate_model = Institution
    nav_active = "institutions"
    filterset_class = InstitutionFilterSet
    table_class = InstitutionTable
    export_name = "institutioner"
    title = gettext_lazy("Institutioner")
    list_selector = selectors.institution_list

    def export_rows(self, queryset):
        header = [_("Institutionsnummer"), _("Navn"), _("Type"), _("Område")]
        rows = ([i.number, i.name, i.get_kind_display(), i.get_sector_display()] for i in queryset)
        return header, rows


class InstitutionDetailView(ObjectDetailView):
    gate_model = Institution
    nav_active = "institutions"
    selector = selectors.institution_get
    breadcrumbs = (*INSTITUTION_TRAIL, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.object
        context["staff"] = list(selectors.institution_staff(user=user, institution=institution))
        self.note_read(context["staff"], label=STAFF_LABEL, kind=ReadKind.LIST)
        context["teams"] = list(selectors.team_list(user=user, institution=institution))
        context["can_add_team"] = selectors.can_admin_teams(user=user, institution=institution)
        context["history"] = selectors.object_history(institution)
        return context
