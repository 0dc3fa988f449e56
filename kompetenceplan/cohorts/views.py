"""The cohorts' pages: the list, a cohort with its sessions and enrolments,
the cohort and session forms, and the enrolment actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.formatting import long_date
from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    FilteredTableView,
    GatedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import (
    Action,
    can,
    get_restricted_or_404,
    has_object_permission,
)
from kompetenceplan.plans.models import Initiative
from kompetenceplan.plans.permissions import PLANNERS

from . import selectors, selectors_spending, services
from .filtersets import CohortFilterSet
from .forms import (
    AttendanceForm,
    CohortCreateForm,
    CohortForm,
    NominateForm,
    ReasonForm,
    SchoolHolidayForm,
    SessionForm,
    session_initial,
)
from .models import Attendance, Cohort, Enrolment, RolloutTarget, SchoolHoliday, Session
from .tables import CohortTable

COHORTS = Crumb(gettext_lazy("Hold"), "cohorts:cohort_list")
COHORT_TRAIL = (HOME, COHORTS)
HANDLERS = (*PLANNERS, "leader")


def cohort_url(pk: int) -> str:
    return reverse("cohorts:cohort_detail", args=[pk])


# --- the list and one cohort ----------------------------------------------------------


class CohortListView(FilteredTableView):
    template_name = "cohorts/cohort_list.html"
    gate_model = Cohort
    nav_active = "cohorts"
    filterset_class = CohortFilterSet
    table_class = CohortTable
    export_name = gettext_lazy("hold")
    title = gettext_lazy("Hold")
    list_selector = selectors.cohort_list

    def get_filterset_kwargs(self) -> dict:
        user = self.request.user
        return {
            "school_years": selectors.school_years(user=user),
            "initiatives": selectors.cohort_initiatives(user=user),
        }

    def export_rows(self, queryset):
        header = [
            _("Hold"),
            _("Indsats"),
            _("Skoleår"),
            _("Pladser"),
            _("Tilmeldte"),
            _("Venteliste"),
            _("Tilmelding"),
            _("Frist"),
        ]
        rows = (
            [
                c.name,
                str(c.initiative),
                c.school_year,
                c.capacity,
                c.seated,
                c.waitlisted,
                c.get_enrolment_mode_display(),
                long_date(c.enrolment_deadline),
            ]
            for c in queryset
        )
        return header, rows


PARTICIPANTS_LABEL = gettext_lazy("Holdets deltagere")


class CohortDetailView(ObjectDetailView):
    gate_model = Cohort
    nav_active = "cohorts"
    selector = selectors.cohort_get
    breadcrumbs = (*COHORT_TRAIL, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, cohort = self.request.user, self.object
        seated = selectors.seated_count(cohort)
        enrolments = selectors.cohort_enrolments(user=user, cohort=cohort)
        self.note_read(
            [
                e.person
                for group in (
                    enrolments.enrolled,
                    enrolments.waitlisted,
                    enrolments.pending,
                    enrolments.other,
                )
                for e in group
            ],
            label=PARTICIPANTS_LABEL,
        )
        context.update(
            sessions=selectors.session_rows(cohort),
            enrolments=enrolments,
            own=selectors.own_enrolment(user=user, cohort=cohort),
            seated=seated,
            free=max(cohort.capacity - seated, 0),
            below_minimum=selectors.is_below_minimum(cohort, seated),
            can_request=selectors.can_request(user=user, cohort=cohort),
            can_nominate=getattr(user, "role", None) in HANDLERS,
            can_change=has_object_permission(user, cohort, Action.CHANGE),
            can_rollout=can(user, RolloutTarget, Action.VIEW),
            attended_hours=selectors.cohort_attended_hours(cohort),
            history=selectors.cohort_history(cohort),
        )
        context["spending"] = selectors_spending.cohort_spending(
            user=user, cohort=cohort, can_change=context["can_change"]
        )
        return context


# --- cohort forms ---------------------------------------------------------------------


COHORT_FIELDS = (
    "name",
    "school_year",
    "capacity",
    "minimum",
    "enrolment_mode",
    "enrolment_deadline",
    "provider",
    "place",
    "responsible_user",
    "note",
    "min_sessions_attended",
)


class CohortCreateView(ObjectFormView):
    """A new cohort of ``?initiative=<pk>`` (one the user may change)."""

    template_name = "cohorts/cohort_form.html"
    gate_model = Cohort
    gate_action = Action.ADD
    nav_active = "cohorts"
    form_class = CohortCreateForm
    title = gettext_lazy("Nyt hold")
    service_fields = COHORT_FIELDS
    success_message = gettext_lazy("Holdet er oprettet.")
    success_url = "cohorts:cohort_detail"
    breadcrumbs = (*COHORT_TRAIL, TITLE)
    initiative: Initiative

    def load_objects(self) -> None:
        try:
            pk = int(self.request.GET.get("initiative", ""))
        except ValueError:
            raise Http404 from None
        self.initiative = get_restricted_or_404(
            Initiative.objects.select_related("plan"), self.request.user, Action.CHANGE, pk=pk
        )

    def _estimate(self):
        initiative = self.initiative
        if initiative.sessions and initiative.hours_per_session:
            hours = f"{initiative.hours_per_session.normalize():f}".replace(".", ",")
            return initiative.sessions, hours
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality_id"] = self.initiative.plan.municipality_id
        kwargs["estimate"] = self._estimate()
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        today = timezone.localdate()
        first = today.year if today.month >= 8 else today.year - 1
        initial.update(
            name=_("Hold 1"),
            school_year=f"{first}/{(first + 1) % 100:02d}",
            capacity=self.initiative.cohort_size,
            enrolment_mode="open",
            responsible_user=self.initiative.responsible_user_id,
        )
        return initial

    def perform(self, data) -> Cohort:
        arguments = self.service_arguments(data)
        if data.get("starts"):
            return services.cohort_create_from_estimate(
                actor=self.request.user,
                initiative=self.initiative,
                starts=data["starts"],
                practice_between=data.get("practice_between", ""),
                **arguments,
            )
        return services.cohort_create(
            actor=self.request.user, initiative=self.initiative, **arguments
        )

    def get_cancel_url(self) -> str:
        return reverse("plans:initiative_detail", args=[self.initiative.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.initiative
        return context


class CohortEditView(ObjectFormView):
    template_name = "cohorts/cohort_form.html"
    gate_model = Cohort
    nav_active = "cohorts"
    selector = selectors.cohort_get
    context_object_name = "cohort"
    form_class = CohortForm
    title = gettext_lazy("Redigér hold")
    service_fields = COHORT_FIELDS
    initial_fields = COHORT_FIELDS
    success_message = gettext_lazy("Holdet er gemt.")
    success_url = "cohorts:cohort_detail"
    cancel_url = "cohorts:cohort_detail"
    breadcrumbs = (*COHORT_TRAIL, Crumb(obj="object", url="cohorts:cohort_detail"), TITLE)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality_id"] = self.object.municipality_id
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.object.initiative
        return context

    def perform(self, data) -> Cohort:
        return services.cohort_update(
            actor=self.request.user, cohort=self.object, **self.service_arguments(data)
        )


class CohortDeleteView(ObjectDeleteView):
    gate_model = Cohort
    nav_active = "cohorts"
    selector = selectors.cohort_get
    title = gettext_lazy("Slet hold")
    question = gettext_lazy("Vil du slette holdet med dets kursusgange? Sletningen logges.")
    success_message = gettext_lazy("Holdet er slettet.")
    cancel_url = "cohorts:cohort_detail"
    breadcrumbs = (*COHORT_TRAIL, Crumb(obj="object", url="cohorts:cohort_detail"), TITLE)

    def details(self):
        return [(_("Hold"), str(self.object)), (_("Indsats"), str(self.object.initiative))]

    def perform(self, data) -> None:
        services.cohort_delete(actor=self.request.user, cohort=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("plans:initiative_detail", args=[self.object.initiative_id])


# --- sessions -------------------------------------------------------------------------

SESSION_FIELDS = (
    "starts_at",
    "ends_at",
    "kind",
    "hours",
    "place",
    "online_url",
    "practice_after",
)


class SessionFormView(ObjectFormView):
    template_name = "cohorts/session_form.html"
    gate_model = Session
    nav_active = "cohorts"
    form_class = SessionForm
    service_fields = SESSION_FIELDS
    cohort: Cohort

    def cohort_crumb(self):
        return Crumb(obj="cohort", url=lambda view: cohort_url(view.cohort.pk))

    def get_success_message(self, result, data) -> str:
        for warning in selectors.time_warnings(
            municipality_id=self.cohort.municipality_id,
            starts_at=result.starts_at,
            ends_at=result.ends_at,
        ):
            messages.warning(self.request, warning)
        return _("Kursusgangen er gemt.")

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.cohort.pk)

    def get_cancel_url(self) -> str:
        return cohort_url(self.cohort.pk)


class SessionCreateView(SessionFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Ny kursusgang")
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="cohort", url=lambda view: cohort_url(view.cohort.pk)),
        TITLE,
    )

    def load_objects(self) -> None:
        self.cohort = selectors.cohort_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
        )

    def get_initial(self):
        initial = super().get_initial()
        initial.update(kind="course_day", place=self.cohort.place)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.cohort
        return context

    def perform(self, data) -> Session:
        return services.session_create(
            actor=self.request.user, cohort=self.cohort, **self.service_arguments(data)
        )


class SessionEditView(SessionFormView):
    selector = selectors.session_get
    context_object_name = "session"
    title = gettext_lazy("Redigér kursusgang")
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="cohort", url=lambda view: cohort_url(view.cohort.pk)),
        TITLE,
    )

    def load_objects(self) -> None:
        super().load_objects()
        self.cohort = self.object.cohort

    def get_initial(self):
        return session_initial(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.cohort
        context["warnings"] = selectors.time_warnings(
            municipality_id=self.cohort.municipality_id,
            starts_at=self.object.starts_at,
            ends_at=self.object.ends_at,
        )
        context["can_delete"] = True
        return context

    def perform(self, data) -> Session:
        return services.session_update(
            actor=self.request.user, session=self.object, **self.service_arguments(data)
        )


class SessionDeleteView(ObjectDeleteView):
    gate_model = Session
    nav_active = "cohorts"
    selector = selectors.session_get
    title = gettext_lazy("Slet kursusgang")
    question = gettext_lazy("Vil du slette kursusgangen? Sletningen logges.")
    success_message = gettext_lazy("Kursusgangen er slettet.")
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="object.cohort", url=lambda view: cohort_url(view.object.cohort_id)),
        TITLE,
    )

    def details(self):
        return [(_("Kursusgang"), str(self.object))]

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.cohort_id)

    def perform(self, data) -> None:
        services.session_delete(actor=self.request.user, session=self.object)

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.object.cohort_id)


# --- attendance and completion -------------------------------------------------------

ATTENDANCE_LABEL = gettext_lazy("Fremmøde")


class AttendanceView(ObjectFormView):
    """A session's attendance list: everyone present unless ticked "Fraværende"."""

    template_name = "cohorts/attendance.html"
    gate_model = Attendance
    gate_action = Action.ADD
    object_action = Action.CHANGE
    nav_active = "cohorts"
    selector = selectors.session_get
    context_object_name = "session"
    form_class = AttendanceForm
    title = gettext_lazy("Fremmøde")
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="object.cohort", url=lambda view: cohort_url(view.object.cohort_id)),
        TITLE,
    )

    def load_objects(self) -> None:
        super().load_objects()
        self.sheet = selectors.attendance_sheet(self.object)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["person_ids"] = [row.enrolment.person_id for row in self.sheet.rows]
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        initial["absent"] = [row.enrolment.person_id for row in self.sheet.rows if not row.present]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.object.cohort
        context["sheet"] = self.sheet
        form = context["form"]
        ticked = {str(v) for v in (form["absent"].value() or [])}
        context["rows"] = [(row, str(row.enrolment.person_id) in ticked) for row in self.sheet.rows]
        self.note_read([row.enrolment.person for row in self.sheet.rows], label=ATTENDANCE_LABEL)
        return context

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.cohort_id)

    def perform(self, data) -> list[Attendance]:
        return services.attendance_record(
            actor=self.request.user, session=self.object, absent_person_ids=data["absent"]
        )

    def get_success_message(self, result, data) -> str:
        total = len(self.sheet.rows)
        return _("Fremmødet er gemt: %(present)s af %(total)s til stede.") % {
            "present": total - len(data["absent"]),
            "total": total,
        }

    def get_success_url(self, result=None) -> str:
        return reverse("cohorts:attendance", args=[self.object.pk])


