"""What coverage contributes to core (called from CoverageConfig.ready()).
Each part of the app registers its own block (a simple union when the
parts' branches meet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


def register() -> None:
    _register_planner()


def _register_planner() -> None:
    """The planner: its navigation entry; KiU nominations are personal data."""
    from kompetenceplan.organisation.models import Person

    from .models import KiuNomination, LessonAllocation

    registry.contribute(
        navigation=[
            (
                "coverage_planner",
                _("Planlægning af dækning"),
                "coverage:planner",
                455,
                LessonAllocation,
            )
        ],
        personal_data=[("coverage.kiu_nomination", KiuNomination, Person, "person_id", 460)],
    )
