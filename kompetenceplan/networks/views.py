"""The networks' pages: the list, a network with its members and meetings,
its annual wheel, and the forms that manage them (docs/networks.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
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
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can, has_object_permission

from . import selectors, services
from .choices import MONTH_NAMES
from .forms import MeetingForm, MemberForm, NetworkForm, WheelEntryForm, meeting_initial
from .invitations import when
from .models import Meeting, Membership, Network, WheelEntry
from .permissions import OPEN

NETWORKS = Crumb(gettext_lazy("Netværk"), "networks:network_list")
TRAIL = (HOME, NETWORKS)
NETWORK_CRUMB = Crumb(obj="object", url="networks:network_detail")
MEMBERS_LABEL = gettext_lazy("Netværkets medlemmer")
CHOICES_LABEL = gettext_lazy("Netværk: vælg medlem")


def network_url(pk: int) -> str:
    return reverse("networks:network_detail", args=[pk])


def wheel_url(pk: int, school_year: str) -> str:
    return reverse("networks:wheel", args=[pk]) + f"?aar={school_year.replace('/', '-')}"


# --- the list and one network ---------------------------------------------------------


class NetworkListView(GatedMixin, TemplateView):
    template_name = "networks/network_list.html"
    gate_model = Network
    nav_active = "networks"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Netværk")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        networks = list(selectors.network_list(user=user))
        openable = selectors.openable_network_ids(user=user)
        for network in networks:
            network.openable = network.pk in openable
        context.update(
            title=_("Netværk"),
            networks=networks,
            can_add=can(user, Network, Action.ADD),
        )
        return context


class NetworkPageView(ObjectDetailView):
    """The network's page and its annual wheel: ``OPEN`` on the network."""

    gate_model = Network
    gate_action = OPEN
    nav_active = "networks"
    selector = selectors.network_get
    context_object_name = "network"


