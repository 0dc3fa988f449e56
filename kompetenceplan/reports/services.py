"""Writes for reports: ordering a document, and the background work that
produces it (run by the task in tasks.py)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.changelog import log_change, snapshot
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.types import Actor
from kompetenceplan.plans.models import Plan

from .choices import DocumentFormat, DocumentKind, JobStatus
from .models import DocumentJob

if TYPE_CHECKING:
    from .documents import Progress

logger = logging.getLogger(__name__)


# Running progress, not history: left out of the job's change-log snapshots.
JOB_PROGRESS_FIELDS = ["progress", "message"]


def _document_filename(plan: Plan, fmt: str) -> str:
    """'ishoj-skole-2024-2026-2025-11-26.pdf'"""
    stem = slugify(plan.slug or plan.title)[:80] or "plan"
    return f"{stem}-{timezone.localdate().isoformat()}.{fmt}"


def document_job_create(*, actor: Actor, plan: Plan, fmt: str) -> DocumentJob:
    """Order a document of ``plan`` in format ``fmt``; logged as an export.

    The caller has fetched ``plan`` through the gate. The background task is
    enqueued after commit, so a worker never sees a job that was rolled back.
    """
    if fmt not in DocumentFormat.values:
        raise ValidationError(_("Ukendt dokumentformat “%(fmt)s”.") % {"fmt": fmt})
    with transaction.atomic():
        job = DocumentJob.objects.create(
            municipality_id=plan.municipality_id,
            plan=plan,
            format=fmt,
            requested_by=actor if isinstance(actor, User) and actor.pk else None,
            status=JobStatus.QUEUED,
            progress=0,
            message=_("Venter på at blive startet"),
            filename=_document_filename(plan, fmt),
        )
        log_change(
            actor=actor,
            obj=job,
            action=ChangeAction.EXPORT,
            after=snapshot(job),
            note=_("Dokument bestilt: %(plan)s (%(fmt)s)")
            % {"plan": plan.title, "fmt": job.get_format_display()},
            related=plan,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def status_report_job_create(*, actor: Actor, plan: Plan, year: int, fmt: str) -> DocumentJob:
    """Order the committee's status report of ``plan`` for ``year`` as PDF or
    Word; made by the same background job as the plan document, and kept (with
    the date it was made) under Udvalgsmateriale."""
    from .selectors import report_year_label, report_years

    if fmt not in (DocumentFormat.PDF, DocumentFormat.DOCX):
        raise ValidationError(_("Statusrapporten kan dannes som PDF eller Word."))
    if year not in report_years(plan):
        raise ValidationError(
            _("%(year)s ligger ikke i planens periode %(period)s.")
            % {"year": year, "period": plan.period_label}
        )
    stem = slugify(plan.slug or plan.title)[:60] or "plan"
    filename = f"status-{stem}-{year}-{timezone.localdate().isoformat()}.{fmt}"
    with transaction.atomic():
        job = DocumentJob.objects.create(
            municipality_id=plan.municipality_id,
            plan=plan,
            format=fmt,
            kind=DocumentKind.STATUS_REPORT,
            year=year,
            requested_by=actor if isinstance(actor, User) and actor.pk else None,
            status=JobStatus.QUEUED,
            progress=0,
            message=_("Venter på at blive startet"),
            filename=filename,
        )
        log_change(
            actor=actor,
            obj=job,
            action=ChangeAction.EXPORT,
            after=snapshot(job),
            note=_("Statusrapport bestilt: %(plan)s %(year)s (%(fmt)s)")
            % {
                "plan": plan.title,
                "year": report_year_label(plan, year),
                "fmt": job.get_format_display(),
            },
            related=plan,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import generate_document

    generate_document.enqueue(job_id)


def _render_job(job: DocumentJob, progress: Progress = None) -> bytes:
    """The job's file: the printed plan (PDF, Word) or its catalogue (Excel, JSON)."""
    from . import documents, selectors

    if job.kind == DocumentKind.STATUS_REPORT:
        assert job.year is not None
        data = selectors.status_report_data(job.plan, job.year)
        render = (
            documents.render_status_pdf
            if job.format == DocumentFormat.PDF
            else documents.render_status_docx
        )
    elif job.format in (DocumentFormat.PDF, DocumentFormat.DOCX):
        data = selectors.plan_document_data(job.plan)
        render = documents.render_pdf if job.format == DocumentFormat.PDF else documents.render_docx
    else:
        data = selectors.catalogue_data(plans=[job.plan])
        render = (
            documents.render_catalogue_xlsx
            if job.format == DocumentFormat.XLSX
            else documents.render_catalogue_json
        )
    if progress is not None:
        progress(20, _("Planens data er hentet"))
    return render(data, progress=progress)


def _set_progress(job_id: int, percent: int, message: str) -> None:
    """Record progress at once (its own autocommitted UPDATE), so the job page
    sees it while the rest of the work is still running."""
    DocumentJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        progress=max(0, min(99, percent)), message=message
    )


def document_job_run(*, job_id: int) -> DocumentJob | None:
    """Produce the job's file. Runs in the worker, outside any transaction.

    Claims the job with one conditional UPDATE (queued -> running), so a job
    handed to two workers is produced once; returns None when it was not queued.
    """
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, progress=5, message=_("Henter planens data")
    )
    if not claimed:
        return None
    job = DocumentJob.objects.select_related("plan", "municipality").get(pk=job_id)
    try:
        content = _render_job(job, progress=lambda p, m: _set_progress(job_id, p, m))
        _set_progress(job_id, 95, _("Gemmer filen"))
        with transaction.atomic():
            job = DocumentJob.objects.select_for_update().get(pk=job_id)
            before = snapshot(job, exclude=JOB_PROGRESS_FIELDS)
            job.file.save(job.filename, ContentFile(content), save=False)
            job.status = JobStatus.DONE
            job.progress = 100
            job.message = _("Dokumentet er klar")
            job.finished_at = timezone.now()
            job.save(update_fields=["file", "status", "progress", "message", "finished_at"])
            log_change(
                actor=None,
                obj=job,
                action=ChangeAction.UPDATE,
                before=before,
                after=snapshot(job, exclude=JOB_PROGRESS_FIELDS),
                related=job.plan,
            )
    except Exception:
        logger.exception("Document job %s failed", job_id)
        with transaction.atomic():
            failed = DocumentJob.objects.select_for_update().get(pk=job_id)
            before = snapshot(failed, exclude=JOB_PROGRESS_FIELDS)
            failed.status = JobStatus.FAILED
            failed.message = _("Dokumentet kunne ikke dannes. Prøv igen, eller kontakt support.")
            failed.finished_at = timezone.now()
            failed.save(update_fields=["status", "message", "finished_at"])
            log_change(
                actor=None,
                obj=failed,
                action=ChangeAction.UPDATE,
                before=before,
                after=snapshot(failed, exclude=JOB_PROGRESS_FIELDS),
                related=failed.plan,
            )
        raise
    return job
