"""One initiative, and its edit form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.generic import HOME, TITLE, Crumb, ObjectDetailView, ObjectFormView
from kompetenceplan.core.permissions import Action, has_object_permission
from kompetenceplan.core.selectors import object_history

from .. import selectors, services
from ..forms import InitiativeForm
from ..models import Initiative
from .plans import PLANS

#: Home > Plans > the initiative's plan.
INITIATIVE_TRAIL = (HOME, PLANS, Crumb(obj="object.plan", url="plans:plan_detail"))


class InitiativeMixin:
    # Typed as the generic view's bases declare them (this mixin comes first).
    gate_model: Any = Initiative
    nav_active: str | None = "catalogue"
    selector: Callable[..., Any] | None = selectors.initiative_get
    context_object_name: str | None = "initiative"


class InitiativeDetailView(InitiativeMixin, ObjectDetailView):
    template_name = "plans/initiative_detail.html"
    breadcrumbs = (*INITIATIVE_TRAIL, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        context.update(
            can_edit=has_object_permission(self.request.user, initiative, Action.CHANGE),
            history=object_history(initiative),
        )
        return context


class InitiativeEditView(InitiativeMixin, ObjectFormView):
    template_name = "plans/initiative_form.html"
    form_class = InitiativeForm
    title = _("Redigér")
    success_message = _("Indsatsen er gemt.")
    success_url = "plans:initiative_detail"
    cancel_url = "plans:initiative_detail"
    breadcrumbs = (
        *INITIATIVE_TRAIL,
        Crumb(obj="initiative", url="plans:initiative_detail"),
        TITLE,
    )

    @property
    def initiative(self) -> Initiative:
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, data) -> Initiative:
        services.initiative_update(actor=self.request.user, initiative=self.object, data=data)
        return self.object
