"""Demo data for Ishøj (docs/support.md): requests to the resource team in
different states, two substitute-fund applications (one approved, one
pending). Written through the services; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core import registry
from kompetenceplan.core.choices import Role
from kompetenceplan.funding.models import FundingSource
from kompetenceplan.plans.models import Initiative

from . import services
from .models import LocalPlan, ResourceRequest, SubstituteFundApplication

PLAN = "ishoj-skole-2024-2026"
#: The approved application is paid from this source (its 2026 amount).
SOURCE = "Rekrutterings- og fastholdelsespakken"


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get("183")
    if ishoj is None:
        return
    if ResourceRequest.objects.filter(municipality=ishoj).exists():
        return
    leader = (
        User.objects.filter(municipality=ishoj, role=Role.LEADER, institutions__isnull=False)
        .order_by("username")
        .first()
    )
    admin = (
        User.objects.filter(municipality=ishoj, role=Role.ADMINISTRATOR)
        .order_by("username")
        .first()
    )
    if leader is None or admin is None:
        return
    institution = leader.institutions.order_by("name").first()
    assert institution is not None
    with transaction.atomic():
        _requests(leader, admin, institution)
        _applications(ishoj, leader, admin, institution)
        _local_plan(ishoj, leader, institution)
    run.write(
        "Henvendelser, ansøgninger om vikarmidler og en lokal udviklingsplan indlæst for Ishøj."
    )


def _request(leader, institution, title, **extra):
    data = {
        "title": title,
        "community": extra.pop("community", "3.a og deres klasseteam"),
        "whole_community": True,
        "goals": extra.pop(
            "goals",
            "Flere elever deltager aktivt i fællesskabet; færre konflikter i frikvartererne.",
        ),
        "adult_team": "Klasseteamet: to lærere, en pædagog og en støttepædagog",
        "participating_leader": "Afdelingsleder for indskolingen",
        "wished_start": dt.date(2026, 9, 1),
        "wished_end": dt.date(2026, 12, 18),
    }
    data.update(extra)
    return services.request_create(actor=leader, institution=institution, **data)


def _requests(leader, admin, institution) -> None:
    _request(
        leader,
        institution,
        "Sprogmiljø i børnehaveklassen",
        community="0.a og børnehaveklasseteamet",
        whole_community=False,
    )
    sent = _request(leader, institution, "Trivsel og fællesskab i 3.a")
    services.request_submit(actor=leader, request=sent)
    declined = _request(leader, institution, "Adfærd i 7.b", community="7.b")
    services.request_submit(actor=leader, request=declined)
    services.request_decline(
        actor=admin,
        request=declined,
        reason="Ressourceteamet har ikke kapacitet i efteråret; søg igen til foråret.",
    )
    planned = _request(
        leader,
        institution,
        "Inkluderende læringsmiljø i 5. årgang",
        community="5. årgang (5.a og 5.b) og årgangsteamet",
    )
    services.request_submit(actor=leader, request=planned)
    services.request_accept(actor=admin, request=planned)
    cohort = (
        Cohort.objects.filter(municipality_id=institution.municipality_id).order_by("pk").first()
    )
    if cohort is not None:
        services.request_plan(actor=admin, request=planned, cohort=cohort)


def _applications(ishoj, leader, admin, institution) -> None:
    if SubstituteFundApplication.objects.filter(municipality=ishoj).exists():
        return
    approved = services.application_create(
        actor=leader,
        institution=institution,
        title="Læsebobler i indskolingen",
        project_description="Et netværk af læsevejledere afprøver læsebånd i tre klasser.",
        participants="Tre læsevejledere og seks lærere",
        hours=Decimal(60),
        amount=Decimal("18000.00"),
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 12, 18),
    )
    services.application_create(
        actor=leader,
        institution=institution,
        title="Matematiknetværk: fælles forberedelse",
        project_description="Matematiklærerne mødes fire gange og forbereder fælles forløb.",
        participants="Otte matematiklærere",
        hours=Decimal(32),
        amount=Decimal("9600.00"),
        period_start=dt.date(2027, 1, 4),
        period_end=dt.date(2027, 3, 26),
    )
    source = (
        FundingSource.objects.filter(municipality=ishoj, name=SOURCE).first()
        or FundingSource.objects.filter(municipality=ishoj, capped=False).order_by("name").first()
    )
    initiative = (
        Initiative.objects.filter(plan__municipality=ishoj, plan__slug=PLAN)
        .order_by("number")
        .first()
    )
    if source is not None and initiative is not None:
        services.application_approve(
            actor=admin,
            application=approved,
            source=source,
            initiative=initiative,
            year=2026,
        )


def _local_plan(ishoj, leader, institution) -> None:
    if LocalPlan.objects.filter(institution=institution).exists():
        return
    initiatives = list(
        Initiative.objects.filter(
            plan__municipality=ishoj, plan__slug=PLAN, number__in=["1.1", "1.2", "2.2"]
        )
    )
    sections = [
        (
            "Hvor står vi",
            "Trivselsmålingen viser, at eleverne i mellemtrinnet oplever færre "
            "fællesskaber end sidste år. Sprogscreeningen i 0. klasse peger på et "
            "stort behov for sprogstøtte.",
        ),
        (
            "Det vil vi arbejde med",
            "Inkluderende læringsmiljøer i alle årgangsteams, sprogbånd i indskolingen "
            "og fælles didaktiske drøftelser i teamene hver anden uge.",
        ),
    ]
    plan = services.local_plan_create(
        actor=leader,
        institution=institution,
        school_year="2026/27",
        sections=sections,
        initiatives=initiatives,
        progression_goals=(
            "Ved udgangen af skoleåret har alle årgangsteams gennemført ét praksisnært "
            "forløb; andelen af elever, der oplever at høre til, stiger fra 82 til 88 %."
        ),
        support_needs="Et forløb med ressourceteamet i 5. årgang i efteråret.",
    )
    services.local_plan_update(
        actor=leader,
        local_plan=plan,
        sections=[
            sections[0],
            (sections[1][0], sections[1][1] + " Vi følger op på hvert tredje teammøde."),
        ],
        initiatives=initiatives,
        progression_goals=plan.progression_goals,
        support_needs=(
            "Et forløb med ressourceteamet i 5. årgang i efteråret og sprogvejledning "
            "i indskolingen."
        ),
    )
