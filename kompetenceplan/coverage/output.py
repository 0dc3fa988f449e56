"""The coverage report as JSON data and as readable text (``manage.py
coverage``; docs/coverage.md "Kommandoen"). Percentages have one decimal,
hours are numbers; no personal data (figures only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kompetenceplan.core.formatting import percent

from .choices import GradeBand
from .computation import CoverageReport, Figures


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: 240 for 240.00, 135.5 for 135.50."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def report_json(report: CoverageReport) -> dict[str, Any]:
    """``{"municipality": {...}, "schools": [...]}`` as issue 9 gives it."""
    figures = report.figures
    return {
        "municipality": {
            "hours": number(figures.hours),
            "covered_hours": number(figures.covered_hours),
            "coverage": number(figures.coverage),
            "formal": number(figures.formal),
            "assessed": number(figures.assessed),
        },
        "schools": [
            {
                "institution_number": school.institution_number,
                "name": school.name,
                "hours": number(school.figures.hours),
                "covered_hours": number(school.figures.covered_hours),
                "coverage": number(school.figures.coverage),
                "subjects": [
                    {
                        "subject": item.subject,
                        "hours": number(item.figures.hours),
                        "covered_hours": number(item.figures.covered_hours),
                        "coverage": number(item.figures.coverage),
                    }
                    for item in school.subjects
                ],
            }
            for school in report.schools
        ],
    }


def _hours(value: Decimal) -> str:
    return percent(value.quantize(Decimal("0.1")))


def _line(label: str, figures: Figures, width: int) -> str:
    if not figures.hours:
        return f"{label:<{width}} {_('ingen timer')}"
    return _(
        "%(label)s %(hours)9s timer  %(covered)9s dækket  %(coverage)6s %%  "
        "(undervisningskompetence %(formal)s %%, tilsvarende %(assessed)s %%)"
    ) % {
        "label": f"{label:<{width}}",
        "hours": _hours(figures.hours),
        "covered": _hours(figures.covered_hours),
        "coverage": percent(figures.coverage),
        "formal": percent(figures.formal),
        "assessed": percent(figures.assessed),
    }


def report_text(report: CoverageReport, municipality_name: str) -> str:
    """The report for a terminal, in Danish."""
    lines = [
        _("Kompetencedækning %(year)s, %(name)s")
        % {"year": report.school_year, "name": municipality_name},
    ]
    if report.guideline_table:
        lines.append(_("Timetal: %(table)s") % {"table": report.guideline_table})
    if report.provisional:
        lines.append(
            _("Bemærk: skoleårets vejledende timetal er foreløbige (ikke alle tal er efterprøvet).")
        )
    lines.append("")
    lines.append(_line(_("Kommunen"), report.figures, 28))
    for band in (GradeBand.EARLY, GradeBand.MIDDLE, GradeBand.LATE):
        lines.append(_line(f"  {band.label}", report.bands[band], 28))
    for school in report.schools:
        lines.append("")
        title = f"{school.name} ({school.institution_number})"
        if school.estimated:
            title += " " + _("– skøn: ingen fagfordeling, beregnet ud fra timetal og lærere")
        lines.append(title)
        lines.append(_line(_("  I alt"), school.figures, 28))
        for item in school.subjects:
            lines.append(_line(f"  {item.subject}", item.figures, 28))
    return "\n".join(lines) + "\n"
