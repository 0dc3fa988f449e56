"""Document pages: order a document of a plan, follow its progress, download it.
Views parse, call one selector or service, and render."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kompetenceplan.core.generic import GatedMixin
from kompetenceplan.core.permissions import Action

from . import selectors, services
from .choices import CONTENT_TYPES, DocumentFormat, JobStatus
from .models import DocumentJob


class DocumentCreateView(GatedMixin, View):
    """POST: order a document of a plan the user may view."""

    gate_model = DocumentJob
    gate_action = Action.ADD
    http_method_names = ["post"]

    def post(self, request, plan_pk: int, fmt: str):
        if fmt not in DocumentFormat.values:
            raise Http404
        plan = selectors.plan_for_document(user=request.user, pk=plan_pk)
        job = services.document_job_create(actor=request.user, plan=plan, fmt=fmt)
        return redirect("reports:job", pk=job.pk)


class DocumentJobView(GatedMixin, TemplateView):
    """The job's status; htmx polls the ``status`` partial every second."""

    gate_model = DocumentJob
    template_name = "reports/document_job.html"

    def get(self, request, *args, **kwargs):
        self.job = selectors.document_job_for_user(user=request.user, pk=kwargs["pk"])
        if request.htmx:
            self.template_name = "reports/document_job.html#status"
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        crumbs = [(_("Forside"), reverse("core:home"))]
        try:  # the plan pages belong to the plans app
            crumbs.append(
                (self.job.plan.title, reverse("plans:plan_detail", args=[self.job.plan_id]))
            )
        except NoReverseMatch:
            crumbs.append((self.job.plan.title, None))
        return [*crumbs, (_("Dokument"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.job
        context["JobStatus"] = JobStatus
        return context


class DocumentDownloadView(GatedMixin, View):
    """The finished file, as an attachment."""

    gate_model = DocumentJob
    http_method_names = ["get"]

    def get(self, request, pk: int):
        job = selectors.document_job_for_user(user=request.user, pk=pk)
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
