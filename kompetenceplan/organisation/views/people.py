"""People: the list, one person, the edit form and who has read a person's
record. Every read of personal data here is logged by the generic views
(core.generic, core.readlog)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_tables2 import RequestConfig

from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    FilteredTableView,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, has_object_permission
from kompetenceplan.core.tables import ReadLogTable

from .. import selectors, services
from ..filtersets import PersonFilterSet
from ..forms import PersonForm
from ..models import Person
from ..tables import PersonTable

PEOPLE = Crumb(gettext_lazy("Medarbejdere"), "organisation:person_list")


class PersonListView(FilteredTableView):
    gate_model = Person
    nav_active = "people"
    filterset_class = PersonFilterSet
    table_class = PersonTable
    export_name = "medarbejdere"
    title = gettext_lazy("Medarbejdere")
    read_label = gettext_noop("Medarbejderliste")
    list_selector = selectors.person_list

    def get_filterset_kwargs(self):
        user = self.request.user
        return {
            "institutions": selectors.institution_list(user=user),
            "resource_functions": selectors.resource_function_list(user=user),
        }

    def export_rows(self, queryset):
        header = [
            _("Medarbejdernummer"),
            _("Fornavn"),
            _("Efternavn"),
            _("E-mail"),
            _("Institution"),
            _("Stilling"),
            _("Ansat fra"),
            _("Ansat til"),
            _("Ressourcefunktioner"),
        ]
        rows = []
        for person in queryset:
            functions = ", ".join(f.name for f in person.resource_functions.all())
            base = [person.employee_number, person.first_name, person.last_name, person.email]
            if not person.current_employments:
                rows.append(base + ["", "", None, None, functions])
            for e in person.current_employments:
                rows.append(
                    base
                    + [e.institution.name, e.job_role.name, e.start_date, e.end_date, functions]
                )
        return header, rows


class PersonDetailView(ObjectDetailView):
    gate_model = Person
    nav_active = "people"
    selector = selectors.person_get
    read_label = gettext_noop("Medarbejderside")
    breadcrumbs = (HOME, PEOPLE, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_edit"] = has_object_permission(user, self.object, Action.CHANGE)
        context["can_see_reads"] = has_object_permission(user, self.object, Action.AUDIT)
        context["own_record"] = self.object.pk == getattr(user, "person_id", None)
        context["history"] = selectors.object_history(self.object)
        return context


class PersonEditView(ObjectFormView):
    template_name = "organisation/person_form.html"
    gate_model = Person
    nav_active = "people"
    form_class = PersonForm
    selector = selectors.person_get
    context_object_name = "person"
    read_label = gettext_noop("Redigér medarbejder")
    title = gettext_lazy("Redigér")
    success_message = gettext_lazy("Ændringerne er gemt.")
    breadcrumbs = (HOME, PEOPLE, Crumb(obj="object", url="organisation:person_detail"), TITLE)
    cancel_url = "organisation:person_detail"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, data) -> Person:
        return services.person_update(actor=self.request.user, person=self.object, data=data)

    def get_success_url(self, result=None) -> str:
        return reverse("organisation:person_detail", args=[self.object.pk])


class PersonReadsView(ObjectDetailView):
    """Who has seen a person's data: the administrator's view of any person
    in the municipality, and "Hvem har set mine oplysninger" for the person."""

    template_name = "organisation/person_reads.html"
    gate_model = Person
    gate_action = Action.AUDIT
    nav_active = "people"
    selector = selectors.person_get
    context_object_name = "person"
    read_label = gettext_noop("Læselog")
    paginate_by = 50
    breadcrumbs = (HOME, PEOPLE, Crumb(obj="object", url="organisation:person_detail"), TITLE)

    def own_record(self) -> bool:
        return self.object.pk == getattr(self.request.user, "person_id", None)

    def get_title(self) -> str:
        if self.own_record():
            return _("Hvem har set mine oplysninger")
        return _("Hvem har set oplysningerne")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = ReadLogTable(selectors.person_reads(person=self.object))
        RequestConfig(self.request, paginate={"per_page": self.paginate_by}).configure(table)
        context.update(table=table, title=self.get_title(), own_record=self.own_record())
        return context