class CohortCompleteView(ObjectFormView):
    """Judge the participants by the completion rule after the last session."""

    template_name = "cohorts/confirm.html"
    gate_model = Cohort
    nav_active = "cohorts"
    selector = selectors.cohort_get
    context_object_name = "cohort"
    title = gettext_lazy("Registrér gennemførelse")
    breadcrumbs = (*COHORT_TRAIL, Crumb(obj="object", url="cohorts:cohort_detail"), TITLE)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohort = self.object
        sessions = cohort.sessions.count()
        rule = selectors.completion_rule(cohort, sessions)
        context["question"] = _(
            "Deltagere, der har været til stede ved mindst %(rule)s af %(sessions)s "
            "kursusgange, registreres som gennemført; de øvrige som ikke gennemført."
        ) % {"rule": rule, "sessions": sessions}
        context["details"] = [(_("Hold"), str(cohort)), (_("Indsats"), str(cohort.initiative))]
        return context

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.pk)

    def perform(self, data) -> services.CompletionResult:
        return services.cohort_complete(actor=self.request.user, cohort=self.object)

    def get_success_message(self, result, data) -> str:
        return _("%(completed)s har gennemført, %(incomplete)s har ikke.") % {
            "completed": result.completed,
            "incomplete": result.incomplete,
        }

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.object.pk)


