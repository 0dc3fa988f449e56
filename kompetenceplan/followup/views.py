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
from kompetenceplan.core.forms import time_span_initial
from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ListPageView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can

from . import scheduling, selectors, services
from .forms import (
    CancelForm,
    GenerateForm,
    KindForm,
    MeetingForm,
    YearHostForm,
)
from .models import FollowupKind, FollowupMeeting
from .scheduling import school_year_label

LIST_CRUMB = Crumb(gettext_lazy("Opfølgning"), "followup:meeting_list")


def current_school_year(today=None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def offered_years(kinds) -> list[int]:
    """The school years a generate form offers: those the kinds cover (a kind
    without a period: last, this and next school year)."""
    current = current_school_year()
    years: set[int] = set()
    for kind in kinds:
        low = kind.first_year if kind.first_year is not None else current - 1
        high = kind.last_year if kind.last_year is not None else current + 1
        years.update(range(low, high + 1))
    return sorted(years) or [current, current + 1]


def generated_message(result: services.GenerateResult, school_year: int) -> str:
    return _("%(created)s møder oprettet for %(year)s; %(existing)s fandtes i forvejen.") % {
        "created": result.created,
        "year": school_year_label(school_year),
        "existing": result.existing,
    }


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
            can_kinds=can(user, FollowupKind, Action.VIEW),
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
        user = self.request.user
        context["can_edit"] = can(user, FollowupMeeting, Action.CHANGE)
        # Cancelling and deleting: the same people, in the roles that take
        # part in follow-up (followup/permissions.py).
        may_cancel = can(user, FollowupMeeting, Action.DELETE)
        upcoming = self.object.starts_at > timezone.now()
        context["can_cancel"] = may_cancel and upcoming and not self.object.cancelled
        context["can_reinstate"] = may_cancel and upcoming and self.object.cancelled
        context["can_delete"] = (
            may_cancel and upcoming and not selectors.meeting_contents(self.object)
        )
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
        Crumb(gettext_lazy("Tidspunkt, dagsorden og noter")),
    )

    def get_title(self) -> str:
        return _("Tidspunkt, dagsorden og noter: %(title)s") % {"title": self.object.display_title}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["initiatives"] = selectors.initiatives_of(
            municipality_id=self.object.municipality_id
        )
        # Shown, not taken, when the service would refuse a move anyway.
        kwargs["movable"] = not self.object.cancelled and self.object.starts_at > timezone.now()
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial.update(time_span_initial(self.object.starts_at, self.object.ends_at))
        initial["initiatives"] = list(self.object.initiatives.all())
        return initial

    def perform(self, data: dict) -> Any:
        return services.followup_meeting_update(
            actor=self.request.user, meeting=self.object, data=data
        )


def when(meeting: FollowupMeeting) -> str:
    """ "mandag 8. september 2025, 09.00–10.00" (local time)."""
    return scheduling.when(meeting.starts_at, meeting.ends_at)


class MeetingActionView(ObjectFormView):
    """A confirm page for one meeting (cancel, reinstate, delete): the
    administration and the meeting's participants (``DELETE`` on meetings)."""

    gate_model = FollowupMeeting
    gate_action = Action.DELETE
    selector = staticmethod(selectors.meeting_get)
    template_name = "core/confirm_delete.html"
    nav_active = "followup"
    cancel_url = "followup:meeting_detail"
    success_url = "followup:meeting_detail"
    breadcrumbs = (
        HOME,
        LIST_CRUMB,
        Crumb(obj="object", url="followup:meeting_detail"),
        TITLE,
    )

    def details(self) -> list[tuple[str, str]]:
        meeting = self.object
        school = meeting.institution.name if meeting.institution else _("Alle skoler")
        return [
            (_("Møde"), meeting.display_title),
            (_("Tidspunkt"), when(meeting)),
            (_("Skole"), school),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question(), details=self.details(), **kwargs)


