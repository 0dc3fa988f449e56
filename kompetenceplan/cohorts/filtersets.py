"""The cohort list's filters (the page and its export share them)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.plans.models import Initiative

from .choices import FillStatus
from .models import Cohort
from .selectors import fill_q


class CohortFilterSet(django_filters.FilterSet):
    school_year = django_filters.ChoiceFilter(label=_("Skoleår"), empty_label=_("Alle"))
    initiative = django_filters.ModelChoiceFilter(
        queryset=Initiative.objects.none(), label=_("Indsats"), empty_label=_("Alle")
    )
    fill = django_filters.ChoiceFilter(
        choices=FillStatus.choices, method="by_fill", label=_("Belægning"), empty_label=_("Alle")
    )

    class Meta:
        model = Cohort
        fields = ["school_year", "initiative", "fill"]
        form = DkfdsForm

    def __init__(self, *args, school_years=(), initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school_year"].extra["choices"] = [(y, y) for y in school_years]
        if initiatives is not None:
            self.filters["initiative"].queryset = initiatives

    def by_fill(self, queryset, name, value):
        return queryset.filter(fill_q(value))
