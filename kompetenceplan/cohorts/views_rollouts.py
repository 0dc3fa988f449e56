"""The rollout pages (issue 8, item 5; docs/cohorts.md, "Udrulning"): the
progress of an initiative's reach target per institution and school year,
who in the target group has not yet taken part, and the target's form."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ObjectDeleteView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import (
    Action,
    can,
    get_restricted_or_404,
    has_object_permission,
    restrict,
)
from kompetenceplan.plans.models import Initiative

from . import rollouts
from .forms_rollouts import RolloutTargetForm
from .models import RolloutCriterion, RolloutTarget

NOT_YET_LABEL = gettext_lazy("Udrulning: Ikke deltaget endnu")


def rollout_url(initiative_pk: int) -> str:
    return reverse("cohorts:rollout", args=[initiative_pk])


INITIATIVE = Crumb(obj="initiative", url=lambda view: view.initiative_url())
ROLLOUT = Crumb(gettext_lazy("Udrulning"), url=lambda view: rollout_url(view.initiative.pk))


class InitiativeMixin:
    """Loads the initiative in the URL (404 outside the user's scope for
    ``initiative_action``) and its rollout target, if the user may see it."""

    initiative_action = Action.VIEW
    initiative: Initiative
    target: RolloutTarget | None
    request: Any
    kwargs: Any

    def load_initiative(self) -> None:
        user = self.request.user
        self.initiative = get_restricted_or_404(
            Initiative.objects.select_related("plan"),
            user,
            self.initiative_action,
            pk=self.kwargs["pk"],
        )
        self.target = (
            restrict(RolloutTarget.objects.filter(initiative=self.initiative), user, Action.VIEW)
            .select_related("initiative")
            .prefetch_related("target_roles")
            .first()
        )

    def initiative_url(self) -> str:
        return reverse("plans:initiative_detail", args=[self.initiative.pk])


class RolloutView(InitiativeMixin, GatedMixin, TemplateView):
    """Udrulning: the target and the progress per institution and school year."""

    template_name = "cohorts/rollout.html"
    gate_model = RolloutTarget
    nav_active = "cohorts"
    breadcrumbs = (HOME, INITIATIVE, Crumb(gettext_lazy("Udrulning")))

    def load_objects(self) -> None:
        self.load_initiative()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        target = self.target
        context.update(
            initiative=self.initiative,
            target=target,
            progress=rollouts.rollout_progress(target=target, user=user) if target else None,
            kinds=rollouts.target_kinds(target) if target else [],
            can_change=can(user, RolloutTarget, Action.CHANGE)
            and has_object_permission(user, self.initiative, Action.CHANGE),
        )
        return context


class RolloutNotYetView(InitiativeMixin, GatedMixin, TemplateView):
    """Ikke deltaget endnu: the people in the target group without a
    qualifying enrolment, per institution (a leader: their own)."""

    template_name = "cohorts/rollout_not_yet.html"
    gate_model = RolloutTarget
    nav_active = "cohorts"
    breadcrumbs = (HOME, INITIATIVE, ROLLOUT, Crumb(gettext_lazy("Ikke deltaget endnu")))

    def load_objects(self) -> None:
        self.load_initiative()
        if self.target is None:
            raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assert self.target is not None
        progress = rollouts.rollout_progress(target=self.target, user=self.request.user)
        context.update(initiative=self.initiative, target=self.target, progress=progress)
        self.note_read(progress.not_yet(), label=NOT_YET_LABEL, kind=ReadKind.LIST)
        return context


class RolloutEditView(InitiativeMixin, ObjectFormView):
    """Set (or change) the initiative's rollout target."""

    template_name = "cohorts/rollout_form.html"
    gate_model = RolloutTarget
    gate_action = Action.CHANGE
    initiative_action = Action.CHANGE
    nav_active = "cohorts"
    form_class = RolloutTargetForm
    title = gettext_lazy("Udrulningsmål")
    success_message = gettext_lazy("Udrulningsmålet er gemt.")
    breadcrumbs = (HOME, INITIATIVE, ROLLOUT, TITLE)
    service_fields = (
        "target_roles",
        "institution_kinds",
        "sector",
        "first_school_year",
        "school_years",
        "criterion",
    )

    def load_objects(self) -> None:
        self.load_initiative()
        self.object = None

    def get_initial(self):
        initial = super().get_initial()
        target, initiative = self.target, self.initiative
        if target is not None:
            initial.update(
                target_roles=list(target.target_roles.all()),
                institution_kinds=target.institution_kinds,
                sector=target.sector,
                first_school_year=target.first_school_year,
                school_years=target.school_years,
                criterion=target.criterion,
            )
        else:
            initial.update(
                target_roles=list(initiative.target_roles.all()),
                institution_kinds=list(initiative.target_institution_kinds or []),
                school_years=4,
                criterion=RolloutCriterion.SEATED,
            )
        return initial

    def perform(self, data) -> RolloutTarget:
        return rollouts.rollout_set(
            actor=self.request.user, initiative=self.initiative, **self.service_arguments(data)
        )

    def get_success_url(self, result=None) -> str:
        return rollout_url(self.initiative.pk)

    def get_cancel_url(self) -> str:
        return rollout_url(self.initiative.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.initiative
        return context


class RolloutDeleteView(InitiativeMixin, ObjectDeleteView):
    gate_model = RolloutTarget
    initiative_action = Action.CHANGE
    nav_active = "cohorts"
    title = gettext_lazy("Slet udrulningsmål")
    question = gettext_lazy(
        "Vil du slette indsatsens udrulningsmål? Holdene og tilmeldingerne bliver. Sletningen logges."
    )
    success_message = gettext_lazy("Udrulningsmålet er slettet.")
    breadcrumbs = (HOME, INITIATIVE, ROLLOUT, TITLE)

    def load_objects(self) -> None:
        self.load_initiative()
        if self.target is None:
            raise Http404
        self.object = self.target

    def details(self):
        return [(_("Indsats"), str(self.initiative))]

    def perform(self, data) -> None:
        assert self.target is not None
        rollouts.rollout_delete(actor=self.request.user, target=self.target)

    def get_success_url(self, result=None) -> str:
        return self.initiative_url()

    def get_cancel_url(self) -> str:
        return rollout_url(self.initiative.pk)
