"""What coverage contributes to the lower apps (called from CoverageConfig.ready())."""

from __future__ import annotations


def register() -> None:
    _register_targets()


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
