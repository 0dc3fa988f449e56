"""What coverage contributes to core (called from CoverageConfig.ready())."""

from __future__ import annotations

from kompetenceplan.core import registry


def register() -> None:
    _register_demo()


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def _register_demo() -> None:
    """Ishøj's classes, lesson allocation, targets and course options (after
    competences: the allocation reads the teachers' competences)."""
    registry.contribute(demo_loaders=[("coverage", _load_demo, 800)])
