"""What evaluation contributes to core: the "Evaluering" and
"Spørgeskemaer" navigation entries and the demo (docs/evaluation.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry

from .models import Survey, SurveyTemplate

NAVIGATION = (
    ("evaluation", _("Evaluering"), "evaluation:overview", 420, Survey),
    ("evaluation_templates", _("Spørgeskemaer"), "evaluation:template_list", 430, SurveyTemplate),
)


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def register() -> None:
    registry.contribute(navigation=NAVIGATION, demo_loaders=[("evaluation", _load_demo, 900)])
