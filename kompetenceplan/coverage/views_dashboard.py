"""The coverage dashboard (``/daekning/``): the municipality's overview, one
school's page and the drill-down to the classes and teachers behind a figure
(docs/coverage.md, "Overblik"; who sees what: docs/permissions.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.generic import TemplateView

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.core.generic import HOME, Crumb, GatedMixin
from kompetenceplan.core.permissions import Action

from . import selectors
from .choices import GradeBand
from .models import CoverageTarget, LessonAllocation
from .permissions import OVERVIEW

#: The drill-down in the read log (teachers' names: personal data).
DRILLDOWN_LABEL = gettext_noop("Kompetencedækning: klasser og lærere")

MEASURE_CHOICES = [
    (selectors.Measure.TOTAL, _("Dækning i alt")),
    (selectors.Measure.FORMAL, _("Undervisningskompetence")),
    (selectors.Measure.ASSESSED, _("Tilsvarende kompetence")),
]
BAND_CHOICES = [("", _("Alle klassetrin"))] + [
    (value, label) for value, label in GradeBand.choices if value != GradeBand.ALL
]


class YearForm(DkfdsForm):
    """The school year shown (choices: the years with data)."""

    school_year = forms.ChoiceField(label=_("Skoleår"), choices=(), required=False)

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school_year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(y, y) for y in years]
        field.initial = years[0]
        self.years = years

    def value(self, name: str) -> Any:
        """A field's clean value, or None (a bad value in another field does
        not void it: each field is checked on its own and shown with its error)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def chosen_year(self) -> str:
        return str(self.value("school_year") or self.years[0])


class OverviewForm(YearForm):
    measure = forms.ChoiceField(label=_("Vis"), choices=MEASURE_CHOICES, required=False)

    def chosen_measure(self) -> str:
        return str(self.value("measure") or selectors.Measure.TOTAL)


class DrilldownForm(YearForm):
    # Validated as a number; the select's choices (the school's subjects) are
    # set once the drill-down is known (set_subjects).
    subject = forms.IntegerField(label=_("Fag"), required=False, min_value=1, widget=forms.Select)
    band = forms.ChoiceField(label=_("Klassetrin"), choices=BAND_CHOICES, required=False)

    def set_subjects(self, subjects: list[tuple[int, str]]) -> None:
        self.fields["subject"].widget.choices = [("", _("Alle fag"))] + [
            (str(pk), name) for pk, name in subjects
        ]


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def dashboard_url(school_year: str | None = None) -> str:
    query = _query(school_year=school_year)
    return reverse("coverage:dashboard") + (f"?{query}" if query else "")


DASHBOARD = Crumb(_("Kompetencedækning"), lambda view: dashboard_url(view.school_year))


class CoverageOverviewView(GatedMixin, TemplateView):
    """The municipality's coverage by school and subject for a school year."""

    template_name = "coverage/dashboard.html"
    gate_model = CoverageTarget
    gate_action = OVERVIEW
    nav_active = "coverage"
    breadcrumbs = (HOME, Crumb(_("Kompetencedækning")))
    school_year: str | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        years = selectors.dashboard_years(municipality_id=user.municipality_id)
        form = OverviewForm(self.request.GET or None, years=years)
        self.school_year = form.chosen_year()
        overview = selectors.coverage_overview(
            user=user, years=years, school_year=self.school_year, measure=form.chosen_measure()
        )
        context = super().get_context_data(**kwargs)
        context.update(
            form=form,
            overview=overview,
            report=overview.report,
            measure_label=dict(MEASURE_CHOICES)[overview.measure],
            year_query=_query(school_year=self.school_year),
        )
        return context


class SchoolMixin(GatedMixin):
    school_selector = staticmethod(selectors.coverage_school_get)
    institution: Any = None
    school_year: str | None = None

    def load_objects(self) -> None:
        self.institution = type(self).school_selector(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.VIEW
        )


class CoverageSchoolView(SchoolMixin, TemplateView):
    """One school's coverage: subjects, grade bands, trend, gap to target."""

    template_name = "coverage/dashboard_school.html"
    gate_model = CoverageTarget
    gate_action = OVERVIEW
    nav_active = "coverage"
    breadcrumbs = (HOME, DASHBOARD, Crumb(obj="institution"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        years = selectors.dashboard_years(municipality_id=self.institution.municipality_id)
        form = YearForm(self.request.GET or None, years=years)
        self.school_year = form.chosen_year()
        page = selectors.coverage_school(
            user=self.request.user,
            institution=self.institution,
            years=years,
            school_year=self.school_year,
        )
        context = super().get_context_data(**kwargs)
        context.update(
            form=form,
            page=page,
            report=page.report,
            year_query=_query(school_year=self.school_year),
        )
        return context


class CoverageDrilldownView(SchoolMixin, TemplateView):
    """The classes and teachers behind a school's figure (personal data: the
    teachers' names; logged in the read log)."""

    template_name = "coverage/dashboard_drilldown.html"
    gate_model = LessonAllocation
    gate_action = Action.VIEW
    nav_active = "coverage"
    read_label = DRILLDOWN_LABEL
    school_selector = staticmethod(selectors.drill_school_get)
    breadcrumbs = (
        HOME,
        DASHBOARD,
        Crumb(
            obj="institution",
            url=lambda view: (
                reverse("coverage:school", args=[view.institution.pk])
                + f"?{_query(school_year=view.school_year)}"
            ),
        ),
        Crumb(_("Klasser og lærere")),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        years = selectors.dashboard_years(municipality_id=self.institution.municipality_id)
        form = DrilldownForm(self.request.GET or None, years=years)
        self.school_year = form.chosen_year()
        drilldown = selectors.coverage_drilldown(
            user=self.request.user,
            institution=self.institution,
            years=years,
            school_year=self.school_year,
            subject_id=form.value("subject"),
            band=form.value("band"),
        )
        form.set_subjects(drilldown.subjects)
        self.note_read(drilldown.people, kind=ReadKind.LIST)
        context = super().get_context_data(**kwargs)
        context.update(form=form, drilldown=drilldown)
        return context
