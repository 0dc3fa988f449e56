"""Document jobs through the pages: anonymous, forbidden, permitted, someone
else's plan or job (404), and the job's life from queued to downloaded."""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.reports import documents, services
from kompetenceplan.reports.models import DocumentJob
from kompetenceplan.testing.factories import make_user

pytestmark = pytest.mark.django_db


def create_url(plan, fmt="pdf"):
    return reverse("reports:document_create", args=[plan.pk, fmt])


def job_url(job, name="reports:job"):
    return reverse(name, args=[job.pk])


def order(client, user, plan, fmt, capture):
    """POST as ``user`` and run the on-commit task (inline backend)."""
    client.force_login(user)
    with capture(execute=True):
        return client.post(create_url(plan, fmt))


def test_anonymous_is_sent_to_login(client, plans):
    job = services.document_job_create(actor=None, plan=plans["adopted"], fmt="pdf")
    for method, url in (
        (client.post, create_url(plans["adopted"])),
        (client.get, job_url(job)),
        (client.get, job_url(job, "reports:job_download")),
    ):
        response = method(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))
    assert DocumentJob.objects.count() == 1


def test_user_without_municipality_is_forbidden(client, plans):
    client.force_login(make_user(None, "staff", username="nomunicipality"))
    assert client.post(create_url(plans["adopted"])).status_code == 403
    assert not DocumentJob.objects.exists()


def test_pdf_job_runs_to_done_and_downloads(
    client, world, plans, django_capture_on_commit_callbacks
):
    staff = world.users.staff
    response = order(client, staff, plans["adopted"], "pdf", django_capture_on_commit_callbacks)
    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert (job.status, job.progress, job.message) == ("done", 100, "Dokumentet er klar")
    assert job.requested_by == staff and job.municipality == world.ishoj
    assert job.finished_at is not None
    assert job.filename.startswith("vedtaget-") and job.filename.endswith(".pdf")

    page = client.get(job_url(job))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dokumentet er klar" in html
    plan_link = reverse("plans:plan_detail", args=[plans["adopted"].pk])
    assert f'<a href="{plan_link}" class="breadcrumbs__link">Kompetenceplan for skoler</a>' in html
    assert job_url(job, "reports:job_download") in html
    assert 'hx-trigger="every 1s"' not in html  # finished: the polling stops

    download = client.get(job_url(job, "reports:job_download"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    content = b"".join(download.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "1.1 Indsats nummer 1" in text and "1.165.000 kr." in text

    entry, done = ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(DocumentJob)
    ).order_by("id")
    assert (entry.action, entry.actor, entry.municipality) == (
        ChangeAction.EXPORT,
        staff,
        world.ishoj,
    )
    assert entry.object_id == str(job.pk)
    # The worker logs the finished job (as the system), under the plan.
    assert (done.action, done.actor, done.object_id) == (ChangeAction.UPDATE, None, str(job.pk))
    assert (done.before["status"], done.after["status"]) == ("running", "done")
    assert "progress" not in done.after and done.after["file"] == job.file.name
    assert (entry.related_object_id, done.related_object_id) == (str(job.plan_id),) * 2


@pytest.mark.parametrize(
    "fmt,content_type",
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
    ],
)
def test_other_formats_download_with_their_content_type(
    client, world, plans, fmt, content_type, django_capture_on_commit_callbacks
):
    order(client, world.users.viewer, plans["adopted"], fmt, django_capture_on_commit_callbacks)
    job = DocumentJob.objects.get()
    assert job.status == "done"
    response = client.get(job_url(job, "reports:job_download"))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content)
    if fmt == "docx":
        headings = [
            p.text for p in Document(io.BytesIO(content)).paragraphs if p.style.name == "Heading 2"
        ]
        # Heading 2: the statements heading, the initiatives, the economy's sources.
        assert headings == [
            "Sådan ser det ud",
            "1.1 Indsats nummer 1",
            "1.2 Indsats nummer 2",
            "Kompetencepuljen",
        ]
    elif fmt == "xlsx":
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        assert [r[1] for r in rows[1:]] == ["1.1", "1.2"]
    else:
        data = json.loads(content)
        assert [p["title"] for p in data["plans"]] == ["Kompetenceplan for skoler"]


