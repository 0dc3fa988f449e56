"""Document pages: order a document of a plan, follow its progress, download it.
Each is a generic view from ``kompetenceplan.core.generic``."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django.views import View

from kompetenceplan.core.generic import HOME, Crumb, ObjectDetailView, ObjectFormView, ObjectMixin
from kompetenceplan.core.permissions import Action

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