class NetworkDetailView(NetworkPageView):
    template_name = "networks/network_detail.html"
    breadcrumbs = (*TRAIL, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, network = self.request.user, self.object
        members = selectors.network_members(network)
        self.note_read([m.person for m in members], label=MEMBERS_LABEL)
        can_change = has_object_permission(user, network, Action.CHANGE)
        context.update(
            members=members,
            meetings=selectors.network_meetings(network),
            can_change=can_change,
            can_delete=can(user, Network, Action.DELETE),
            school_year=selectors.school_year_of(timezone.localdate()),
            history=selectors.network_history(network) if can_change else None,
        )
        return context


class WheelView(NetworkPageView):
    """The annual wheel of one school year: a twelve-month strip (August
    first) with the table of the same months beside it."""

    template_name = "networks/wheel.html"
    breadcrumbs = (*TRAIL, NETWORK_CRUMB, TITLE)

    def get_title(self) -> str:
        return _("Årshjul %(year)s") % {"year": self.school_year}

    def load_objects(self) -> None:
        super().load_objects()
        from kompetenceplan.cohorts.dates import school_year_valid

        asked = (self.request.GET.get("aar") or "").replace("-", "/")
        self.school_year = (
            asked if school_year_valid(asked) else selectors.school_year_of(timezone.localdate())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.object
        months = selectors.wheel(network, self.school_year)
        years = selectors.wheel_school_years(network)
        if self.school_year not in years:
            years = sorted({*years, self.school_year})
        context.update(
            title=self.get_title(),
            school_year=self.school_year,
            months=months,
            filled=sum(1 for m in months if m.entry),
            years=[(y, y.replace("/", "-")) for y in years],
            can_change=has_object_permission(self.request.user, network, Action.CHANGE),
            now_month=timezone.localdate().month
            if selectors.school_year_of(timezone.localdate()) == self.school_year
            else None,
        )
        return context


# --- managing the network -------------------------------------------------------------

NETWORK_FIELDS = (
    "name",
    "kind",
    "sector",
    "coordinator",
    "coordinator_title",
    "meetings_per_year",
    "description",
)


class NetworkCreateView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = Network
    gate_action = Action.ADD
    nav_active = "networks"
    form_class = NetworkForm
    title = gettext_lazy("Nyt netværk")
    service_fields = NETWORK_FIELDS
    success_url = "networks:network_detail"
    success_message = gettext_lazy("Netværket er oprettet.")
    cancel_url = "networks:network_list"
    breadcrumbs = (*TRAIL, TITLE)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality_id": self.request.user.municipality_id}

    def perform(self, data) -> Network:
        args = self.service_arguments(data)
        args["coordinator"] = args["coordinator"] or None
        args["meetings_per_year"] = args["meetings_per_year"] or None
        return services.network_create(
            actor=self.request.user, municipality=self.request.user.municipality, **args
        )


class NetworkEditView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = Network
    nav_active = "networks"
    selector = selectors.network_get
    context_object_name = "network"
    form_class = NetworkForm
    title = gettext_lazy("Redigér netværk")
    service_fields = NETWORK_FIELDS
    initial_fields = NETWORK_FIELDS
    success_url = "networks:network_detail"
    success_message = gettext_lazy("Netværket er gemt.")
    cancel_url = "networks:network_detail"
    breadcrumbs = (*TRAIL, NETWORK_CRUMB, TITLE)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality_id": self.object.municipality_id}

    def perform(self, data) -> Network:
        args = self.service_arguments(data)
        args["coordinator"] = args["coordinator"] or None
        args["meetings_per_year"] = args["meetings_per_year"] or None
        return services.network_update(actor=self.request.user, network=self.object, **args)


class NetworkDeleteView(ObjectDeleteView):
    gate_model = Network
    nav_active = "networks"
    selector = selectors.network_get
    context_object_name = "network"
    title = gettext_lazy("Slet netværk")
    question = gettext_lazy(
        "Vil du slette netværket med dets medlemmer, møder og årshjul? Kommende møder aflyses "
        "i medlemmernes kalendere. Sletningen logges."
    )
    success_message = gettext_lazy("Netværket er slettet.")
    success_url = "networks:network_list"
    cancel_url = "networks:network_detail"
    breadcrumbs = (*TRAIL, NETWORK_CRUMB, TITLE)

    def details(self):
        return [(_("Netværk"), str(self.object))]

    def perform(self, data) -> None:
        services.network_delete(actor=self.request.user, network=self.object)


# --- members --------------------------------------------------------------------------


class OfNetworkFormView(ObjectFormView):
    """A form on the network (``CHANGE`` on it): member, meeting, wheel entry."""

    template_name = "core/form.html"

    nav_active = "networks"
    selector = selectors.network_get
    object_action = Action.CHANGE
    context_object_name = "network"
    breadcrumbs = (*TRAIL, NETWORK_CRUMB, TITLE)

    def get_cancel_url(self) -> str:
        return network_url(self.object.pk)

    def get_success_url(self, result=None) -> str:
        return network_url(self.object.pk)


class MemberAddView(OfNetworkFormView):
    gate_model = Membership
    gate_action = Action.ADD
    form_class = MemberForm
    title = gettext_lazy("Tilføj medlem")
    service_fields = ("person", "institution", "resource_function")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.note_read(
            selectors.person_choices(self.object), label=CHOICES_LABEL, kind=ReadKind.FORM
        )
        return {**kwargs, "network": self.object}

    def perform(self, data) -> Membership:
        return services.membership_add(
            actor=self.request.user, network=self.object, **self.service_arguments(data)
        )

    def get_success_message(self, result, data) -> str:
        return _("%(name)s er tilføjet netværket og inviteret til de kommende møder.") % {
            "name": result.person.full_name
        }


class MemberRemoveView(ObjectDeleteView):
    gate_model = Membership
    nav_active = "networks"
    selector = selectors.membership_get
    title = gettext_lazy("Fjern medlem")
    question = gettext_lazy(
        "Vil du fjerne medlemmet fra netværket? De kommende møder tages ud af medlemmets "
        "kalender. Ændringen logges."
    )
    success_message = gettext_lazy("Medlemmet er fjernet.")
    breadcrumbs = (*TRAIL, Crumb(obj="object.network", url="networks:network_detail"), TITLE)

    def details(self):
        return [
            (_("Medlem"), self.object.person.full_name),
            (_("Netværk"), str(self.object.network)),
        ]

    def get_cancel_url(self) -> str:
        return network_url(self.object.network_id)

    def perform(self, data) -> None:
        services.membership_remove(actor=self.request.user, membership=self.object)

    def get_success_url(self, result=None) -> str:
        return network_url(self.object.network_id)


# --- meetings -------------------------------------------------------------------------

MEETING_FIELDS = ("starts_at", "ends_at", "place", "online_url", "agenda")


class MeetingCreateView(OfNetworkFormView):
    template_name = "networks/meeting_form.html"
    gate_model = Meeting
    gate_action = Action.ADD
    form_class = MeetingForm
    title = gettext_lazy("Nyt netværksmøde")
    service_fields = MEETING_FIELDS

    def perform(self, data) -> Meeting:
        return services.meeting_create(
            actor=self.request.user, network=self.object, **self.service_arguments(data)
        )

    def get_success_message(self, result, data) -> str:
        return _("Mødet %(when)s er oprettet, og medlemmerne er inviteret.") % {
            "when": when(result)
        }


class MeetingEditView(ObjectFormView):
    template_name = "networks/meeting_form.html"
    gate_model = Meeting
    nav_active = "networks"
    selector = selectors.meeting_get
    form_class = MeetingForm
    title = gettext_lazy("Redigér netværksmøde")
    service_fields = MEETING_FIELDS
    breadcrumbs = (*TRAIL, Crumb(obj="object.network", url="networks:network_detail"), TITLE)

    def get_initial(self):
        return meeting_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=self.object.network, **kwargs)

    def get_cancel_url(self) -> str:
        return network_url(self.object.network_id)

    def perform(self, data) -> Meeting:
        return services.meeting_update(
            actor=self.request.user, meeting=self.object, **self.service_arguments(data)
        )

    def get_success_message(self, result, data) -> str:
        return _("Mødet er gemt; medlemmerne får ændringen i deres kalender.")

    def get_success_url(self, result=None) -> str:
        return network_url(self.object.network_id)


class MeetingCancelView(ObjectFormView):
    template_name = "core/confirm_delete.html"
    gate_model = Meeting
    nav_active = "networks"
    selector = selectors.meeting_get
    title = gettext_lazy("Aflys netværksmøde")
    breadcrumbs = (*TRAIL, Crumb(obj="object.network", url="networks:network_detail"), TITLE)

    def get_context_data(self, **kwargs):
        meeting = self.object
        return super().get_context_data(
            question=_(
                "Vil du aflyse mødet? Medlemmerne får en aflysning, og mødet står som aflyst "
                "i kalenderen."
            ),
            details=[(_("Netværk"), str(meeting.network)), (_("Tid"), when(meeting))],
            **kwargs,
        )

    def get_cancel_url(self) -> str:
        return network_url(self.object.network_id)

    def perform(self, data) -> Meeting:
        return services.meeting_cancel(actor=self.request.user, meeting=self.object)

    def get_success_message(self, result, data) -> str:
        return _("Mødet %(when)s er aflyst.") % {"when": when(result)}

    def get_success_url(self, result=None) -> str:
        return network_url(self.object.network_id)


# --- the annual wheel -----------------------------------------------------------------


class WheelEntryView(OfNetworkFormView):
    """Set one month of the annual wheel (``?aar=2026-27&maaned=9`` fills in
    the month; an existing entry's texts are filled in)."""

    gate_model = WheelEntry
    gate_action = Action.ADD
    form_class = WheelEntryForm
    title = gettext_lazy("Årshjul: måned")
    service_fields = ("school_year", "month", "theme", "activity", "competence_development")

    def get_initial(self):
        year = (self.request.GET.get("aar") or "").replace("-", "/") or selectors.school_year_of(
            timezone.localdate()
        )
        initial: dict[str, Any] = {"school_year": year}
        month = self.request.GET.get("maaned", "")
        if month.isdigit() and 1 <= int(month) <= 12:
            initial["month"] = int(month)
            entry = WheelEntry.objects.filter(
                network=self.object, school_year=year, month=int(month)
            ).first()
            if entry is not None:
                initial.update(
                    theme=entry.theme,
                    activity=entry.activity,
                    competence_development=entry.competence_development,
                )
        return initial

    def perform(self, data) -> WheelEntry:
        return services.wheel_entry_set(
            actor=self.request.user, network=self.object, **self.service_arguments(data)
        )

    def get_success_message(self, result, data) -> str:
        return _("%(month)s %(year)s er gemt i årshjulet.") % {
            "month": str(MONTH_NAMES[result.month]).capitalize(),
            "year": result.school_year,
        }

    def get_success_url(self, result=None) -> str:
        if result is not None:
            return wheel_url(self.object.pk, result.school_year)
        return network_url(self.object.pk)


class WheelEntryDeleteView(ObjectDeleteView):
    gate_model = WheelEntry
    nav_active = "networks"
    selector = selectors.wheel_entry_get
    title = gettext_lazy("Slet måned i årshjulet")
    success_message = gettext_lazy("Måneden er slettet fra årshjulet.")
    breadcrumbs = (*TRAIL, Crumb(obj="object.network", url="networks:network_detail"), TITLE)

    def details(self):
        entry = self.object
        return [
            (_("Netværk"), str(entry.network)),
            (_("Måned"), f"{str(MONTH_NAMES[entry.month]).capitalize()} ({entry.school_year})"),
            (_("Tema"), entry.theme),
        ]

    def get_cancel_url(self) -> str:
        return wheel_url(self.object.network_id, self.object.school_year)

    def perform(self, data) -> None:
        services.wheel_entry_delete(actor=self.request.user, entry=self.object)

    def get_success_url(self, result=None) -> str:
        return wheel_url(self.object.network_id, self.object.school_year)
