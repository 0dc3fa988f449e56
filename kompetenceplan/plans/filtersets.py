"""Catalogue filters: one filterset for the page and its export."""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceIterator

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.core.search import SearchFilter, SearchTerms
from kompetenceplan.organisation.choices import Sector
from kompetenceplan.organisation.models import Institution, JobRole

from . import extensions
from .choices import InitiativeStatus
from .models import FocusArea, Initiative, Method, Plan
from .selectors import CATALOGUE_WORD, catalogue_search, method_list


class FocusAreasByPlan(ModelChoiceIterator):
    """The focus-area choices in full, grouped (optgroups) by their plan's
    short label: "Skole 2024/25–2025/26" > "2. Høj faglig kvalitet i skolen"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[int, tuple[str, list]] = {}
        for area in self.queryset:
            label, choices = groups.setdefault(area.plan_id, (area.plan.short_label, []))
            choices.append(self.choice(area))
        yield from groups.values()


class CatalogueFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="search", pattern=CATALOGUE_WORD)
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
        queryset=Method.objects.none(),
        field_name="methods",
        label=_("Metode"),
        empty_label=_("Alle"),
    )
    status = django_filters.ChoiceFilter(
        choices=InitiativeStatus.choices, label=_("Status"), empty_label=_("Alle")
    )
    year = django_filters.ChoiceFilter(
        choices=(), method="by_year", label=_("År"), empty_label=_("Alle")
    )

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
            "status",
            "year",
        ]
        form = DkfdsForm

    def __init__(self, *args, plans=None, institutions=None, user=None, **kwargs):
        """``plans`` and ``institutions`` narrow the choices to the user's scope;
        ``user`` gives the methods (their municipality's, ADR 0013) and adds the
        filters other apps register (their choices need it)."""
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["method"].queryset = method_list(user=user)
            self._add_registered_filters(user)
        if plans is not None:
            self._narrow_to_plans(plans)
        if institutions is not None:
            self.filters["institution"].queryset = institutions

    def _narrow_to_plans(self, plans) -> None:
        """The plan, focus-area and year choices of the plans in scope: focus
        areas by their full names, grouped by plan (its short label); the
        calendar years the plans cover and those a registered year match adds
        (funding: the years the plans' money is allocated in)."""
        plan_list = list(plans)
        self.filters["plan"].queryset = plans
        self.filters["plan"].field.label_from_instance = lambda p: p.short_label
        focus_area = self.filters["focus_area"]
        focus_area.queryset = (
            FocusArea.objects.filter(plan__in=plans)
            .select_related("plan")
            .order_by("-plan__period_start", "plan__title", "number")
        )
        focus_area.field.iterator = FocusAreasByPlan
        years = {year for p in plan_list for year in p.calendar_years}
        for match in extensions.catalogue_year_matches:
            years.update(match.years(plans))
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in sorted(years)]

    def _add_registered_filters(self, user) -> None:
        """Filters other apps add (``extensions.catalogue_filters``: funding's
        source), each placed before the filter it names."""
        for extension in extensions.catalogue_filters:
            new = extension.build(user)
            new.field_name = new.field_name or extension.name
            new.model = self._meta.model
            new.parent = self
            filters: dict[str, Any] = {}
            current: dict[str, Any] = self.filters  # type: ignore[has-type]
            for name, existing in current.items():
                if name == extension.before:
                    filters[extension.name] = new
                filters[name] = existing
            filters.setdefault(extension.name, new)
            self.filters = filters

    def search(self, queryset, name, terms: SearchTerms):
        return catalogue_search(queryset, terms)

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

    def by_year(self, queryset, name, value):
        """Initiatives of plans whose period covers the calendar year, or that
        a registered match finds in it (``extensions.catalogue_year_matches``:
        money allocated in that year)."""
        year = int(value)
        plan_ids = [
            p.pk
            for p in Plan.objects.filter(pk__in=queryset.values("plan_id"))
            if year in p.calendar_years
        ]
        from django.db.models import Q

        matches = Q(plan_id__in=plan_ids)
        for match in extensions.catalogue_year_matches:
            matches |= match.q(year)
        return queryset.filter(matches).distinct()
