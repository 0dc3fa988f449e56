"""Fixtures for the support tests."""

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.funding.tests.factories import make_initiative, make_plan, make_source
from kompetenceplan.support import services
from kompetenceplan.support.models import LocalPlan, ResourceRequest, SubstituteFundApplication

SECTIONS = [("Vores læringsmiljø", "Vi arbejder med fællesskaber."), ("Sprog", "Sprogbånd.")]

GOOD = {
    "title": "Trivsel i 3.a",
    "community": "3.a og klasseteamet",
    "whole_community": True,
    "goals": "Alle elever deltager i fællesskabet; færre konflikter i frikvarteret.",
    "adult_team": "To lærere og en pædagog",
    "participating_leader": "Afdelingsleder Lis",
    "wished_start": dt.date(2026, 9, 1),
    "wished_end": dt.date(2026, 12, 1),
}

APPLICATION = {
    "title": "Læsebobler",
    "project_description": "Et netværk af læsevejledere afprøver læsebånd.",
    "participants": "Tre læsevejledere",
    "hours": D(20),
    "amount": D("6000.00"),
    "period_start": dt.date(2026, 9, 1),
    "period_end": dt.date(2026, 12, 1),
}


def make_request(institution, user, status="draft", **fields):
    data = {**GOOD, **fields}
    if status == "declined":
        data.setdefault("decline_reason", "Ingen kapacitet")
    return ResourceRequest.objects.create(
        municipality_id=institution.municipality_id,
        institution=institution,
        requested_by=user,
        status=status,
        **data,
    )


def make_application(institution, user, municipality=None, **fields):
    data = {**APPLICATION, **fields}
    return SubstituteFundApplication.objects.create(
        municipality=municipality or institution.municipality,
        institution=institution,
        applicant=user,
        **data,
    )


@pytest.fixture
def sw(world):
    """Ishøj: plan A with 1.1 (the consultant's), a cohort, a capped source of
    100.000 kr. in 2026; a draft request of school A (the leader's), a sent one
    of school B; applications of school A (the leader's) and the coordinator's;
    Horsens: a request and an application."""
    users = world.users
    users.leader.email = "leder@ishoj.dk"
    users.leader.save()
    users.admin.email = "admin@ishoj.dk"
    users.admin.save()
    plan = make_plan(world.ishoj)
    initiative = make_initiative(plan, "1.1", title="Læsning", responsible_user=users.consultant)
    cohort = make_cohort(initiative, "Hold 1")
    source = make_source(world.ishoj, "Vikarpuljen", yearly={2026: 100_000})
    h_plan = make_plan(world.horsens, "plan-h", title="Horsens-plan")
    h_initiative = make_initiative(h_plan, "1.1")
    return SimpleNamespace(
        plan=plan,
        initiative=initiative,
        cohort=cohort,
        h_cohort=make_cohort(h_initiative, "Horsens-hold"),
        source=source,
        h_source=make_source(world.horsens, "Horsens-puljen", yearly={2026: 10_000}),
        draft=make_request(world.school_a, users.leader, title="Kladden"),
        sent_b=make_request(world.school_b, users.admin, "submitted", title="Skole B-henvendelsen"),
        h_request=make_request(world.school_h, users.horsens_admin, "submitted", title="Horsens"),
        application=make_application(world.school_a, users.leader, title="Skole A-ansøgningen"),
        coordinator_application=make_application(
            None, users.coordinator, municipality=world.ishoj, title="Tovholderens ansøgning"
        ),
        h_application=make_application(world.school_h, users.horsens_admin, title="Horsens-ans"),
    )


@pytest.fixture
def lp(world):
    plan = make_plan(world.ishoj, "plan-l", title="Plan L")
    initiative = make_initiative(plan, "1.2", title="Praksisnær understøttelse")
    h_initiative = make_initiative(make_plan(world.horsens, "h"), "1.1", title="Horsens-indsats")
    leader = world.users.leader
    own = services.local_plan_create(
        actor=leader,
        institution=world.school_a,
        school_year="2026/27",
        sections=SECTIONS,
        initiatives=[initiative],
        progression_goals="Flere elever i fællesskabet.",
        support_needs="Ressourceteamet i 3.a.",
    )
    other = LocalPlan.objects.create(
        municipality=world.ishoj, institution=world.school_b, school_year="2026/27"
    )
    h_plan = LocalPlan.objects.create(
        municipality=world.horsens, institution=world.school_h, school_year="2026/27"
    )
    return SimpleNamespace(
        plan_initiative=initiative, h_initiative=h_initiative, own=own, other=other, h_plan=h_plan
    )
