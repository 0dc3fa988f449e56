"""The front page: each role sees what is theirs to do, in the panels the
apps register (``core.registry.front_page_panels``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.cohorts.permissions import LEAD
from kompetenceplan.competences.models import MandatoryRule
from kompetenceplan.competences.permissions import COMPLIANCE
from kompetenceplan.competences.rules import compliance_institution_get, compliance_institutions
from kompetenceplan.core import registry
from kompetenceplan.core.choices import Role
from kompetenceplan.core.generic import HOME, Crumb, GatedMixin
from kompetenceplan.support.models import ResourceRequest
from kompetenceplan.support.permissions import HANDLE

from . import overviews


class FrontPageView(GatedMixin, TemplateView):
    template_name = "frontpage/home.html"
    nav_active = "home"

    def get_panels(self) -> list[tuple[str, dict]]:
        """(template, context) of each registered panel that has something to show."""
        panels = []
        for panel in registry.front_page_panels:
            values = panel.context(self.request)
            if values is not None:
                panels.append((panel.template, values))
        return panels

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = self.get_panels()
        return context


# --- the overviews (docs/overviews.md) ---------------------------------------------------


class InstitutionOverviewView(GatedMixin, TemplateView):
    """What is due at one institution, and who of its staff is enrolled where.
    The gate is the compliance list's: leaders their own institutions,
    planners any of the municipality's; anything else 404."""

    template_name = "frontpage/institution_overview.html"
    gate_model = MandatoryRule
    gate_action = COMPLIANCE
    nav_active = "institution_overview"
    read_label = gettext_lazy("Institutionens overblik")
    breadcrumbs = (HOME, Crumb(obj="institution"))

    def load_objects(self) -> None:
        self.institution = compliance_institution_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = overviews.institution_overview(
            user=self.request.user, institution=self.institution
        )
        self.note_read(overview.people)
        user = self.request.user
        others = []
        if user.role == Role.LEADER and len(user.institution_ids) > 1:
            others = list(compliance_institutions(user=user).exclude(pk=self.institution.pk))
        context.update(institution=self.institution, overview=overview, others=others)
        return context


class MyInstitutionView(GatedMixin, View):
    """The leader's navigation entry "Institutionens overblik": the page of
    their first institution (the page links to their others)."""

    gate_model = Enrolment
    gate_action = LEAD

    def get(self, request, *args, **kwargs):
        first = compliance_institutions(user=request.user).first()
        if first is None:
            raise Http404
        return redirect("core:institution_overview", first.pk)


class AdministrationOverviewView(GatedMixin, TemplateView):
    """Per institution the same counts as the institution page: numbers only,
    a fixed number of queries. The administration: whoever handles the
    institutions' requests to the resource team (administrators, consultants)."""

    template_name = "frontpage/administration_overview.html"
    gate_model = ResourceRequest
    gate_action = HANDLE
    nav_active = "administration_overview"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Administrationens overblik")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_year, coverage_year, rows = overviews.administration_overview(user=self.request.user)
        context.update(
            school_year=school_year,
            coverage_year=coverage_year,
            rows=rows,
            totals=overviews.totals(rows),
        )
        return context
