"""Catalogue filters: one filterset for the page and its export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.funding.models import FundingSource
from kompetenceplan.organisation.choices import Sector
from kompetenceplan.organisation.models import Institution, JobRole

from .choices import InitiativeStatus
from .models import FocusArea, Initiative, Method, Plan
from .selectors import catalogue_search


class CatalogueFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.none(), label=_("Plan"), empty_label=_("Alle")
    )
    focus_area = django_filters.ModelChoiceFilter(
        queryset=FocusArea.objects.none(), label=_("Indsatsområde"), empty_label=_("Alle")
    )
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, method="by_sector", label=_("Område"), empty_label=_("Alle")
    )
    target_role = django_filters.ModelChoiceFilter(
        queryset=JobRole.objects.all(),
        field_name="target_roles",
        label=_("Målgruppe (stilling)"),
        empty_label=_("Alle"),
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.none(),
        method="by_institution",
        label=_("Institution"),
        empty_label=_("Alle"),
    )
    method = django_filters.ModelChoiceFilter(
        queryset=Method.objects.all(),
        field_name="methods",
        label=_("Metode"),
        empty_label=_("Alle"),
    )
    source = django_filters.ModelChoiceFilter(
        queryset=FundingSource.objects.none(),
        method="by_source",
        label=_("Finansiering"),
        empty_label=_("Alle"),
    )
    status = django_filters.ChoiceFilter(
        choices=InitiativeStatus.choices, label=_("Status"), empty_label=_("Alle")
    )
    year = django_filters.NumberFilter(method="by_year", label=_("År"))

    class Meta:
        model = Initiative
        fields = [
            "q",
            "plan",
            "focus_area",
            "sector",
            "target_role",
            "institution",
            "method",
            "source",
            "status",
            "year",
        ]
        form = DkfdsForm

    def __init__(self, *args, plans=None, institutions=None, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.filters["plan"].queryset = plans
            self.filters["focus_area"].queryset = FocusArea.objects.filter(
                plan__in=plans
            ).select_related("plan")
            self.filters["focus_area"].field.label_from_instance = lambda a: (
                f"{a.plan.title[:40]} – {a}"
            )
        if institutions is not None:
            self.filters["institution"].queryset = institutions
        if sources is not None:
            self.filters["source"].queryset = sources

    def search(self, queryset, name, value):
        return catalogue_search(queryset, value)

    def by_sector(self, queryset, name, value):
        plan_ids = [
            p.pk
            for p in Plan.objects.filter(pk__in=queryset.values("plan_id"))
            if value in (p.sectors or [])
        ]
        return queryset.filter(plan_id__in=plan_ids)

    def by_institution(self, queryset, name, value):
        """Initiatives aimed at the institution by name or by its kind."""
        ids = [
            i.pk
            for i in Initiative.objects.filter(pk__in=queryset.values("pk")).prefetch_related(
                "target_institutions"
            )
            if value.kind in (i.target_institution_kinds or [])
            or value in i.target_institutions.all()
        ]
        return queryset.filter(pk__in=ids)

    def by_source(self, queryset, name, value):
        return queryset.filter(pk__in=value.allocations.values("initiative_id"))

    def by_year(self, queryset, name, value):
        """Initiatives of plans whose period covers the calendar year, or with money in it."""
        year = int(value)
        plan_ids = [
            p.pk
            for p in Plan.objects.filter(pk__in=queryset.values("plan_id"))
            if year in p.calendar_years
        ]
        from django.db.models import Q

        return queryset.filter(Q(plan_id__in=plan_ids) | Q(allocations__year=year)).distinct()
