"""The request workflow and the applications' rules in the services."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.services import OverspendError
from kompetenceplan.funding.tests.factories import add_purposes
from kompetenceplan.support import services, workflow
from kompetenceplan.support.choices import RequestStatus as S
from kompetenceplan.support.models import ResourceRequest

from .conftest import APPLICATION, GOOD, make_request

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def messages(exc):
    return [m for ms in exc.message_dict.values() for m in ms]


# --- the principles -------------------------------------------------------------------


def test_submit_checks_ishojs_principles(world, sw):
    empty = make_request(
        world.school_a,
        world.users.leader,
        community="",
        whole_community=False,
        goals="Bedre",
        adult_team="",
        participating_leader="",
        wished_start=None,
        wished_end=None,
    )
    with pytest.raises(ValidationError) as caught:
        services.request_submit(actor=world.users.leader, request=empty)
    assert set(caught.value.message_dict) == {
        "community",
        "adult_team",
        "goals",
        "participating_leader",
        "wished_start",
    }
    text = " ".join(messages(caught.value))
    assert "hele børnefællesskabet" in text
    assert "Voksenteamet er enheden" in text
    assert "tydelige mål" in text and "mindst 20 tegn" in text
    assert "En leder deltager" in text
    empty.refresh_from_db()
    assert empty.status == S.DRAFT


def test_one_child_is_not_the_whole_community(world, sw):
    request = make_request(world.school_a, world.users.leader, whole_community=False)
    with pytest.raises(ValidationError) as caught:
        services.request_submit(actor=world.users.leader, request=request)
    assert list(caught.value.message_dict) == ["community"]


def test_a_draft_may_be_incomplete_and_the_period_must_be_in_order(world, sw):
    leader = world.users.leader
    draft = services.request_create(
        actor=leader, institution=world.school_a, title="Kun en titel", community=""
    )
    assert draft.status == S.DRAFT and draft.requested_by == leader
    with pytest.raises(ValidationError) as caught:
        services.request_update(
            actor=leader,
            request=draft,
            **{**GOOD, "wished_start": dt.date(2026, 9, 1), "wished_end": dt.date(2026, 8, 1)},
        )
    assert messages(caught.value) == ["Perioden kan ikke slutte, før den begynder."]


def test_leader_writes_only_for_own_institutions(world, sw):
    with pytest.raises(ValidationError) as caught:
        services.request_create(actor=world.users.leader, institution=world.school_b, **GOOD)
    assert messages(caught.value) == ["Vælg en institution, du er leder af."]
    with pytest.raises(ValidationError):
        services.request_create(actor=world.users.consultant, institution=world.school_a, **GOOD)


# --- the workflow ---------------------------------------------------------------------


@override_settings(TASKS=IMMEDIATE)
def test_the_whole_workflow_with_a_message_at_each_step(
    world, sw, django_capture_on_commit_callbacks
):
    leader, consultant = world.users.leader, world.users.consultant
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_create(
            actor=leader, institution=world.school_a, submit=True, **GOOD
        )
    assert request.status == S.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.request_accept(actor=consultant, request=request)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_plan(
            actor=consultant,
            request=request,
            initiative=sw.initiative,
            cohort_name="Praksisnært forløb 3.a",
            school_year="2026/27",
            capacity=6,
        )
    assert request.status == S.PLANNED
    cohort = Cohort.objects.get(name="Praksisnært forløb 3.a")
    assert request.cohort == cohort and cohort.initiative == sw.initiative
    with django_capture_on_commit_callbacks(execute=True):
        services.request_complete(actor=consultant, request=request)
    request.refresh_from_db()
    assert request.status == S.COMPLETED
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Henvendelse sendt til ressourceteamet: Trivsel i 3.a",
        "Henvendelse accepteret: Trivsel i 3.a",
        "Forløb planlagt: Trivsel i 3.a",
        "Forløb afsluttet: Trivsel i 3.a",
    ]
    assert all(m.to == ["leder@ishoj.dk", "admin@ishoj.dk"] for m in mail.outbox)
    assert "Praksisnært forløb 3.a" in mail.outbox[2].body
    # The history: created, and one entry per step.
    notes = list(
        ChangeLogEntry.objects.filter(
            object_id=str(request.pk), content_type__model="resourcerequest"
        )
        .order_by("pk")
        .values_list("action", "note")
    )
    assert notes == [
        ("create", ""),
        ("update", "Henvendelse sendt til ressourceteamet"),
        ("update", "Henvendelse accepteret"),
        ("update", "Forløb planlagt"),
        ("update", "Forløb afsluttet"),
    ]


def test_nothing_is_sent_when_a_step_is_refused(world, sw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        services.request_accept(actor=world.users.admin, request=sw.draft)
    assert callbacks == []


def test_decline_needs_a_reason(world, sw):
    with pytest.raises(ValidationError) as caught:
        services.request_decline(actor=world.users.admin, request=sw.sent_b, reason="  ")
    assert messages(caught.value) == ["Skriv en begrundelse for afvisningen."]
    declined = services.request_decline(
        actor=world.users.admin, request=sw.sent_b, reason="Ingen kapacitet"
    )
    assert declined.status == S.DECLINED and declined.decline_reason == "Ingen kapacitet"


def test_plan_links_an_existing_cohort_of_the_municipality_only(world, sw):
    request = make_request(world.school_b, world.users.admin, S.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        services.request_plan(actor=world.users.admin, request=request, cohort=sw.h_cohort)
    assert messages(caught.value) == ["Holdet hører til en anden kommune."]
    with pytest.raises(ValidationError) as caught:
        services.request_plan(actor=world.users.admin, request=request)
    assert "Vælg et eksisterende hold" in messages(caught.value)[0]
    planned = services.request_plan(actor=world.users.admin, request=request, cohort=sw.cohort)
    assert planned.status == S.PLANNED and planned.cohort == sw.cohort


def test_plan_with_a_new_cohort_uses_the_cohorts_rules(world, sw):
    request = make_request(world.school_b, world.users.admin, S.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        services.request_plan(
            actor=world.users.admin,
            request=request,
            initiative=sw.initiative,
            cohort_name="Nyt",
            school_year="2026",
        )
    assert "school_year" in caught.value.message_dict
    request.refresh_from_db()
    assert request.status == S.ACCEPTED and not Cohort.objects.filter(name="Nyt").exists()


# Every (status, step) pair not in the table is refused with the status named.
STEPS = {
    "submit": lambda actor, r: services.request_submit(actor=actor, request=r),
    "accept": lambda actor, r: services.request_accept(actor=actor, request=r),
    "decline": lambda actor, r: services.request_decline(actor=actor, request=r, reason="x"),
    "plan": lambda actor, r: services.request_plan(actor=actor, request=r, cohort=r.cohort_hint),
    "complete": lambda actor, r: services.request_complete(actor=actor, request=r),
}
LEGAL = {(t.source, t.name) for t in workflow.TRANSITIONS.values()}


@pytest.mark.parametrize("status", [s.value for s in S])
@pytest.mark.parametrize("step", list(STEPS))
def test_every_illegal_transition_is_refused(world, sw, status, step):
    request = make_request(world.school_a, world.users.leader, status)
    request.cohort_hint = sw.cohort
    actor = world.users.leader if step == "submit" else world.users.admin
    if (status, step) in LEGAL:
        result = STEPS[step](actor, request)
        assert result.status == workflow.TRANSITIONS[step].target
        return
    with pytest.raises(ValidationError) as caught:
        STEPS[step](actor, request)
    label = S(status).label.lower()
    assert messages(caught.value)[0].startswith(f"En henvendelse med status {label} kan ikke ")
    assert ResourceRequest.objects.get(pk=request.pk).status == status


@pytest.mark.parametrize("role", ["leader", "staff", "coordinator", "viewer"])
@pytest.mark.parametrize("step", ["accept", "decline", "complete"])
def test_only_planners_take_the_resource_teams_steps(world, sw, role, step):
    status = S.PLANNED if step == "complete" else S.SUBMITTED
    request = make_request(world.school_a, world.users.leader, status)
    with pytest.raises(ValidationError) as caught:
        STEPS[step](getattr(world.users, role), request)
    assert messages(caught.value)[0].startswith("Du må ikke ")


@pytest.mark.parametrize("role", ["staff", "coordinator", "viewer", "consultant"])
def test_only_leaders_and_administrators_submit(world, sw, role):
    with pytest.raises(ValidationError) as caught:
        services.request_submit(actor=getattr(world.users, role), request=sw.draft)
    assert messages(caught.value) == ["Du må ikke sende henvendelsen."]


def test_a_leader_cannot_submit_another_institutions_request(world, sw):
    draft_b = make_request(world.school_b, world.users.admin)
    with pytest.raises(ValidationError):
        services.request_submit(actor=world.users.leader, request=draft_b)


def test_only_a_draft_is_edited(world, sw):
    with pytest.raises(ValidationError) as caught:
        services.request_update(actor=world.users.admin, request=sw.sent_b, **GOOD)
    assert messages(caught.value) == ["Kun en kladde kan redigeres; henvendelsen har status sendt."]


# --- applications ---------------------------------------------------------------------


@override_settings(TASKS=IMMEDIATE)
def test_approval_allocates_under_the_funding_rules(world, sw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.application_approve(
            actor=world.users.consultant,
            application=sw.application,
            source=sw.source,
            initiative=sw.initiative,
            year=2026,
        )
    allocation = approved.allocation
    assert approved.status == "approved" and approved.decided_by == world.users.consultant
    assert (allocation.source, allocation.year, allocation.amount) == (sw.source, 2026, D("6000"))
    assert allocation.note == "Vikarmidler: Skole A-ansøgningen"
    assert [m.subject for m in mail.outbox] == [
        "Ansøgning om vikarmidler bevilget: Skole A-ansøgningen"
    ]
    assert "Vikarpuljen" in mail.outbox[0].body
    with pytest.raises(ValidationError) as caught:
        services.application_reject(actor=world.users.admin, application=approved, reason="x")
    assert messages(caught.value) == [
        "Ansøgningen er allerede behandlet (bevilget) og kan ikke afvises."
    ]


def test_approval_over_the_cap_is_refused_unless_an_administrator_overrides(world, sw):
    sw.application.amount = D(150_000)
    sw.application.save()
    args = {"source": sw.source, "initiative": sw.initiative, "year": 2026}
    with pytest.raises(OverspendError):
        services.application_approve(
            actor=world.users.consultant, application=sw.application, **args
        )
    sw.application.refresh_from_db()
    assert sw.application.status == "submitted" and not Allocation.objects.exists()
    approved = services.application_approve(
        actor=world.users.admin,
        application=sw.application,
        override_reason="Byrådet har givet ekstra midler",
        **args,
    )
    assert approved.allocation.override_reason == "Byrådet har givet ekstra midler"


def test_approval_respects_earmarks(world, sw):
    add_purposes(sw.source, ["Vikardækning"])
    args = {"source": sw.source, "initiative": sw.initiative, "year": 2026}
    with pytest.raises(ValidationError):
        services.application_approve(actor=world.users.admin, application=sw.application, **args)
    approved = services.application_approve(
        actor=world.users.admin, application=sw.application, purpose="Vikardækning", **args
    )
    assert approved.allocation.purpose == "Vikardækning"


def test_approval_from_another_municipalitys_source_is_refused(world, sw):
    with pytest.raises(ValidationError) as caught:
        services.application_approve(
            actor=world.users.admin,
            application=sw.application,
            source=sw.h_source,
            initiative=sw.initiative,
            year=2026,
        )
    assert messages(caught.value) == ["Kilden hører til en anden kommune."]


def test_rejection_needs_a_reason_and_a_reviewer(world, sw):
    with pytest.raises(ValidationError) as caught:
        services.application_reject(actor=world.users.admin, application=sw.application, reason="")
    assert messages(caught.value) == ["Skriv en begrundelse for afslaget."]
    for role in ("leader", "coordinator", "staff", "viewer"):
        with pytest.raises(ValidationError) as caught:
            services.application_reject(
                actor=getattr(world.users, role), application=sw.application, reason="Nej"
            )
        assert messages(caught.value) == [
            "Kun administratorer og konsulenter behandler ansøgninger."
        ]
    rejected = services.application_reject(
        actor=world.users.admin, application=sw.application, reason="Puljen er brugt"
    )
    assert rejected.status == "rejected" and rejected.decision_reason == "Puljen er brugt"


def test_who_applies(world, sw):
    leader, coordinator = world.users.leader, world.users.coordinator
    own = services.application_create(actor=leader, institution=world.school_a, **APPLICATION)
    assert own.status == "submitted" and own.municipality == world.ishoj
    network = services.application_create(actor=coordinator, **APPLICATION)
    assert network.institution is None
    with pytest.raises(ValidationError) as caught:
        services.application_create(actor=leader, institution=world.school_b, **APPLICATION)
    assert messages(caught.value) == ["Vælg en institution, du er leder af."]
    for role in ("admin", "consultant", "staff", "viewer"):
        with pytest.raises(ValidationError):
            services.application_create(actor=getattr(world.users, role), **APPLICATION)
    with pytest.raises(ValidationError) as caught:
        services.application_create(
            actor=coordinator, **{**APPLICATION, "amount": D("-1"), "hours": D(0), "title": ""}
        )
    assert set(caught.value.message_dict) == {"amount", "hours", "title"}
