"""What coverage contributes to core (called from CoverageConfig.ready()).
Each part of the app registers its own contributions in its own function."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


def register() -> None:
    _register_dashboard()


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
                CoverageTarget,
                OVERVIEW,
            )
        ]
    )