# --- enrolment ------------------------------------------------------------------------


class EnrolmentActionView(ObjectFormView):
    """A confirmation page (GET) and the one service (POST) for an enrolment."""

    template_name = "cohorts/confirm.html"
    gate_model = Enrolment
    gate_action = Action.CHANGE
    nav_active = "cohorts"
    selector = selectors.enrolment_get
    context_object_name = "enrolment"
    question: Any = ""
    roles: tuple[str, ...] | None = HANDLERS
    breadcrumbs = (
        *COHORT_TRAIL,
        Crumb(obj="object.cohort", url=lambda view: cohort_url(view.object.cohort_id)),
        TITLE,
    )

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and self.roles is not None
            and getattr(request.user, "role", None) not in self.roles
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.cohort_id)

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.object.cohort_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["details"] = [
            (_("Medarbejder"), str(self.object.person)),
            (_("Hold"), str(self.object.cohort)),
            (_("Status"), self.object.get_status_display()),
        ]
        return context


class EnrolmentApproveView(EnrolmentActionView):
    title = gettext_lazy("Godkend tilmelding")
    question = gettext_lazy(
        "Godkend anmodningen? Er holdet fuldt, kommer medarbejderen på venteliste."
    )

    def perform(self, data) -> Enrolment:
        return services.enrolment_approve(actor=self.request.user, enrolment=self.object)

    def get_success_message(self, result, data) -> str:
        return _("%(person)s: %(status)s.") % {
            "person": result.person,
            "status": result.get_status_display().lower(),
        }


