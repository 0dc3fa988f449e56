"""What coverage contributes to the lower apps (called from CoverageConfig.ready()).
Each part of the app registers its own contributions in its own function."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


def register() -> None:
    _register_targets()
    _register_dashboard()
    _register_demo()
    _register_planner()


def _register_targets() -> None:
    """The plan files' ``coverage_targets`` load as coverage targets whenever a
    plan file is loaded (coverage/targets.py)."""
    from kompetenceplan.plans import extensions as plans_extensions

    from .targets import coverage_targets_load, target_problems

    plans_extensions.plan_data_parts.register(
        plans_extensions.PlanDataPart(
            name="coverage.targets",
            load=lambda actor, plan, data, file_name: coverage_targets_load(
                actor=actor, plan=plan, data=data, file_name=file_name
            ),
            order=900,
            problems=target_problems,
        )
    )


def _register_dashboard() -> None:
    """The "Kompetencedækning" navigation entry (the dashboard, /daekning/):
    shown to the roles that may see the aggregated figures."""
    from .models import CoverageTarget
    from .permissions import OVERVIEW

    registry.contribute(
        navigation=[
            (
                "coverage",
                _("Kompetencedækning"),
                "coverage:dashboard",
                320,
                "people",
                CoverageTarget,
                OVERVIEW,
            )
        ]
    )


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def _register_demo() -> None:
    """Ishøj's classes, lesson allocation, targets and course options (after
    competences: the allocation reads the teachers' competences)."""
    registry.contribute(demo_loaders=[("coverage", _load_demo, 800)])


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
                "people",
                LessonAllocation,
            )
        ],
        personal_data=[("coverage.kiu_nomination", KiuNomination, Person, "person_id", 460)],
    )
