"""What competences contributes to core (called from CompetencesConfig.ready()).

Each part of the app registers its own block through its own function, so
that the parts can be written side by side."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Person

from .models import ComplianceReminder, MandatoryRule
from .permissions import COMPLIANCE


def register() -> None:
    _register_demo()
    _register_rules()


# --- demo (docs/coverage.md, "Demodata") ----------------------------------------


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def _register_demo() -> None:
    """Ishøj's teaching competences and qualifications (after cohorts)."""
    registry.contribute(demo_loaders=[("competences", _load_demo, 700)])


# --- mandatory rules and compliance (docs/competences.md, "Obligatoriske regler") ------


def _register_rules() -> None:
    registry.contribute(
        navigation=[
            (
                "compliance",
                _("Obligatoriske forløb"),
                "competences:compliance_overview",
                370,
                MandatoryRule,
                COMPLIANCE,
            ),
            (
                "mandatory_rules",
                _("Obligatoriske regler"),
                "competences:rule_list",
                375,
                MandatoryRule,
            ),
        ],
        front_page_panels=[
            (
                "competences.rules_compliance",
                "competences/rules_panel.html",
                _rules_panel_context,
                175,
            ),
        ],
        personal_data=[
            ("competences.compliance_reminder", ComplianceReminder, Person, "person_id", 320),
        ],
        demo_loaders=[("competences.rules", _load_rules_demo, 720)],
    )


def _rules_panel_context(request) -> dict | None:
    """The leader's front-page panel: "Obligatoriske forløb: 3 overskredet"
    (numbers only, so nothing for the read log)."""
    from .rules import leader_overdue_counts

    user = request.user
    if getattr(user, "role", None) != "leader":
        return None
    counts = leader_overdue_counts(user=user)
    overdue, due_soon = counts.get("overdue", 0), counts.get("due_soon", 0)
    if not (overdue or due_soon):
        return None
    return {"overdue": overdue, "due_soon": due_soon}


def _load_rules_demo(run: registry.DemoRun) -> None:
    from . import demo_rules

    demo_rules.load(run)