class EnrolmentDeclineView(EnrolmentActionView):
    title = gettext_lazy("Afvis anmodning")
    question = gettext_lazy("Afvis anmodningen om plads på holdet?")
    form_class = ReasonForm
    success_message = gettext_lazy("Anmodningen er afvist.")

    def perform(self, data) -> Enrolment:
        return services.enrolment_decline(
            actor=self.request.user, enrolment=self.object, reason=data.get("reason", "")
        )


class EnrolmentCancelView(EnrolmentActionView):
    title = gettext_lazy("Afmeld")
    question = gettext_lazy(
        "Afmeld fra holdet? En ledig plads går straks til den første på ventelisten."
    )
    form_class = ReasonForm
    roles = None  # staff cancel their own; the gate's scope decides whose
    success_message = gettext_lazy("Afmeldingen er registreret.")

    def perform(self, data) -> Enrolment:
        return services.enrolment_cancel(
            actor=self.request.user, enrolment=self.object, reason=data.get("reason", "")
        )


class EnrolmentNoShowView(EnrolmentActionView):
    title = gettext_lazy("Registrér udeblivelse")
    question = gettext_lazy("Registrér, at medarbejderen ikke mødte op?")
    success_message = gettext_lazy("Udeblivelsen er registreret.")

    def perform(self, data) -> Enrolment:
        return services.enrolment_mark_no_show(actor=self.request.user, enrolment=self.object)


class EnrolSelfView(ObjectFormView):
    """ "Tilmeld mig" / "Bed om plads" for a user with a staff record."""

    template_name = "cohorts/confirm.html"
    gate_model = Enrolment
    gate_action = Action.ADD
    nav_active = "cohorts"
    selector = selectors.cohort_get
    object_action = Action.VIEW
    context_object_name = "cohort"
    breadcrumbs = (*COHORT_TRAIL, Crumb(obj="object", url="cohorts:cohort_detail"), TITLE)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request.user, "person_id", None) is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_title(self) -> str:
        if self.object.enrolment_mode == "approval":
            return _("Bed om plads")
        return _("Tilmeld mig")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = (
            _("Din leder får besked og skal godkende, før du har en plads.")
            if self.object.enrolment_mode == "approval"
            else _(
                "Er holdet fuldt, kommer du på venteliste og rykker op, når en plads bliver ledig."
            )
        )
        context["details"] = [
            (_("Hold"), str(self.object)),
            (_("Indsats"), str(self.object.initiative)),
        ]
        return context

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.pk)

    def perform(self, data) -> Enrolment:
        return services.enrolment_request(actor=self.request.user, cohort=self.object)

    def get_success_message(self, result, data) -> str:
        return enrolment_message(result)

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.object.pk)


