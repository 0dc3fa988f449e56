"""What plans contributes to core (called from PlansConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry
from kompetenceplan.core.history import register_list_choices
from kompetenceplan.organisation.choices import InstitutionKind, Sector

from .models import Initiative, Plan


def _my_initiatives_context(request) -> dict | None:
    from .selectors import catalogue

    user = request.user
    initiatives = list(catalogue(user=user).filter(responsible_user=user))
    return {"my_initiatives": initiatives} if initiatives else None


def _plans_context(request) -> dict | None:
    from .selectors import plan_list

    plans = list(plan_list(user=request.user)[:6])
    return {"plans": plans} if plans else None


#: (name, label, URL name, order, group, model[, action]) of each side-navigation entry.
NAVIGATION = (
    ("plans", _("Planer"), "plans:plan_list", 200, "plan", Plan),
    ("catalogue", _("Kompetencekatalog"), "plans:catalogue", 210, "plan", Initiative),
)

#: (name, template, context, order) of each front-page panel.
PANELS = (
    ("plans.my_initiatives", "plans/panels/my_initiatives.html", _my_initiatives_context, 200),
    ("plans.plans", "plans/panels/plans.html", _plans_context, 400),
)


def register() -> None:
    # The codes the plans store as lists read as their Danish labels in history.
    register_list_choices(Plan, "sectors", Sector.choices)
    register_list_choices(Initiative, "target_institution_kinds", InstitutionKind.choices)
    registry.contribute(navigation=NAVIGATION, front_page_panels=PANELS)
