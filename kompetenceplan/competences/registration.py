"""What competences contributes to core (called from CompetencesConfig.ready())."""

from __future__ import annotations

from kompetenceplan.core import registry


def register() -> None:
    _register_demo()


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def _register_demo() -> None:
    """Ishøj's teaching competences and qualifications (after cohorts)."""
    registry.contribute(demo_loaders=[("competences", _load_demo, 700)])
