import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Institution, Person


class InstitutionTable(tables.Table):
    name = tables.LinkColumn(
        "organisation:institution_detail", args=[tables.A("pk")], verbose_name=_("Navn")
    )
    number = tables.Column(verbose_name=_("Institutionsnummer"))
    kind = tables.Column(verbose_name=_("Type"))
    sector = tables.Column(verbose_name=_("Område"))

    class Meta:
        model = Institution
        fields = ["name", "number", "kind", "sector"]
        order_by = "name"
        empty_text = _("Ingen institutioner matcher.")


class PersonTable(tables.Table):
    name = tables.LinkColumn(
        "organisation:person_detail",
        args=[tables.A("pk")],
        verbose_name=_("Navn"),
        accessor="last_name",
        order_by=("last_name", "first_name"),
    )
    employee_number = tables.Column(verbose_name=_("Medarbejdernummer"))
    employments = tables.Column(verbose_name=_("Ansættelser"), empty_values=(), orderable=False)
    resource_functions = tables.Column(
        verbose_name=_("Ressourcefunktioner"), empty_values=(), orderable=False
    )

    class Meta:
        model = Person
        fields = ["name", "employee_number", "employments", "resource_functions"]
        order_by = "name"
        empty_text = _("Ingen medarbejdere matcher.")

    def render_name(self, record):
        return f"{record.last_name}, {record.first_name}"

    def render_employments(self, record):
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant separator
                "{} – {}",
                ((e.job_role.name, e.institution.name) for e in record.current_employments),
            )
            or "–"
        )

    def render_resource_functions(self, record):
        return ", ".join(f.name for f in record.resource_functions.all()) or "–"
