"""The support app's pages: requests to the resource team and substitute-fund
applications (docs/support.md). Every step is one service call."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    ListPageView,
    ObjectDetailView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can

from . import selectors, services, workflow
from .choices import ApplicationStatus, RequestStatus
from .forms import (
    ApplicationForm,
    ApproveForm,
    LocalPlanForm,
    PlanForm,
    ReasonForm,
    ResourceRequestForm,
)
from .models import LocalPlan, ResourceRequest, SubstituteFundApplication
from .permissions import HANDLE

REQUESTS = Crumb(gettext_lazy("Henvendelser"), "support:request_list")
APPLICATIONS = Crumb(gettext_lazy("Vikarpuljen"), "support:application_list")
REQUEST = Crumb(obj="object", url="support:request_detail")
APPLICATION = Crumb(obj="object", url="support:application_detail")


# --- requests to the resource team ----------------------------------------------------


class RequestListView(ListPageView):
    template_name = "support/request_list.html"
    gate_model = ResourceRequest
    nav_active = "support_requests"
    title = gettext_lazy("Henvendelser til ressourceteamet")
    list_selector = selectors.request_list

    def can_add(self) -> bool:
        return super().can_add() and self.request.user.role in workflow.REQUESTERS

    def extra_context_for(self, rows):
        closed = (RequestStatus.COMPLETED, RequestStatus.DECLINED)
        return {
            "open_rows": [r for r in rows if r.status not in closed],
            "closed_rows": [r for r in rows if r.status in closed],
        }


class RequestDetailView(ObjectDetailView):
    template_name = "support/request_detail.html"
    gate_model = ResourceRequest
    nav_active = "support_requests"
    selector = selectors.request_get
    context_object_name = "req"
    breadcrumbs = (HOME, REQUESTS, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        req, user = self.object, self.request.user
        context.update(
            transitions=workflow.allowed_transitions(req, user),
            can_edit=req.status == RequestStatus.DRAFT and user.role in workflow.REQUESTERS,
            principles=workflow.principle_errors(
                {name: getattr(req, name) for name in services.REQUEST_FIELDS}
            )
            if req.status == RequestStatus.DRAFT
            else [],
            history=selectors.request_history(req),
        )
        return context


class RequestCreateView(ObjectFormView):
    template_name = "support/request_form.html"
    gate_model = ResourceRequest
    gate_action = Action.ADD
    nav_active = "support_requests"
    form_class = ResourceRequestForm
    title = gettext_lazy("Ny henvendelse til ressourceteamet")
    success_url = "support:request_detail"
    breadcrumbs: tuple[Crumb, ...] = (HOME, REQUESTS, TITLE)
    cancel_url = "support:request_list"

    def load_objects(self) -> None:
        if self.request.user.role not in workflow.REQUESTERS:
            raise PermissionDenied

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["institutions"] = selectors.request_institutions(user=self.request.user)
        return kwargs

    def perform(self, data: dict) -> Any:
        values = {name: data.get(name) for name in services.REQUEST_FIELDS}
        return services.request_create(
            actor=self.request.user,
            institution=data["institution"],
            submit="send" in self.request.POST,
            **values,
        )

    def get_success_message(self, result, data):
        if result.status == RequestStatus.SUBMITTED:
            return str(gettext_lazy("Henvendelsen er sendt til ressourceteamet."))
        return str(gettext_lazy("Henvendelsen er gemt som kladde."))


class RequestEditView(RequestCreateView):
    selector = selectors.request_get
    gate_action = Action.CHANGE
    title = gettext_lazy("Redigér henvendelse")
    initial_fields = services.REQUEST_FIELDS
    breadcrumbs = (HOME, REQUESTS, REQUEST, TITLE)
    cancel_url = "support:request_detail"

    def load_objects(self) -> None:
        super().load_objects()
        ObjectFormView.load_objects(self)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = True
        return kwargs

    def perform(self, data: dict) -> Any:
        values = {name: data.get(name) for name in services.REQUEST_FIELDS}
        return services.request_update(
            actor=self.request.user,
            request=self.object,
            submit="send" in self.request.POST,
            **values,
        )


class StepView(ObjectFormView):
    """One step of a workflow on its confirm page (``question``); a step that
    needs input (a reason, a source) gives its own form."""

    template_name = "support/confirm.html"
    success_url: Any = ""
    question: Any = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        return context


class RequestStepView(StepView):
    gate_model = ResourceRequest
    gate_action = HANDLE
    nav_active = "support_requests"
    selector = selectors.request_get
    success_url = cancel_url = "support:request_detail"
    breadcrumbs = (HOME, REQUESTS, REQUEST, TITLE)
    #: The roles that take this step (the transition table's); others get 403.
    step: str = ""

    def load_objects(self) -> None:
        if self.request.user.role not in workflow.TRANSITIONS[self.step].roles:
            raise PermissionDenied
        super().load_objects()


class RequestSubmitView(RequestStepView):
    step = "submit"
    gate_action = Action.CHANGE
    title = gettext_lazy("Send henvendelsen")
    question = gettext_lazy(
        "Send henvendelsen til ressourceteamet? Den kan derefter ikke længere redigeres."
    )
    success_message = gettext_lazy("Henvendelsen er sendt til ressourceteamet.")

    def perform(self, data):
        return services.request_submit(actor=self.request.user, request=self.object)


class RequestAcceptView(RequestStepView):
    step = "accept"
    title = gettext_lazy("Acceptér henvendelsen")
    question = gettext_lazy("Acceptér henvendelsen? Institutionen får besked.")
    success_message = gettext_lazy("Henvendelsen er accepteret.")

    def perform(self, data):
        return services.request_accept(actor=self.request.user, request=self.object)


class RequestDeclineView(RequestStepView):
    step = "decline"
    title = gettext_lazy("Afvis henvendelsen")
    question = gettext_lazy("Afvis henvendelsen? Begrundelsen sendes til institutionen.")
    form_class = ReasonForm
    success_message = gettext_lazy("Henvendelsen er afvist.")

    def perform(self, data):
        return services.request_decline(
            actor=self.request.user, request=self.object, reason=data.get("reason", "")
        )


class RequestPlanView(RequestStepView):
    step = "plan"
    title = gettext_lazy("Planlæg forløbet")
    question = gettext_lazy(
        "Knyt henvendelsen til et eksisterende hold, eller opret et nyt hold under en indsats."
    )
    form_class = PlanForm
    success_message = gettext_lazy("Forløbet er planlagt.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs["cohorts"] = selectors.plan_cohorts(user=user)
        kwargs["initiatives"] = selectors.plan_initiatives(user=user)
        return kwargs

    def perform(self, data):
        return services.request_plan(
            actor=self.request.user,
            request=self.object,
            cohort=data.get("cohort"),
            initiative=data.get("initiative"),
            cohort_name=data.get("cohort_name", ""),
            school_year=data.get("school_year", ""),
            capacity=data.get("capacity"),
            note=data.get("note", ""),
        )


class RequestCompleteView(RequestStepView):
    step = "complete"
    title = gettext_lazy("Afslut forløbet")
    question = gettext_lazy("Markér forløbet som afsluttet?")
    success_message = gettext_lazy("Forløbet er afsluttet.")

    def perform(self, data):
        return services.request_complete(actor=self.request.user, request=self.object)


# --- substitute-fund applications -------------------------------------------------------


class ApplicationListView(ListPageView):
    template_name = "support/application_list.html"
    gate_model = SubstituteFundApplication
    nav_active = "support_applications"
    title = gettext_lazy("Ansøgninger om vikarmidler")
    list_selector = selectors.application_list


class ApplicationDetailView(ObjectDetailView):
    template_name = "support/application_detail.html"
    gate_model = SubstituteFundApplication
    nav_active = "support_applications"
    selector = selectors.application_get
    context_object_name = "application"
    breadcrumbs = (HOME, APPLICATIONS, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application, user = self.object, self.request.user
        context.update(
            can_decide=application.status == ApplicationStatus.SUBMITTED
            and can(user, SubstituteFundApplication, HANDLE),
            history=selectors.application_history(application),
        )
        return context


class ApplicationCreateView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = SubstituteFundApplication
    gate_action = Action.ADD
    nav_active = "support_applications"
    form_class = ApplicationForm
    title = gettext_lazy("Ny ansøgning om vikarmidler")
    success_url = "support:application_detail"
    cancel_url = "support:application_list"
    success_message = gettext_lazy("Ansøgningen er sendt til behandling.")
    breadcrumbs = (HOME, APPLICATIONS, TITLE)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["institutions"] = selectors.request_institutions(user=self.request.user)
        return kwargs

    def perform(self, data):
        return services.application_create(
            actor=self.request.user,
            institution=data.get("institution"),
            **{name: data.get(name) for name in services.APPLICATION_FIELDS},
        )


class ApplicationStepView(StepView):
    gate_model = SubstituteFundApplication
    gate_action = HANDLE
    nav_active = "support_applications"
    selector = selectors.application_get
    success_url = cancel_url = "support:application_detail"
    breadcrumbs = (HOME, APPLICATIONS, APPLICATION, TITLE)


class ApplicationApproveView(ApplicationStepView):
    title = gettext_lazy("Bevilg ansøgningen")
    question = gettext_lazy(
        "Beløbet bevilges fra den valgte kilde efter puljens regler (loft og øremærkning)."
    )
    form_class = ApproveForm
    success_message = gettext_lazy("Ansøgningen er bevilget.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs["sources"] = selectors.application_sources(user=user)
        kwargs["initiatives"] = selectors.application_initiatives(user=user)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        initial["year"] = self.object.period_start.year
        return initial

    def perform(self, data):
        return services.application_approve(
            actor=self.request.user,
            application=self.object,
            source=data["source"],
            initiative=data["initiative"],
            year=data["year"],
            purpose=data.get("purpose", ""),
            override_reason=data.get("override_reason", ""),
        )


class ApplicationRejectView(ApplicationStepView):
    title = gettext_lazy("Afvis ansøgningen")
    question = gettext_lazy("Afvis ansøgningen? Begrundelsen sendes til ansøgeren.")
    form_class = ReasonForm
    success_message = gettext_lazy("Ansøgningen er afvist.")

    def perform(self, data):
        return services.application_reject(
            actor=self.request.user, application=self.object, reason=data.get("reason", "")
        )


# --- local development plans ------------------------------------------------------------

LOCAL_PLANS = Crumb(gettext_lazy("Lokale udviklingsplaner"), "support:local_plan_list")


class LocalPlanListView(ListPageView):
    template_name = "support/local_plan_list.html"
    gate_model = LocalPlan
    nav_active = "support_local_plans"
    title = gettext_lazy("Lokale udviklingsplaner")
    list_selector = selectors.local_plan_list


class LocalPlanDetailView(ObjectDetailView):
    template_name = "support/local_plan_detail.html"
    gate_model = LocalPlan
    nav_active = "support_local_plans"
    selector = selectors.local_plan_get
    context_object_name = "local_plan"
    breadcrumbs = (HOME, LOCAL_PLANS, Crumb(obj="object"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_edit=can(self.request.user, LocalPlan, Action.CHANGE),
            history=selectors.local_plan_history(self.object),
        )
        return context


class LocalPlanCreateView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = LocalPlan
    gate_action = Action.ADD
    nav_active = "support_local_plans"
    form_class = LocalPlanForm
    title = gettext_lazy("Ny lokal udviklingsplan")
    success_url = "support:local_plan_detail"
    cancel_url = "support:local_plan_list"
    success_message = gettext_lazy("Den lokale udviklingsplan er gemt.")
    breadcrumbs: tuple[Crumb, ...] = (HOME, LOCAL_PLANS, TITLE)
    valid_form: LocalPlanForm

    def form_valid(self, form):
        self.valid_form = form  # perform() reads the sections from it
        return super().form_valid(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs["institutions"] = selectors.request_institutions(user=user)
        kwargs["initiatives"] = selectors.local_plan_initiatives(user=user)
        return kwargs

    def perform(self, data):
        form = self.valid_form
        return services.local_plan_create(
            actor=self.request.user,
            institution=data["institution"],
            school_year=data["school_year"],
            sections=form.sections(),
            initiatives=list(data.get("initiatives") or []),
            progression_goals=data.get("progression_goals", ""),
            support_needs=data.get("support_needs", ""),
        )


class LocalPlanEditView(LocalPlanCreateView):
    gate_action = Action.CHANGE
    selector = selectors.local_plan_get
    title = gettext_lazy("Redigér lokal udviklingsplan")
    cancel_url = "support:local_plan_detail"
    initial_fields = ("progression_goals", "support_needs")
    breadcrumbs = (HOME, LOCAL_PLANS, Crumb(obj="object", url="support:local_plan_detail"), TITLE)

    def get_initial(self):
        initial = super().get_initial()
        initial["initiatives"] = list(self.object.initiatives.all())
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = True
        kwargs["sections"] = [
            {"heading": s.heading, "text": s.text} for s in self.object.sections.all()
        ]
        return kwargs

    def perform(self, data):
        form = self.valid_form
        return services.local_plan_update(
            actor=self.request.user,
            local_plan=self.object,
            sections=form.sections(),
            initiatives=list(data.get("initiatives") or []),
            progression_goals=data.get("progression_goals", ""),
            support_needs=data.get("support_needs", ""),
        )
