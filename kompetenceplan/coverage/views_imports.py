"""The lesson allocation's upload -> preview -> confirm page (the same flow as
the competences import: competences/views_imports.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetenceplan.competences.views_imports import ImportSpec, TabularImportView
from kompetenceplan.organisation.forms import ImportUploadForm

from .imports import (
    ALLOCATION_COLUMNS,
    SchoolYearError,
    check_school_year,
    lesson_allocations_import,
)
from .models import LessonAllocation


class AllocationUploadForm(ImportUploadForm):
    school_year = forms.CharField(
        label=gettext_lazy("Skoleår"), max_length=7, help_text=gettext_lazy("Fx 2025/26")
    )

    def clean_school_year(self):
        try:
            return check_school_year(self.cleaned_data["school_year"])
        except SchoolYearError as exc:
            raise forms.ValidationError(str(exc), code="school_year") from None


ALLOCATIONS_IMPORT = ImportSpec(
    kind="fagfordeling",
    model=LessonAllocation,
    columns=ALLOCATION_COLUMNS,
    service=lesson_allocations_import,
    title=gettext_lazy("Importér fagfordeling"),
    url_name="coverage:import_allocations",
    done_url_name="coverage:import_allocations",
    intro=gettext_lazy(
        "Skole er institutionsnummeret; klassetrin 0-10; klassetype normal, special eller "
        "modtagelse; timer er lærerens planlagte timer i klassen og faget i skoleåret (fx 37,5). "
        "Filen erstatter skoleårets klasser og fagfordeling for de skoler, der står i den; "
        "andre skoler og skoleår røres ikke."
    ),
    options=("school_year",),
)


class AllocationsImportView(TabularImportView):
    spec = ALLOCATIONS_IMPORT
    form_class = AllocationUploadForm
    template_name = "coverage/import_allocations.html"

    def done_message(self, report) -> str:
        return _(
            "Fagfordelingen for %(year)s er gemt: %(created)d nye, %(updated)d ændrede, "
            "%(unchanged)d uændrede og %(removed)d fjernede linjer på %(schools)d skoler."
        ) % {
            "year": report.school_year,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "removed": report.removed,
            "schools": report.schools,
        }
