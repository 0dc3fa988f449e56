"""The permission matrix of every reports page and endpoint
(kompetenceplan/testing/matrix.py, docs/permissions.md): anyone who may view a plan
orders, follows and downloads its documents; a draft plan's documents answer 404 to
those who read adopted plans only; another municipality's plan or job answers 404.
"""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kompetenceplan.reports import services
from kompetenceplan.reports.choices import JobStatus
from kompetenceplan.reports.models import DocumentJob
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

PLANNERS = {"admin", "consultant"}
READERS_OF_ADOPTED = ALL_ROLES - PLANNERS


def order_url(plan, fmt="pdf"):
    return lambda o: reverse("reports:document_create", args=[getattr(o, plan).pk, fmt])


def job_url(name, job):
    return lambda o: reverse(name, args=[getattr(o, job).pk])


def jobs(o):
    return sorted(DocumentJob.objects.values_list("pk", "plan_id", "format", "status"))


CASES = [
    Case(
        "reports:document_create",
        method="POST",
        url=order_url("adopted"),
        allowed=ALL_ROLES,
        other_municipality_url=order_url("h_plan"),
        state=jobs,
    ),
    Case(
        "reports:document_create",
        method="POST",
        label="draft",
        url=order_url("draft", "docx"),
        allowed=PLANNERS,
        not_found=READERS_OF_ADOPTED,
        state=jobs,
    ),
]
for _name in ("reports:job", "reports:job_download"):
    CASES += [
        Case(
            _name,
            url=job_url(_name, "job"),
            allowed=ALL_ROLES,
            contains="Kompetenceplan for skoler" if _name == "reports:job" else "%PDF-matrix",
            other_municipality_url=job_url(_name, "h_job"),
            state=jobs,
        ),
        Case(
            _name,
            label="draft",
            url=job_url(_name, "draft_job"),
            allowed=PLANNERS,
            not_found=READERS_OF_ADOPTED,
            state=jobs,
        ),
    ]


def finished_job(plan, fmt="pdf"):
    job = services.document_job_create(actor=None, plan=plan, fmt=fmt)
    job.status = JobStatus.DONE
    job.progress = 100
    job.file.save(job.filename, ContentFile(b"%PDF-matrix"), save=True)
    return job


@pytest.fixture
def objects(world, plans):
    """The reports conftest's plans (adopted, draft, Horsens) and a finished job of each."""
    return SimpleNamespace(
        **vars(world),
        adopted=plans["adopted"],
        draft=plans["draft"],
        h_plan=plans["horsens"],
        job=finished_job(plans["adopted"]),
        draft_job=finished_job(plans["draft"]),
        h_job=finished_job(plans["horsens"]),
    )


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)


# --- The committee's status report and Udvalgsmateriale (issue 10, item 8) ----------------


def status_url(name, plan, *args):
    return lambda o: reverse(name, args=[getattr(o, plan).pk, *args])


CASES += [
    Case(
        "reports:status_report",
        url=status_url("reports:status_report", "adopted", 2025),
        allowed=ALL_ROLES,
        contains="Status 2025",
        other_municipality_url=status_url("reports:status_report", "h_plan", 2025),
    ),
    Case(
        "reports:status_report",
        label="draft",
        url=status_url("reports:status_report", "draft", 2025),
        allowed=PLANNERS,
        not_found=READERS_OF_ADOPTED,
    ),
    Case(
        "reports:status_report_latest",
        url=status_url("reports:status_report_latest", "adopted"),
        allowed=ALL_ROLES,
        ok_status=302,
        other_municipality_url=status_url("reports:status_report_latest", "h_plan"),
    ),
    Case(
        "reports:status_report_create",
        method="POST",
        url=status_url("reports:status_report_create", "adopted", 2025, "pdf"),
        allowed=ALL_ROLES,
        other_municipality_url=status_url("reports:status_report_create", "h_plan", 2025, "pdf"),
        state=jobs,
    ),
    Case(
        "reports:status_report_create",
        method="POST",
        label="draft",
        url=status_url("reports:status_report_create", "draft", 2025, "docx"),
        allowed=PLANNERS,
        not_found=READERS_OF_ADOPTED,
        state=jobs,
    ),
    Case(
        "reports:committee_documents",
        url=lambda o: reverse("reports:committee_documents"),
        allowed=ALL_ROLES,
        contains="Udvalgsmateriale",
        absent=["Horsens plan"],
    ),
]
