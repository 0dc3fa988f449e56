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


def register() -> None:
    # The codes the plans store as lists read as their Danish labels in history.
    register_list_choices(Plan, "sectors", Sector.choices)
    register_list_choices(Initiative, "target_institution_kinds", InstitutionKind.choices)
    registry.navigation.register(
        registry.NavEntry(
            name="plans", label=_("Planer"), url_name="plans:plan_list", model=Plan, order=200
        )
    )
    registry.navigation.register(
        registry.NavEntry(
            name="catalogue",
            label=_("Kompetencekatalog"),
            url_name="plans:catalogue",
            model=Initiative,
            order=210,
        )
    )
    registry.front_page_panels.register(
        registry.FrontPagePanel(
            name="plans.my_initiatives",
            template="plans/panels/my_initiatives.html",
            context=_my_initiatives_context,
            order=200,
        )
    )
    registry.front_page_panels.register(
        registry.FrontPagePanel(
            name="plans.plans",
            template="plans/panels/plans.html",
            context=_plans_context,
            order=400,
        )
    )
