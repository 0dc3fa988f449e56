"""The follow-up pages (/opfoelgning/): the meetings (mine; all for the
administration), a meeting with its agenda and notes, and generating a school
year's meetings (administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kompetenceplan.core.choices import Role
from kompetenceplan.core.errors import add_to_form
from kompetenceplan.core.generic import HOME, Crumb, GatedMixin, ObjectDetailView, ObjectFormView
from kompetenceplan.core.permissions import Action, can

from . import selectors, services
from .forms import GenerateForm, MeetingForm
from .models import FollowupMeeting
from .scheduling import school_year_label

LIST_CRUMB = Crumb(gettext_lazy("Opfølgning"), "followup:meeting_list")


def current_school_year(today=None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


class MeetingListView(GatedMixin, TemplateView):
    """Mine (the meetings I take part in); the administration also sees all."""

    template_name = "followup/meeting_list.html"
    gate_model = FollowupMeeting
    nav_active = "followup"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Opfølgning")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        is_admin = user.role == Role.ADMINISTRATOR
        show_all = is_admin and self.request.GET.get("visning") == "alle"
        years = selectors.school_years_of(user=user)
        raw = self.request.GET.get("skoleaar", "")
        year = int(raw) if raw.isdigit() and int(raw) in years else None
        meetings = list(selectors.meetings_of(user=user, school_year=year, mine=not show_all))
        context.update(
            meetings=meetings,
            show_all=show_all,
            is_admin=is_admin,
            years=[(y, school_year_label(y)) for y in years],
            year=year,
            can_generate=can(user, FollowupMeeting, Action.ADD),
        )
        return context


class MeetingDetailView(ObjectDetailView):
    gate_model = FollowupMeeting
    selector = staticmethod(selectors.meeting_get)
    template_name = "followup/meeting_detail.html"
    context_object_name = "meeting"
    nav_active = "followup"
    breadcrumbs = (HOME, LIST_CRUMB, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Whoever may see a meeting may edit its agenda and notes (the same
        # scope: its participants and the administration).
        context["can_edit"] = can(self.request.user, FollowupMeeting, Action.CHANGE)
        context["school_year"] = school_year_label(self.object.school_year)
        return context


class MeetingEditView(ObjectFormView):
    gate_model = FollowupMeeting
    selector = staticmethod(selectors.meeting_get)
    form_class = MeetingForm
    template_name = "followup/meeting_form.html"
    nav_active = "followup"
    cancel_url = "followup:meeting_detail"
    success_url = "followup:meeting_detail"
    success_message = gettext_lazy("Mødet er gemt.")
    initial_fields = ("agenda", "notes", "goals", "location")
    breadcrumbs = (
        HOME,
        LIST_CRUMB,
        Crumb(obj="object", url="followup:meeting_detail"),
        Crumb(gettext_lazy("Dagsorden og noter")),
    )

    def get_title(self) -> str:
        return _("Dagsorden og noter: %(title)s") % {"title": self.object.title}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["initiatives"] = selectors.initiatives_of(
            municipality_id=self.object.municipality_id
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial["initiatives"] = list(self.object.initiatives.all())
        return initial

    def perform(self, data: dict) -> Any:
        return services.followup_meeting_update(
            actor=self.request.user, meeting=self.object, data=data
        )


class GenerateView(GatedMixin, FormView):
    """Generate a school year's meetings from the kinds with a cadence."""

    template_name = "followup/generate_form.html"
    form_class = GenerateForm
    gate_model = FollowupMeeting
    gate_action = Action.ADD
    nav_active = "followup"
    breadcrumbs = (HOME, LIST_CRUMB, Crumb(gettext_lazy("Generér møder for et skoleår")))

    def load_objects(self) -> None:
        self.kinds = selectors.generatable_kinds(user=self.request.user)

    def years(self) -> list[int]:
        current = current_school_year()
        years: set[int] = set()
        for kind in self.kinds:
            low = kind.first_year if kind.first_year is not None else current - 1
            high = kind.last_year if kind.last_year is not None else current + 1
            years.update(range(low, high + 1))
        return sorted(years) or [current, current + 1]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            years=self.years(),
            kinds=self.kinds,
            hosts=selectors.hosts_of(user=self.request.user),
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"host": self.request.user.pk}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Generér møder for et skoleår")
        context["all_kinds"] = selectors.kinds_of(user=self.request.user)
        context["cancel_url"] = reverse("followup:meeting_list")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        try:
            result = services.followup_meetings_generate(
                actor=user,
                municipality=user.municipality,
                school_year=data["school_year"],
                kinds=list(data["kinds"]),
                host=data["host"],
            )
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(created)s møder oprettet for %(year)s; %(existing)s fandtes i forvejen.")
            % {
                "created": result.created,
                "year": school_year_label(data["school_year"]),
                "existing": result.existing,
            },
        )
        return redirect(
            reverse("followup:meeting_list") + f"?visning=alle&skoleaar={data['school_year']}"
        )
