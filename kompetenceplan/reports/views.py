"""Document pages: order a document of a plan, follow its progress, download it.
Each is a generic view from ``kompetenceplan.core.generic``."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from kompetenceplan.core.generic import (
    HOME,
    Crumb,
    GatedMixin,
    ObjectDetailView,
    ObjectFormView,
    ObjectMixin,
)
from kompetenceplan.core.permissions import Action
from kompetenceplan.plans.models import Plan

from . import selectors, services
from .choices import CONTENT_TYPES, DocumentFormat, JobStatus
from .models import DocumentJob


class DocumentCreateView(ObjectFormView):
    """POST: order a document of a plan the user may view (any role that may
    add a document job; the plan is read with VIEW)."""

    gate_model = DocumentJob
    gate_action = Action.ADD
    http_method_names = ["post"]
    selector = selectors.plan_for_document
    object_action = Action.VIEW
    pk_url_kwarg = "plan_pk"
    success_url = "reports:job"

    def load_objects(self) -> None:
        if self.kwargs["fmt"] not in DocumentFormat.values:
            raise Http404
        super().load_objects()

    def perform(self, data) -> DocumentJob:
        return services.document_job_create(
            actor=self.request.user, plan=self.object, fmt=self.kwargs["fmt"]
        )


class DocumentJobView(ObjectDetailView):
    """The job's status; htmx polls the ``status`` partial every second."""

    gate_model = DocumentJob
    template_name = "reports/document_job.html"
    selector = selectors.document_job_get
    context_object_name = "job"
    breadcrumbs = (
        HOME,
        Crumb(lambda view: view.object.plan.title, "plans:plan_detail", obj="object.plan"),
        Crumb(_("Dokument")),
    )

    def get(self, request, *args, **kwargs):
        if request.htmx:
            self.template_name = "reports/document_job.html#status"
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["JobStatus"] = JobStatus
        return context


class DocumentDownloadView(ObjectMixin, View):
    """The finished file, as an attachment."""

    gate_model = DocumentJob
    http_method_names = ["get"]
    selector = selectors.document_job_get

    def get(self, request, *args, **kwargs):
        job = self.object
        if job.status != JobStatus.DONE or not job.file:
            raise Http404
        response = FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=CONTENT_TYPES[job.format],
        )
        response["Cache-Control"] = "private, no-store"
        return response


# --- The committee's status report and Udvalgsmateriale --------------------------------


class StatusReportView(ObjectDetailView):
    """The committee's status report of a plan for one year, as a page. Seen
    by whoever may see the plan page (the committee's viewers too)."""

    gate_model = Plan
    template_name = "reports/status_report.html"
    selector = selectors.status_report_plan_get
    pk_url_kwarg = "plan_pk"
    context_object_name = "plan"
    nav_active = "committee_documents"
    breadcrumbs = (
        HOME,
        Crumb(_("Udvalgsmateriale"), "reports:committee_documents"),
        Crumb(lambda view: view.object.title, "plans:plan_detail", obj="object"),
        Crumb(_("Statusrapport")),
    )

    def load_objects(self) -> None:
        super().load_objects()
        self.years = selectors.report_years(self.object)
        if self.kwargs["year"] not in self.years:
            raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = selectors.status_report_data(
            self.object, self.kwargs["year"], language=get_language()
        )
        context["years"] = [(y, selectors.report_year_label(self.object, y)) for y in self.years]
        context["year"] = self.kwargs["year"]
        return context


class StatusReportLatestView(ObjectMixin, View):
    """The status report of this year (or the plan's last year, or its first)."""

    gate_model = Plan
    selector = selectors.status_report_plan_get
    pk_url_kwarg = "plan_pk"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        years = selectors.report_years(self.object)
        this_year = timezone.localdate().year
        year = (
            this_year if this_year in years else (years[-1] if this_year > years[-1] else years[0])
        )
        return redirect("reports:status_report", plan_pk=self.object.pk, year=year)


class StatusReportCreateView(ObjectFormView):
    """POST: make the status report as PDF or Word in the background."""

    gate_model = DocumentJob
    gate_action = Action.ADD
    http_method_names = ["post"]
    selector = selectors.plan_for_document
    object_action = Action.VIEW
    pk_url_kwarg = "plan_pk"
    success_url = "reports:job"

    def load_objects(self) -> None:
        if self.kwargs["fmt"] not in (DocumentFormat.PDF, DocumentFormat.DOCX):
            raise Http404
        super().load_objects()
        if self.kwargs["year"] not in selectors.report_years(self.object):
            raise Http404

    def perform(self, data) -> DocumentJob:
        return services.status_report_job_create(
            actor=self.request.user,
            plan=self.object,
            year=self.kwargs["year"],
            fmt=self.kwargs["fmt"],
        )


class CommitteeDocumentsView(GatedMixin, TemplateView):
    """Udvalgsmateriale: the archived plan documents and status reports of
    every plan the user may see, with the date each was made."""

    gate_model = DocumentJob
    template_name = "reports/committee_documents.html"
    nav_active = "committee_documents"
    breadcrumbs = (HOME, Crumb(_("Udvalgsmateriale")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = selectors.committee_documents(user=self.request.user)
        context["plans"] = selectors.committee_plans(user=self.request.user)
        return context
