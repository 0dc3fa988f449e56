"""Teams: one team, and the form that creates or changes one."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.generic import TITLE, Crumb, ObjectDetailView, ObjectFormView
from kompetenceplan.core.permissions import Action

from .. import selectors, services
from ..forms import TeamForm
from ..models import Team
from .institutions import INSTITUTION_TRAIL

#: The team page's member list and the team form's member picker in the read log.
MEMBERS_LABEL = gettext_noop("Teamets medlemmer")
CHOICES_LABEL = gettext_noop("Valg af teammedlemmer")


class TeamDetailView(ObjectDetailView):
    gate_model = Team
    nav_active = "institutions"
    selector = selectors.team_get
    breadcrumbs = (
        *INSTITUTION_TRAIL,
        Crumb(obj="object.institution", url="organisation:institution_detail"),
        Crumb(lambda view: view.object.name),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, team = self.request.user, self.object
        members = list(selectors.team_members(user=user, team=team))
        self.note_read(members, label=MEMBERS_LABEL, kind=ReadKind.LIST)
        context.update(
            members=members,
            can_edit=selectors.can_admin_teams(user=user, institution=team.institution),
            history=selectors.object_history(team),
        )
        return context


class TeamFormView(ObjectFormView):
    """Base of the team forms: members are chosen among the institution's staff."""

    template_name = "organisation/team_form.html"
    gate_model = Team
    gate_action = Action.CHANGE
    nav_active = "institutions"
    form_class = TeamForm
    service_fields = ("name", "members")
    success_message = gettext_lazy("Teamet er gemt.")
    success_url = "organisation:team_detail"
    breadcrumbs = (
        *INSTITUTION_TRAIL,
        Crumb(obj="institution", url="organisation:institution_detail"),
        TITLE,
    )
    team: Team | None = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["member_choices"] = selectors.team_member_choices(institution=self.institution)
        if self.team is not None and self.request.method == "GET":
            kwargs["initial"] = {"name": self.team.name, "members": list(self.team.members.all())}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The member picker lists the institution's current staff.
        members = context["form"].fields["members"].queryset
        self.note_read(members, label=CHOICES_LABEL, kind=ReadKind.FORM)
        context.update(team=self.team, institution=self.institution)
        return context


class TeamCreateView(TeamFormView):
    """A new team at the institution in the URL (which the user administers)."""

    selector = selectors.institution_get
    object_action = Action.VIEW
    pk_url_kwarg = "institution_pk"
    cancel_url = "organisation:institution_detail"

    def load_objects(self) -> None:
        super().load_objects()
        self.institution = self.object
        if not selectors.can_admin_teams(user=self.request.user, institution=self.institution):
            raise Http404

    def get_title(self) -> str:
        return _("Nyt team")

    def perform(self, data) -> Team:
        return services.team_create(
            actor=self.request.user, institution=self.institution, **self.service_arguments(data)
        )


class TeamEditView(TeamFormView):
    selector = selectors.team_get
    cancel_url = "organisation:team_detail"
    team: Team  # loaded by load_objects

    def load_objects(self) -> None:
        super().load_objects()
        self.team = self.object
        self.institution = self.team.institution

    def get_title(self) -> str:
        return self.team.name

    def perform(self, data) -> Team:
        return services.team_update(
            actor=self.request.user, team=self.team, **self.service_arguments(data)
        )
