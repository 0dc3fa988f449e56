from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word (.docx)")
    XLSX = "xlsx", _("Excel (.xlsx)")
    JSON = "json", _("JSON")


#: The formats' short names, for a document's name ("… (Word)").
SHORT_FORMATS = {
    DocumentFormat.PDF: _("PDF"),
    DocumentFormat.DOCX: _("Word"),
    DocumentFormat.XLSX: _("Excel"),
    DocumentFormat.JSON: _("JSON"),
}


class DocumentKind(models.TextChoices):
    """What a job prints: the plan itself, or the committee's status report
    of one year of it."""

    PLAN = "plan", _("Planen")
    STATUS_REPORT = "status", _("Statusrapport")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("I gang")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")


CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentFormat.JSON: "application/json",
}