def enrolment_message(enrolment: Enrolment) -> str:
    if enrolment.waitlist_position:
        return _("%(person)s er på venteliste som nr. %(position)s.") % {
            "person": enrolment.person,
            "position": enrolment.waitlist_position,
        }
    return _("%(person)s: %(status)s.") % {
        "person": enrolment.person,
        "status": enrolment.get_status_display().lower(),
    }


NOMINATE_LABEL = gettext_lazy("Tilmeld medarbejder: valgmuligheder")


class NominateView(ObjectFormView):
    """A leader nominates one of their staff (planners anyone of the municipality)."""

    template_name = "cohorts/nominate_form.html"
    gate_model = Enrolment
    gate_action = Action.ADD
    nav_active = "cohorts"
    selector = selectors.cohort_get
    object_action = Action.VIEW
    context_object_name = "cohort"
    form_class = NominateForm
    title = gettext_lazy("Tilmeld medarbejder")
    service_fields = ("person", "override_reason")
    breadcrumbs = (*COHORT_TRAIL, Crumb(obj="object", url="cohorts:cohort_detail"), TITLE)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request.user, "role", None) not in HANDLERS:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        people = selectors.nominatable_people(user=self.request.user, cohort=self.object)
        self.note_read(people, label=NOMINATE_LABEL, kind=ReadKind.FORM)
        kwargs["people"] = people
        kwargs["may_override"] = self.request.user.role in PLANNERS
        return kwargs

    def get_cancel_url(self) -> str:
        return cohort_url(self.object.pk)

    def perform(self, data) -> Enrolment:
        return services.enrolment_nominate(
            actor=self.request.user, cohort=self.object, **self.service_arguments(data)
        )

    def get_success_message(self, result, data) -> str:
        return enrolment_message(result)

    def get_success_url(self, result=None) -> str:
        return cohort_url(self.object.pk)


# --- school holidays ------------------------------------------------------------------

HOLIDAYS = Crumb(gettext_lazy("Skoleferier"), "cohorts:holiday_list")


class SchoolHolidayListView(GatedMixin, TemplateView):
    """The municipality's school holidays (sessions in them are warned about)."""

    template_name = "cohorts/holiday_list.html"
    gate_model = SchoolHoliday
    nav_active = "cohorts"
    breadcrumbs = (*COHORT_TRAIL, Crumb(gettext_lazy("Skoleferier")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["holidays"] = list(selectors.school_holiday_list(user=self.request.user))
        context["can_change"] = can(self.request.user, SchoolHoliday, Action.ADD)
        return context


class SchoolHolidayCreateView(ObjectFormView):
    gate_model = SchoolHoliday
    gate_action = Action.ADD
    nav_active = "cohorts"
    template_name = "core/form.html"
    form_class = SchoolHolidayForm
    title = gettext_lazy("Ny skoleferie")
    service_fields = ("name", "start", "end")
    success_message = gettext_lazy("Skoleferien er gemt.")
    breadcrumbs = (*COHORT_TRAIL, HOLIDAYS, TITLE)

    def perform(self, data) -> SchoolHoliday:
        return services.school_holiday_create(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            **self.service_arguments(data),
        )

    def get_success_url(self, result=None) -> str:
        return reverse("cohorts:holiday_list")

    def get_cancel_url(self) -> str:
        return reverse("cohorts:holiday_list")


class SchoolHolidayDeleteView(ObjectDeleteView):
    gate_model = SchoolHoliday
    nav_active = "cohorts"
    selector = selectors.school_holiday_get
    title = gettext_lazy("Slet skoleferie")
    question = gettext_lazy("Vil du slette skoleferien? Sletningen logges.")
    success_message = gettext_lazy("Skoleferien er slettet.")
    breadcrumbs = (*COHORT_TRAIL, HOLIDAYS, TITLE)

    def details(self):
        holiday = self.object
        return [
            (_("Skoleferie"), holiday.name),
            (_("Periode"), f"{long_date(holiday.start)} – {long_date(holiday.end)}"),
        ]

    def perform(self, data) -> None:
        services.school_holiday_delete(actor=self.request.user, holiday=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("cohorts:holiday_list")

    def get_cancel_url(self) -> str:
        return reverse("cohorts:holiday_list")