class MeetingCancelView(MeetingActionView):
    form_class = CancelForm
    title = gettext_lazy("Aflys mødet")
    success_message = gettext_lazy("Mødet er aflyst.")

    def question(self) -> str:
        return _(
            "Mødet bliver stående som aflyst med begrundelsen, i listerne og i deltagernes "
            "kalender. Genereres skoleåret igen, oprettes det ikke på ny. Aflysningen logges."
        )

    def perform(self, data: dict) -> Any:
        return services.followup_meeting_cancel(
            actor=self.request.user, meeting=self.object, reason=data["reason"]
        )


class MeetingReinstateView(MeetingActionView):
    title = gettext_lazy("Genoptag mødet")
    success_message = gettext_lazy("Mødet er genoptaget.")

    def question(self) -> str:
        return _(
            "Mødet holdes alligevel: det står igen som et almindeligt møde i listerne og i "
            "deltagernes kalender. Ændringen logges."
        )

    def details(self) -> list[tuple[str, str]]:
        return [
            *super().details(),
            (_("Begrundelse for aflysningen"), self.object.cancel_reason),
        ]

    def perform(self, data: dict) -> Any:
        return services.followup_meeting_reinstate(actor=self.request.user, meeting=self.object)


class MeetingDeleteView(MeetingActionView):
    title = gettext_lazy("Slet mødet")
    success_message = gettext_lazy("Mødet er slettet.")

    def question(self) -> str:
        return _(
            "Mødet forsvinder fra listerne og fra deltagernes kalender. Bemærk: genereres "
            "skoleåret igen, oprettes mødet på ny. Skal det ikke holdes, så aflys det i "
            "stedet. Kun et møde uden dagsorden, noter, mål og indsatser, der ikke er "
            "afholdt, kan slettes. Sletningen logges."
        )

    def perform(self, data: dict) -> Any:
        return services.followup_meeting_delete(actor=self.request.user, meeting=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("followup:meeting_list")


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

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            years=offered_years(self.kinds),
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
        messages.success(self.request, generated_message(result, data["school_year"]))
        return redirect(
            reverse("followup:meeting_list") + f"?visning=alle&skoleaar={data['school_year']}"
        )


# --- Kinds (the administration) -----------------------------------------------------------

KINDS_CRUMB = Crumb(gettext_lazy("Opfølgningstyper"), "followup:kind_list")


class KindListView(ListPageView):
    """The municipality's follow-up kinds with their cadence and meetings."""

    template_name = "followup/kind_list.html"
    gate_model = FollowupKind
    nav_active = "followup"
    title = gettext_lazy("Opfølgningstyper")
    breadcrumbs = (HOME, LIST_CRUMB, TITLE)
    list_selector = staticmethod(selectors.kinds_of)


class KindDetailView(ObjectDetailView):
    """A kind: its cadence, its meetings per school year, and generating a year."""

    gate_model = FollowupKind
    selector = staticmethod(selectors.kind_get)
    template_name = "followup/kind_detail.html"
    context_object_name = "kind"
    nav_active = "followup"
    breadcrumbs = (HOME, LIST_CRUMB, KINDS_CRUMB, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        years = selectors.kind_years(kind=self.object)
        for row in years:
            row["label"] = school_year_label(row["school_year"])
        context["years"] = years
        if self.object.active and self.object.times_max and can(user, FollowupMeeting, Action.ADD):
            context["generate_form"] = YearHostForm(
                years=offered_years([self.object]),
                hosts=selectors.hosts_of(user=user),
                initial={"host": user.pk, "school_year": current_school_year()},
            )
        return context


class KindFormView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = FollowupKind
    form_class = KindForm
    nav_active = "followup"
    service_fields = services.KIND_FIELDS
    success_url = "followup:kind_detail"
    breadcrumbs = (HOME, LIST_CRUMB, KINDS_CRUMB, TITLE)


class KindCreateView(KindFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Ny opfølgningstype")
    success_message = gettext_lazy("Opfølgningstypen er oprettet.")
    cancel_url = "followup:kind_list"

    def get_initial(self) -> dict[str, Any]:
        return {"active": True, "duration_minutes": 60, "scope": "per_school"}

    def perform(self, data: dict) -> Any:
        return services.followup_kind_create(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            **self.service_arguments(data),
        )


class KindEditView(KindFormView):
    selector = staticmethod(selectors.kind_get)
    title = gettext_lazy("Redigér opfølgningstype")
    initial_fields = services.KIND_FIELDS
    cancel_url = "followup:kind_detail"

    def get_title(self) -> str:
        return _("Redigér %(name)s") % {"name": self.object.name}

    def perform(self, data: dict) -> Any:
        return services.followup_kind_update(
            actor=self.request.user, kind=self.object, **self.service_arguments(data)
        )

    def get_success_message(self, result, data: dict) -> str:
        message = _("Opfølgningstypen er gemt.")
        if result.removed or result.kept:
            message += " " + _(
                "%(removed)s tomme møder ud over den nye kadence er fjernet; "
                "%(kept)s med dagsorden, noter eller afholdt er beholdt."
            ) % {"removed": result.removed, "kept": result.kept}
        return message


class KindDeleteView(ObjectDeleteView):
    gate_model = FollowupKind
    selector = staticmethod(selectors.kind_get)
    nav_active = "followup"
    breadcrumbs = (HOME, LIST_CRUMB, KINDS_CRUMB, TITLE)
    cancel_url = "followup:kind_detail"

    def load_objects(self) -> None:
        super().load_objects()
        self.has_meetings = self.object.meetings.exists()

    def get_title(self) -> str:
        if self.has_meetings:
            return _("Tag opfølgningstypen ud af brug")
        return _("Slet opfølgningstypen")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.has_meetings:
            context["question"] = _(
                "Typen har møder og kan derfor ikke slettes. Den tages ud af brug: "
                "møderne med dagsorden og noter bliver, men der genereres ikke flere. "
                "Ændringen logges."
            )
        else:
            context["question"] = _("Vil du slette opfølgningstypen? Sletningen logges.")
        return context

    def details(self) -> list[tuple[str, str]]:
        return [
            (_("Navn"), self.object.name),
            (_("Kadence"), self.object.cadence_label),
        ]

    def perform(self, data: dict) -> Any:
        return services.followup_kind_delete(actor=self.request.user, kind=self.object)

    def get_success_message(self, result, data: dict) -> str:
        if result:
            return _("Opfølgningstypen er slettet.")
        return _("Opfølgningstypen er taget ud af brug; dens møder er bevaret.")

    def get_success_url(self, result=None) -> str:
        if result:
            return reverse("followup:kind_list")
        return reverse("followup:kind_detail", args=[self.object.pk])


class KindGenerateView(ObjectFormView):
    """Generate one kind's meetings for a chosen school year (idempotent)."""

    gate_model = FollowupMeeting
    gate_action = Action.ADD
    selector = staticmethod(selectors.kind_get)
    object_action = Action.CHANGE
    form_class = YearHostForm
    template_name = "core/form.html"
    nav_active = "followup"
    cancel_url = "followup:kind_detail"
    breadcrumbs = (
        HOME,
        LIST_CRUMB,
        KINDS_CRUMB,
        Crumb(obj="object", url="followup:kind_detail"),
        TITLE,
    )

    def get_title(self) -> str:
        return _("Generér møder: %(name)s") % {"name": self.object.name}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            years=offered_years([self.object]), hosts=selectors.hosts_of(user=self.request.user)
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"host": self.request.user.pk, "school_year": current_school_year()}

    def perform(self, data: dict) -> Any:
        return services.followup_meetings_generate(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            school_year=data["school_year"],
            kinds=[self.object],
            host=data["host"],
        )

    def get_success_message(self, result, data: dict) -> str:
        return generated_message(result, data["school_year"])

    def get_success_url(self, result=None) -> str:
        return reverse("followup:kind_detail", args=[self.object.pk])