def test_queued_job_page_polls_itself(client, world, plans):
    job = services.document_job_create(actor=world.users.admin, plan=plans["adopted"], fmt="pdf")
    # No on-commit here: the job stays queued, as when no worker has picked it up.
    client.force_login(world.users.admin)
    html = client.get(job_url(job)).content.decode()
    assert f'hx-get="{job_url(job)}"' in html and 'hx-trigger="every 1s"' in html
    assert '<progress id="job-progress-' in html and 'value="0"' in html
    assert "I kø" in html
    # htmx asks for the partial only.
    partial = client.get(job_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="job-status"')
    assert "<html" not in partial and 'hx-trigger="every 1s"' in partial
    # Not done: nothing to download yet.
    assert client.get(job_url(job, "reports:job_download")).status_code == 404


def test_draft_plan_is_404_for_those_who_cannot_read_drafts(
    client, world, plans, django_capture_on_commit_callbacks
):
    client.force_login(world.users.staff)
    assert client.post(create_url(plans["draft"])).status_code == 404
    response = order(
        client, world.users.consultant, plans["draft"], "docx", django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    # The consultant's job for the draft is hidden from staff in the same municipality.
    client.force_login(world.users.staff)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(job_url(job, "reports:job_download")).status_code == 404


def test_other_municipality_is_404(client, world, plans, django_capture_on_commit_callbacks):
    client.force_login(world.users.admin)
    assert client.post(create_url(plans["horsens"])).status_code == 404
    order(client, world.users.admin, plans["adopted"], "json", django_capture_on_commit_callbacks)
    job = DocumentJob.objects.get()
    client.force_login(world.users.horsens_admin)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(job_url(job, "reports:job_download")).status_code == 404


def test_unknown_format_is_404_and_get_is_not_allowed(client, world, plans):
    client.force_login(world.users.admin)
    assert client.post(create_url(plans["adopted"], "exe")).status_code == 404
    assert client.get(create_url(plans["adopted"])).status_code == 405
    assert not DocumentJob.objects.exists()


def test_failed_rendering_marks_the_job_failed(
    client, world, plans, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(data, progress=None):
        progress(30, "Sætter dokumentet op")
        raise RuntimeError("WeasyPrint fejlede")

    monkeypatch.setattr(documents, "render_pdf", broken)
    order(client, world.users.admin, plans["adopted"], "pdf", django_capture_on_commit_callbacks)
    job = DocumentJob.objects.get()
    assert job.status == "failed" and job.progress == 30 and not job.file
    assert job.message.startswith("Dokumentet kunne ikke dannes")
    html = client.get(job_url(job)).content.decode()
    assert "Dokumentet kunne ikke dannes" in html and "hx-trigger" not in html
    assert client.get(job_url(job, "reports:job_download")).status_code == 404


def test_a_job_is_produced_once(world, plans, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.document_job_create(actor=None, plan=plans["adopted"], fmt="json")
    job.refresh_from_db()
    assert job.status == "done"
    name = job.file.name
    assert services.document_job_run(job_id=job.pk) is None  # already done: not run again
    job.refresh_from_db()
    assert job.file.name == name


def test_progress_is_recorded_while_running(world, plans, monkeypatch):
    job = services.document_job_create(actor=None, plan=plans["adopted"], fmt="docx")
    seen = []
    real = documents.render_docx

    def spy(data, progress=None):
        def record(percent, message):
            progress(percent, message)
            seen.append(
                DocumentJob.objects.values_list("status", "progress", "message").get(pk=job.pk)
            )

        return real(data, progress=record)

    monkeypatch.setattr(documents, "render_docx", spy)
    services.document_job_run(job_id=job.pk)
    assert seen[0] == ("running", 30, "Skriver forside og indhold")
    assert [p for _s, p, _m in seen] == sorted(p for _s, p, _m in seen)
    assert all(status == "running" and 0 < percent < 100 for status, percent, _m in seen)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)


def test_plan_document_buttons_post_to_each_format(rf, world, plans):
    from django.template.loader import render_to_string

    request = rf.get("/")
    html = render_to_string(
        "reports/includes/plan_document_buttons.html", {"plan": plans["adopted"]}, request=request
    )
    for fmt, label in (("pdf", "PDF"), ("docx", "Word (.docx)"), ("xlsx", "Excel (.xlsx)")):
        assert f'action="{create_url(plans["adopted"], fmt)}"' in html
        assert label in html
    assert html.count('method="post"') == 3 and html.count("csrfmiddlewaretoken") == 3
