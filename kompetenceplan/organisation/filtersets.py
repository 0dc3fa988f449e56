"""One filterset per list: used by the pages and their exports alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.core.search import SearchFilter, SearchTerms

from .choices import InstitutionKind, Sector
from .models import Institution, JobRole, Person, ResourceFunction
from .permissions import current_employments_q


class InstitutionFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="search")
    kind = django_filters.ChoiceFilter(
        choices=InstitutionKind.choices, label=_("Type"), empty_label=_("Alle")
    )
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, label=_("Område"), empty_label=_("Alle")
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "sector"]
        form = DkfdsForm

    def search(self, queryset, name, terms: SearchTerms):
        """Every word in the name or the number."""
        q = Q()
        for word in terms.words:
            q &= Q(name__icontains=word) | Q(number__icontains=word)
        return queryset.filter(q)


class PersonFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="search")
    institution = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.none(),
        method="by_institution",
        label=_("Institution"),
        empty_label=_("Alle"),
    )
    job_role = django_filters.ModelChoiceFilter(
        queryset=JobRole.objects.all(),
        method="by_job_role",
        label=_("Stilling"),
        empty_label=_("Alle"),
    )
    resource_function = django_filters.ModelChoiceFilter(
        queryset=ResourceFunction.objects.none(),
        field_name="resource_functions",
        label=_("Ressourcefunktion"),
        empty_label=_("Alle"),
    )

    class Meta:
        model = Person
        fields = ["q", "institution", "job_role", "resource_function"]
        form = DkfdsForm

    def __init__(self, *args, institutions=None, resource_functions=None, **kwargs):
        """``institutions`` and ``resource_functions`` narrow the choices to the
        user's scope (their municipality's functions, ADR 0013)."""
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.filters["institution"].queryset = institutions
        if resource_functions is not None:
            self.filters["resource_function"].queryset = resource_functions

    def search(self, queryset, name, terms: SearchTerms):
        q = Q()
        for word in terms.words:
            q &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(employee_number__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(q)

    def by_institution(self, queryset, name, value):
        return queryset.filter(
            pk__in=value.employments.filter(current_employments_q()).values("person_id")
        )

    def by_job_role(self, queryset, name, value):
        return queryset.filter(
            pk__in=value.employments.filter(current_employments_q()).values("person_id")
        )
