"""Documents generated in the background: the plan as PDF or Word, the
catalogue as Excel or JSON. The job row carries the progress the user sees."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import SHORT_FORMATS, DocumentFormat, DocumentKind, JobStatus


def document_upload_to(job: "DocumentJob", filename: str) -> str:
    """Files live under MEDIA_ROOT/dokumenter/<kommunekode>/; they are never
    served directly, only through the gated download view."""
    return f"dokumenter/{job.municipality.code}/{job.pk or 'ny'}-{filename}"


class DocumentJob(models.Model):
    """One request for a document of a plan, run by a background worker.

    The service creates the job (status ``queued``); the task moves it to
    ``running`` and updates ``progress`` (0-100) and ``message`` as it goes, and
    ends with ``done`` and the file, or ``failed`` and a Danish message.
    """

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="document_jobs",
        verbose_name=_("kommune"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        related_name="document_jobs",
        verbose_name=_("plan"),
    )
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    kind = models.CharField(
        _("dokument"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.PLAN
    )
    year = models.PositiveSmallIntegerField(
        _("år"),
        null=True,
        blank=True,
        help_text=_("Statusrapportens år (skoleåret, der begynder i året, for skoleårsplaner)."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_jobs",
        verbose_name=_("bestilt af"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("fremdrift (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    message = models.TextField(_("besked"), blank=True)
    file = models.FileField(_("fil"), upload_to=document_upload_to, blank=True, max_length=255)
    filename = models.CharField(_("filnavn"), max_length=200)
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("dokumentjob")
        verbose_name_plural = _("dokumentjob")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="documentjob_progress_0_100",
            ),
            models.CheckConstraint(
                condition=Q(format__in=DocumentFormat.values),
                name="documentjob_format_valid",
            ),
            models.CheckConstraint(
                condition=(Q(kind=DocumentKind.PLAN) & Q(year__isnull=True))
                | (
                    Q(kind=DocumentKind.STATUS_REPORT)
                    & Q(year__isnull=False)
                    & Q(format__in=[DocumentFormat.PDF, DocumentFormat.DOCX])
                ),
                name="documentjob_kind_year_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values),
                name="documentjob_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.DONE) | (Q(progress=100) & ~Q(file="")),
                name="documentjob_done_has_file",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "-created_at"], name="documentjob_recent_idx"),
        ]

    def __str__(self) -> str:
        if self.kind == DocumentKind.STATUS_REPORT:
            return f"{self.plan}: statusrapport {self.year} ({self.get_format_display()})"
        return f"{self.plan} ({self.get_format_display()})"

    @property
    def year_label(self) -> str:
        """The status report's year as the plan counts it ('2018/19', '2025')."""
        from .selectors import report_year_label

        return "" if self.year is None else report_year_label(self.plan, self.year)

    @property
    def kind_label(self) -> str:
        """What the document is, in words: 'Statusrapport 2025/26' or
        'Plandokument 2024–2026'."""
        if self.kind == DocumentKind.STATUS_REPORT:
            return gettext("Statusrapport %(year)s") % {"year": self.year_label}
        return gettext("Plandokument %(period)s") % {"period": self.plan.period_label}

    @property
    def format_label(self) -> str:
        """The format's short name: PDF, Word, Excel, JSON."""
        return str(SHORT_FORMATS.get(DocumentFormat(self.format), self.get_format_display()))

    @property
    def document_name(self) -> str:
        """'Statusrapport 2025/26 – Kompetenceplan for skoler (PDF)'."""
        return gettext("%(kind)s – %(plan)s (%(format)s)") % {
            "kind": self.kind_label,
            "plan": self.plan.title,
            "format": self.format_label,
        }

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
