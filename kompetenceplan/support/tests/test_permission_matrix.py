"""The permission matrix of every support page (kompetenceplan/testing/matrix.py,
docs/permissions.md, docs/support.md):

- requests: leaders read and write their own institutions' (another
  institution's: 404), administrators and consultants all of the municipality;
  leaders and administrators write and send drafts; only administrators and
  consultants take the resource team's steps (accept, decline, plan, complete);
- applications: leaders (their institutions' and their own) and coordinators
  (their own) read and apply; administrators and consultants read all and
  decide;
- another municipality's request or application answers 404.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.support.models import LocalPlan, ResourceRequest, SubstituteFundApplication
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

from .conftest import GOOD, make_application, make_request

pytestmark = pytest.mark.django_db

PLANNERS = {"admin", "consultant"}
READERS = PLANNERS | {"leader"}
REQUESTERS = {"admin", "leader"}
APPLICANTS = {"leader", "coordinator"}


@pytest.fixture
def objects(world, sw, lp):
    users = world.users
    return SimpleNamespace(
        **vars(world),
        **vars(sw),
        **vars(lp),
        draft_b=make_request(world.school_b, users.admin, title="Kladde B"),
        submitted=make_request(world.school_a, users.leader, "submitted"),
        accepted=make_request(world.school_a, users.leader, "accepted"),
        planned=make_request(world.school_a, users.leader, "planned"),
        application_b=make_application(world.school_b, users.admin, title="Skole B-ansøgningen"),
    )


def url(name, attr=None):
    def build(o):
        return reverse(f"support:{name}", args=[getattr(o, attr).pk] if attr else [])

    return build


def requests_state(o):
    return sorted(
        ResourceRequest.objects.values_list("pk", "status", "title", "cohort_id", "decline_reason")
    )


def applications_state(o):
    return sorted(SubstituteFundApplication.objects.values_list("pk", "status", "allocation_id"))


def local_plans_state(o):
    return sorted(LocalPlan.objects.values_list("pk", "school_year", "progression_goals"))


def form_data(o):
    data = {k: v for k, v in GOOD.items() if k != "whole_community"}
    return {**data, "whole_community": "on", "institution": o.school_a.pk, "title": "Ny"}


def step_cases(name, attr, data=None):
    return [
        Case(
            f"support:{name}",
            method=method,
            url=url(name, attr),
            data=data if method == "POST" else None,
            allowed=PLANNERS,
            forbidden=ALL_ROLES - PLANNERS,
            other_municipality_url=url(name, "h_request"),
            state=requests_state,
        )
        for method in ("GET", "POST")
    ]


CASES = [
    Case(
        "support:request_list",
        url=url("request_list"),
        allowed=dict.fromkeys(READERS, "Kladden"),
        forbidden=ALL_ROLES - READERS,
        absent=["Horsens"],
    ),
    Case(
        "support:request_create",
        url=url("request_create"),
        allowed=REQUESTERS,
        forbidden=ALL_ROLES - REQUESTERS,
        absent=["Horsens Skole"],
    ),
    Case(
        "support:request_create",
        method="POST",
        url=url("request_create"),
        data=form_data,
        allowed=REQUESTERS,
        forbidden=ALL_ROLES - REQUESTERS,
        state=requests_state,
    ),
    Case(
        "support:request_detail",
        url=url("request_detail", "draft"),
        allowed=dict.fromkeys(READERS, "Kladden"),
        forbidden=ALL_ROLES - READERS,
        other_municipality_url=url("request_detail", "h_request"),
        other_institution_url=url("request_detail", "draft_b"),
    ),
    *[
        Case(
            f"support:{name}",
            method=method,
            url=url(name, "draft"),
            data=(lambda o: {**form_data(o), "title": "Ændret"}) if method == "POST" else None,
            allowed=REQUESTERS,
            forbidden=ALL_ROLES - REQUESTERS,
            other_municipality_url=url(name, "h_request"),
            other_institution_url=url(name, "draft_b"),
            state=requests_state,
        )
        for name in ("request_edit", "request_submit")
        for method in ("GET", "POST")
    ],
    *step_cases("request_accept", "submitted"),
    *step_cases("request_decline", "submitted", {"reason": "Ingen kapacitet"}),
    *step_cases("request_plan", "accepted", lambda o: {"cohort": o.cohort.pk}),
    *step_cases("request_complete", "planned"),
    # --- applications
    Case(
        "support:application_list",
        url=url("application_list"),
        allowed={
            "admin": "Skole B-ansøgningen",
            "consultant": "Tovholderens ansøgning",
            "leader": "Skole A-ansøgningen",
            "coordinator": "Tovholderens ansøgning",
        },
        forbidden=ALL_ROLES - PLANNERS - APPLICANTS,
        absent=["Horsens-ans"],
    ),
    Case(
        "support:application_create",
        url=url("application_create"),
        allowed=APPLICANTS,
        forbidden=ALL_ROLES - APPLICANTS,
        absent=["Horsens Skole"],
    ),
    Case(
        "support:application_create",
        method="POST",
        url=url("application_create"),
        data=lambda o: {
            "institution": o.school_a.pk,
            "title": "Ny ansøgning",
            "project_description": "Et projekt",
            "participants": "Fem lærere",
            "hours": "10",
            "amount": "3000",
            "period_start": "2026-09-01",
            "period_end": "2026-10-01",
        },
        allowed=APPLICANTS,
        forbidden=ALL_ROLES - APPLICANTS,
        state=applications_state,
    ),
    Case(
        "support:application_detail",
        url=url("application_detail", "application"),
        allowed=dict.fromkeys(READERS, "Skole A-ansøgningen"),
        not_found={"coordinator"},
        forbidden=ALL_ROLES - READERS - {"coordinator"},
        other_municipality_url=url("application_detail", "h_application"),
        other_institution_url=url("application_detail", "application_b"),
    ),
    Case(
        "support:application_detail",
        label="network",
        url=url("application_detail", "coordinator_application"),
        allowed={"admin", "consultant", "coordinator"},
        not_found={"leader"},
        forbidden={"staff", "viewer"},
    ),
    *[
        Case(
            f"support:{name}",
            method=method,
            url=url(name, "application"),
            data=data if method == "POST" else None,
            allowed=PLANNERS,
            forbidden=ALL_ROLES - PLANNERS,
            other_municipality_url=url(name, "h_application"),
            state=applications_state,
        )
        for name, data in (
            (
                "application_approve",
                lambda o: {"source": o.source.pk, "year": 2026, "initiative": o.initiative.pk},
            ),
            ("application_reject", {"reason": "Puljen er brugt"}),
        )
        for method in ("GET", "POST")
    ],
]


# --- local development plans: the leader writes; administrators and consultants read
LOCAL_PLAN_CASES = [
    Case(
        "support:local_plan_list",
        url=url("local_plan_list"),
        allowed=READERS,
        forbidden=ALL_ROLES - READERS,
    ),
    Case(
        "support:local_plan_detail",
        url=url("local_plan_detail", "own"),
        allowed=dict.fromkeys(READERS, "Vores læringsmiljø"),
        forbidden=ALL_ROLES - READERS,
        other_municipality_url=url("local_plan_detail", "h_plan"),
        other_institution_url=url("local_plan_detail", "other"),
    ),
    *[
        Case(
            "support:local_plan_create",
            method=method,
            url=url("local_plan_create"),
            data=(lambda o: {"institution": o.school_a.pk, "school_year": "2027/28"})
            if method == "POST"
            else None,
            allowed={"leader"},
            forbidden=ALL_ROLES - {"leader"},
            state=local_plans_state,
        )
        for method in ("GET", "POST")
    ],
    *[
        Case(
            "support:local_plan_edit",
            method=method,
            url=url("local_plan_edit", "own"),
            data={"heading_1": "Nyt", "progression_goals": "Ændret"} if method == "POST" else None,
            allowed={"leader"},
            forbidden=ALL_ROLES - {"leader"},
            # (Horsens' administrator may not edit at all: 403, not 404.)
            other_institution_url=url("local_plan_edit", "other"),
            state=local_plans_state,
        )
        for method in ("GET", "POST")
    ],
]

CASES += LOCAL_PLAN_CASES


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)
