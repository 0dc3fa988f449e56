"""Every public service writes at least one change-log entry (issue 6, item 4).

The public functions (no leading underscore) defined in every
``kompetenceplan/<app>/services.py``, ``kompetenceplan/<app>/services/*.py``
and the other write modules (OTHER_WRITE_MODULES: the plan loader) are
discovered; each must have a call in CALLS below, or be listed in
NOT_SERVICES with the reason it writes nothing. A new service therefore fails
this test until it is added here (and logs). It lives in the top app's tests
because it calls the services of every app below.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest

import kompetenceplan
from kompetenceplan.core.models import ChangeLogEntry

ROOT = Path(kompetenceplan.__file__).resolve().parent

# Public functions in services modules that are not writes. They should be
# private (or move to selectors/pure modules); none is left.
NOT_SERVICES: dict[str, str] = {}

# Writes that deliberately leave NO change-log entry, with the reason. Each has
# a call in ANONYMOUS_CALLS, and test_anonymous_writes_write_no_change_log
# checks that it writes (something) and logs nothing. Keep this short: the
# only reason accepted is anonymity, where an entry's time would tie the
# written data to a person.
ANONYMOUS_WRITES: dict[str, str] = {
    "answer_submit": (
        "an evaluation answer and its link's 'used' mark: an entry's time would tie "
        "the anonymous response to the participant's link (docs/evaluation.md)"
    ),
}

# Write modules that are not named services: the plan loader above plans and
# funding (``funding.plan_loading``) and funding's part of it (``plan_funding``).
OTHER_WRITE_MODULES = ("plan_funding", "plan_loading", "services_spending")


def service_modules() -> list[str]:
    names = []
    for app in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        if (app / "services.py").exists():
            names.append(f"kompetenceplan.{app.name}.services")
        package = app / "services"
        if (package / "__init__.py").exists():
            names.append(f"kompetenceplan.{app.name}.services")
            names += [
                f"kompetenceplan.{app.name}.services.{m.name}"
                for m in pkgutil.iter_modules([str(package)])
            ]
        names += [
            f"kompetenceplan.{app.name}.{module}"
            for module in OTHER_WRITE_MODULES
            if (app / f"{module}.py").exists()
        ]
    return names


def public_services() -> dict[str, str]:
    """{function name: module} of the public functions defined in services modules."""
    found = {}
    for name in service_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and not attr.startswith("_")
                and value.__module__ == module.__name__
            ):
                found[attr] = name
    return found


def service(name):
    module = importlib.import_module(public_services()[name])
    return getattr(module, name)


@pytest.fixture
def w(world):
    """The root world plus a plan with two initiatives, a source with an
    amount and an earmark, an allocation, a team and a document job."""
    from kompetenceplan.funding.models import Earmark
    from kompetenceplan.funding.tests.factories import make_initiative, make_plan, make_source
    from kompetenceplan.organisation.models import Team
    from kompetenceplan.reports.choices import JobStatus
    from kompetenceplan.reports.models import DocumentJob

    plan = make_plan(world.ishoj, "plan-a", title="Plan A")
    initiative = make_initiative(plan, "1.1", title="Læsning")
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    earmark = Earmark.objects.create(source=source, kind="max_share", purpose="Kurser", percent=50)
    service("allocation_create")(
        actor=None, initiative=initiative, source=source, year=2025, amount=D(1_000)
    )
    team = Team.objects.create(institution=world.school_a, name="Indskoling")
    job = DocumentJob.objects.create(
        municipality=world.ishoj,
        plan=plan,
        format="docx",
        status=JobStatus.QUEUED,
        filename="plan.docx",
    )
    return SimpleNamespace(
        world=world,
        admin=world.users.admin,
        plan=plan,
        initiative=initiative,
        allocation=initiative.allocations.get(),
        source=source,
        budget=source.budgets.get(),
        earmark=earmark,
        team=team,
        job=job,
    )


def table(text: str, columns):
    from kompetenceplan.core.tabular import read_table

    return read_table(text.encode(), "import.csv", columns)


def call_people_import(w):
    from kompetenceplan.organisation.services import PEOPLE_COLUMNS

    text = (
        "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
        "9001;Mette;Holm;;100001;lærer;01-08-2024;\n"
    )
    return service("people_import")(
        actor=w.admin, municipality=w.world.ishoj, table=table(text, PEOPLE_COLUMNS)
    )


def call_institutions_import(w):
    from kompetenceplan.organisation.services import INSTITUTION_COLUMNS

    text = "institutionsnummer;navn;type;område\n300001;Nyskolen;skole;skole\n"
    return service("institutions_import")(
        actor=w.admin, municipality=w.world.ishoj, table=table(text, INSTITUTION_COLUMNS)
    )


def call_plan_load(w):
    from kompetenceplan.testing.plans import named_institutions_ensure, plan_data

    data = plan_data("ishoj-skole-2024-2026")
    named_institutions_ensure(data)
    return service("plan_load")(actor=w.admin, data=data)


def call_plan_document_load(w):
    from kompetenceplan.testing.plans import named_institutions_ensure, plan_data

    data = plan_data("ishoj-skole-2024-2026")
    named_institutions_ensure(data)
    return service("plan_document_load")(actor=w.admin, data=data)


def call_plan_funding_load(w):
    data = {
        "municipality": w.world.ishoj.code,
        "slug": w.plan.slug,
        "funding_sources": [{"name": "Ny pulje", "kind": "state", "yearly_amounts": {2025: 5_000}}],
        "initiatives": [
            {
                "number": "1.1",
                "funding": [{"source": "Ny pulje", "year": 2025, "amount_dkk": 1_000}],
            }
        ],
    }
    return service("plan_funding_load")(actor=w.admin, plan=w.plan, data=data)


def call_person_functions_assign(w):
    from kompetenceplan.organisation.models import ResourceFunction

    function = ResourceFunction.objects.filter(municipality=w.world.ishoj).order_by("pk").first()
    return service("person_functions_assign")(
        actor=w.admin, assignments={w.world.person_a: [function]}
    )


def call_document_job_run(w, monkeypatch):
    from kompetenceplan.reports import services as reports_services

    monkeypatch.setattr(reports_services, "_render_job", lambda job, progress=None: b"PK")
    return service("document_job_run")(job_id=w.job.pk)


def _cohort(w, **fields):
    from kompetenceplan.cohorts.tests.factories import make_cohort

    return make_cohort(w.initiative, fields.pop("name", "Hold 1"), capacity=5, **fields)


def _session(w):
    from kompetenceplan.cohorts.tests.factories import make_session

    return make_session(_cohort(w))


def _enrolment(w, status):
    from django.utils import timezone

    from kompetenceplan.cohorts.models import Enrolment

    return Enrolment.objects.create(
        cohort=_cohort(w),
        person=w.world.person_a,
        status=status,
        status_changed_at=timezone.now(),
    )


def _attended_session(w, *, record=True):
    """A past session of a cohort with Anne enrolled (and her attendance recorded)."""
    enrolment = _enrolment(w, "enrolled")
    from kompetenceplan.cohorts.models import Attendance
    from kompetenceplan.cohorts.tests.factories import make_session

    session = make_session(enrolment.cohort)
    if record:
        from django.utils import timezone

        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            person=enrolment.person,
            present=True,
            recorded_at=timezone.now(),
        )
    return session


def _from_estimate(w):
    from kompetenceplan.cohorts.tests.factories import aware

    w.initiative.sessions, w.initiative.hours_per_session = 1, D(3)
    w.initiative.save()
    return service("cohort_create_from_estimate")(
        actor=w.admin,
        initiative=w.initiative,
        name="Hold 2",
        school_year="2025/26",
        starts=[aware(2025, 9, 3)],
        capacity=10,
    )


def _session_values():
    from kompetenceplan.cohorts.tests.factories import aware

    return {"starts_at": aware(2025, 9, 4, 9), "ends_at": aware(2025, 9, 4, 12)}


def _school_holiday(w):
    import datetime as dt

    from kompetenceplan.cohorts.models import SchoolHoliday

    return SchoolHoliday.objects.create(
        municipality=w.world.ishoj,
        name="Vinterferie",
        start=dt.date(2026, 2, 9),
        end=dt.date(2026, 2, 13),
    )


CALLS = {
    # core, accounts
    "municipality_create": lambda w: service("municipality_create")(
        actor=w.admin, code="101", name="København"
    ),
    "user_upsert": lambda w: service("user_upsert")(
        actor=w.admin, username="ny", municipality=w.world.ishoj, role="staff"
    ),
    # calendar
    "feed_create": lambda w: service("feed_create")(actor=w.admin, kind="municipality"),
    "feed_renew": lambda w: service("feed_renew")(
        actor=w.admin, feed=service("feed_create")(actor=w.admin, kind="personal")
    ),
    # organisation
    "institutions_import": call_institutions_import,
    "people_import": call_people_import,
    "person_update": lambda w: service("person_update")(
        actor=w.admin, person=w.world.person_a, data={"first_name": "Annette"}
    ),
    "person_functions_assign": call_person_functions_assign,
    "resource_functions_ensure": lambda w: service("resource_functions_ensure")(
        actor=w.admin, municipality=w.world.ishoj, functions=[("ICDP-træner", "daycare")]
    ),
    "team_create": lambda w: service("team_create")(
        actor=w.admin, institution=w.world.school_a, name="Udskoling", members=[]
    ),
    "team_update": lambda w: service("team_update")(
        actor=w.admin, team=w.team, name="Mellemtrin", members=[]
    ),
    # plans
    "plan_load": call_plan_load,
    "plan_document_load": call_plan_document_load,
    "plan_funding_load": call_plan_funding_load,
    "plan_copy": lambda w: service("plan_copy")(
        actor=w.admin,
        plan=w.plan,
        slug="plan-a-2027",
        title="Plan A 2027",
        period_start=2027,
        period_end=2028,
    ),
    "plan_update": lambda w: service("plan_update")(
        actor=w.admin, plan=w.plan, data={"title": "Plan A, revideret"}
    ),
    "initiative_create": lambda w: service("initiative_create")(
        actor=w.admin, plan=w.plan, data={"number": "1.2", "title": "Matematik"}
    ),
    "initiative_update": lambda w: service("initiative_update")(
        actor=w.admin, initiative=w.initiative, data={"title": "Læsning for alle"}
    ),
    "focus_area_save": lambda w: service("focus_area_save")(
        actor=w.admin, plan=w.plan, data={"number": "1", "title": "Sprog"}
    ),
    # funding
    "allocation_create": lambda w: service("allocation_create")(
        actor=w.admin, initiative=w.initiative, source=w.source, year=2025, amount=D(500)
    ),
    "allocation_update": lambda w: service("allocation_update")(
        actor=w.admin, allocation=w.allocation, year=2025, amount=D(2_000)
    ),
    "allocation_delete": lambda w: service("allocation_delete")(
        actor=w.admin, allocation=w.allocation
    ),
    "source_create": lambda w: service("source_create")(
        actor=w.admin, municipality=w.world.ishoj, name="Ny pulje", kind="state"
    ),
    "source_update": lambda w: service("source_update")(
        actor=w.admin, source=w.source, name="Puljen 2025"
    ),
    "budget_set": lambda w: service("budget_set")(
        actor=w.admin, source=w.source, year=2026, amount=D(5_000)
    ),
    "budget_delete": lambda w: service("budget_delete")(
        actor=w.admin, budget=w.budget, override_reason="Puljen er lukket"
    ),
    "earmark_create": lambda w: service("earmark_create")(
        actor=w.admin, source=w.source, kind="max_share", purpose="Konferencer", percent=D(20)
    ),
    "earmark_update": lambda w: service("earmark_update")(
        actor=w.admin, earmark=w.earmark, percent=D(40)
    ),
    "earmark_delete": lambda w: service("earmark_delete")(actor=w.admin, earmark=w.earmark),
    # cohorts
    "cohort_create": lambda w: service("cohort_create")(
        actor=w.admin, initiative=w.initiative, name="Hold", school_year="2025/26", capacity=10
    ),
    "cohort_update": lambda w: service("cohort_update")(
        actor=w.admin, cohort=_cohort(w), name="Nyt navn", school_year="2025/26", capacity=10
    ),
    "cohort_delete": lambda w: service("cohort_delete")(actor=w.admin, cohort=_cohort(w)),
    "cohort_create_from_estimate": _from_estimate,
    "session_create": lambda w: service("session_create")(
        actor=w.admin, cohort=_cohort(w), **_session_values()
    ),
    "session_update": lambda w: service("session_update")(
        actor=w.admin, session=_session(w), **_session_values()
    ),
    "session_delete": lambda w: service("session_delete")(actor=w.admin, session=_session(w)),
    "school_holiday_create": lambda w: service("school_holiday_create")(
        actor=w.admin,
        municipality=w.world.ishoj,
        name="Efterårsferie",
        start=_session_values()["starts_at"].date(),
        end=_session_values()["ends_at"].date(),
    ),
    "school_holiday_delete": lambda w: service("school_holiday_delete")(
        actor=w.admin, holiday=_school_holiday(w)
    ),
    "enrolment_request": lambda w: service("enrolment_request")(
        actor=w.world.users.staff, cohort=_cohort(w)
    ),
    "enrolment_nominate": lambda w: service("enrolment_nominate")(
        actor=w.admin, cohort=_cohort(w), person=w.world.person_a
    ),
    "enrolment_approve": lambda w: service("enrolment_approve")(
        actor=w.admin, enrolment=_enrolment(w, "requested")
    ),
    "enrolment_decline": lambda w: service("enrolment_decline")(
        actor=w.admin, enrolment=_enrolment(w, "requested")
    ),
    "enrolment_cancel": lambda w: service("enrolment_cancel")(
        actor=w.admin, enrolment=_enrolment(w, "enrolled")
    ),
    "enrolment_mark_no_show": lambda w: service("enrolment_mark_no_show")(
        actor=w.admin, enrolment=_enrolment(w, "enrolled")
    ),
    "attendance_record": lambda w: service("attendance_record")(
        actor=w.admin, session=_attended_session(w, record=False), absent_person_ids=[]
    ),
    "cohort_complete": lambda w: service("cohort_complete")(
        actor=w.admin, cohort=_attended_session(w).cohort
    ),
    # reports
    "document_job_create": lambda w: service("document_job_create")(
        actor=w.admin, plan=w.plan, fmt="pdf"
    ),
    "document_job_run": call_document_job_run,
    "status_report_job_create": lambda w: service("status_report_job_create")(
        actor=w.admin, plan=w.plan, year=w.plan.period_start, fmt="pdf"
    ),
}


def _expense(w):
    from kompetenceplan.cohorts.models import Expense

    return Expense.objects.create(
        cohort=_cohort(w, name="Udgiftshold"),
        allocation=w.allocation,
        kind="materials",
        amount=D(100),
        date=__import__("datetime").date(2025, 9, 1),
    )


def _rate(w):
    from kompetenceplan.cohorts.models import SubstituteRate
    from kompetenceplan.organisation.models import JobRole

    return SubstituteRate.objects.create(
        municipality=w.world.ishoj, job_role=JobRole.objects.first(), year=2025, hourly_rate=D(300)
    )


# cohorts: spending (services_spending)
CALLS.update(
    {
        "expense_create": lambda w: service("expense_create")(
            actor=w.admin,
            cohort=_cohort(w),
            allocation=w.allocation,
            kind="provider_fee",
            amount=D("12500.50"),
            date=__import__("datetime").date(2025, 9, 1),
        ),
        "expense_update": lambda w: service("expense_update")(
            actor=w.admin,
            expense=_expense(w),
            allocation=w.allocation,
            kind="venue",
            amount=D(200),
            date=__import__("datetime").date(2025, 9, 2),
        ),
        "expense_delete": lambda w: service("expense_delete")(actor=w.admin, expense=_expense(w)),
        "substitute_rate_set": lambda w: service("substitute_rate_set")(
            actor=w.admin,
            municipality=w.world.ishoj,
            job_role=__import__(
                "kompetenceplan.organisation.models", fromlist=["JobRole"]
            ).JobRole.objects.first(),
            year=2025,
            hourly_rate=D("385.50"),
        ),
        "substitute_rate_delete": lambda w: service("substitute_rate_delete")(
            actor=w.admin, rate=_rate(w)
        ),
    }
)


# competences: the records (recs)
def _competence(w, level="assessed"):
    import datetime as dt

    from kompetenceplan.competences.models import Subject, TeachingCompetence

    return TeachingCompetence.objects.create(
        municipality=w.world.ishoj,
        person=w.world.person_a,
        subject=Subject.objects.get(code="dansk"),
        level=level,
        basis="experience",
        assessed_by_name="Lene Leder",
        assessed_on=dt.date(2025, 8, 1),
    )


def _kiu(w):
    from kompetenceplan.competences.models import Qualification, Subject

    return Qualification.objects.create(
        municipality=w.world.ishoj,
        person=w.world.person_a,
        kind="kiu_course",
        subject=Subject.objects.get(code="historie"),
    )


def _subject(code):
    from kompetenceplan.competences.models import Subject

    return Subject.objects.get(code=code)


def _completion_with_grant(w):
    from kompetenceplan.competences.models import CompletionGrant

    session = _attended_session(w)
    CompletionGrant.objects.create(initiative=session.cohort.initiative, kind="icdp_1")
    service("cohort_complete")(actor=w.admin, cohort=session.cohort)
    return session.cohort.completions.first()


def call_record_completion_qualification(w):
    completion = _completion_with_grant(w)
    return service("record_completion_qualification")(
        course_completion_id=completion.pk,
        person_id=completion.person_id,
        initiative_id=completion.cohort.initiative_id,
        completed_on=completion.completed_on,
    )


# networks (issue 10, item 1)
def _network(w, name="Læsevejledernetværk"):
    from kompetenceplan.networks.models import Network

    return Network.objects.create(municipality=w.world.ishoj, name=name)


def _meeting(w):
    from django.utils import timezone

    from kompetenceplan.networks.models import Meeting

    start = timezone.now() + __import__("datetime").timedelta(days=30)
    return Meeting.objects.create(
        network=_network(w),
        starts_at=start,
        ends_at=start + __import__("datetime").timedelta(hours=2),
    )


def _membership(w):
    from kompetenceplan.networks.models import Membership

    return Membership.objects.create(network=_network(w), person=w.world.person_a)


def _wheel_entry(w):
    from kompetenceplan.networks.models import WheelEntry

    return WheelEntry.objects.create(
        network=_network(w), school_year="2026/27", month=9, theme="Læsning"
    )


def _soon(days, hours=0):
    from django.utils import timezone

    return timezone.now() + __import__("datetime").timedelta(days=days, hours=hours)


CALLS.update(
    {
        "competence_create": lambda w: service("competence_create")(
            actor=w.admin,
            person=w.world.person_a,
            subject=_subject("engelsk"),
            level="formal",
            basis="education",
        ),
        "competence_update": lambda w: service("competence_update")(
            actor=w.admin,
            competence=_competence(w),
            subject=_subject("dansk"),
            level="assessed",
            basis="diploma_module",
            assessed_on=__import__("datetime").date(2025, 9, 1),
        ),
        "competence_delete": lambda w: service("competence_delete")(
            actor=w.admin, competence=_competence(w)
        ),
        "qualification_create": lambda w: service("qualification_create")(
            actor=w.admin, person=w.world.person_a, kind="icdp_1"
        ),
        "qualification_update": lambda w: service("qualification_update")(
            actor=w.admin, qualification=_kiu(w), kind="icdp_2"
        ),
        "qualification_delete": lambda w: service("qualification_delete")(
            actor=w.admin, qualification=_kiu(w)
        ),
        "kiu_confirm": lambda w: service("kiu_confirm")(actor=w.admin, qualification=_kiu(w)),
        "completion_grant_set": lambda w: service("completion_grant_set")(
            actor=w.admin, initiative=w.initiative, kind="icdp_1"
        ),
        "completion_grant_remove": lambda w: service("completion_grant_remove")(
            actor=w.admin,
            grant=__import__(
                "kompetenceplan.competences.models", fromlist=["CompletionGrant"]
            ).CompletionGrant.objects.create(initiative=w.initiative, kind="icdp_1"),
        ),
        "record_completion_qualification": call_record_completion_qualification,
        "network_create": lambda w: service("network_create")(
            actor=w.admin, municipality=w.world.ishoj, name="Nyt netværk"
        ),
        "network_update": lambda w: service("network_update")(
            actor=w.admin, network=_network(w), name="Omdøbt netværk"
        ),
        "network_delete": lambda w: service("network_delete")(actor=w.admin, network=_network(w)),
        "membership_add": lambda w: service("membership_add")(
            actor=w.admin, network=_network(w), person=w.world.person_a
        ),
        "membership_remove": lambda w: service("membership_remove")(
            actor=w.admin, membership=_membership(w)
        ),
        "meeting_create": lambda w: service("meeting_create")(
            actor=w.admin, network=_network(w), starts_at=_soon(30), ends_at=_soon(30, 2)
        ),
        "meeting_update": lambda w: service("meeting_update")(
            actor=w.admin, meeting=_meeting(w), starts_at=_soon(31), ends_at=_soon(31, 2)
        ),
        "meeting_cancel": lambda w: service("meeting_cancel")(actor=w.admin, meeting=_meeting(w)),
        "wheel_entry_set": lambda w: service("wheel_entry_set")(
            actor=w.admin, network=_network(w), school_year="2026/27", month=9, theme="Læsning"
        ),
        "wheel_entry_delete": lambda w: service("wheel_entry_delete")(
            actor=w.admin, entry=_wheel_entry(w)
        ),
    }
)


# followup (issue 10, item 6): kinds, generating a year, a meeting's agenda and
# notes, cancelling, reinstating and deleting a meeting
def _followup_kind(w):
    from kompetenceplan.followup.choices import FollowupCategory
    from kompetenceplan.followup.models import FollowupKind

    return FollowupKind.objects.get_or_create(
        municipality=w.world.ishoj,
        name="1:1-samtale",
        defaults={"category": FollowupCategory.ONE_TO_ONE, "times_min": 4, "times_max": 6},
    )[0]


def _followup_meeting(w):
    from kompetenceplan.followup.models import FollowupMeeting

    service("followup_meetings_generate")(
        actor=None,
        municipality=w.world.ishoj,
        school_year=2025,
        kinds=[_followup_kind(w)],
        host=w.admin,
    )
    return FollowupMeeting.objects.first()


def _followup_coming(w, *, cancelled=False):
    """A meeting still to come (2039/40), cancelled if asked."""
    from kompetenceplan.followup.models import FollowupMeeting

    service("followup_meetings_generate")(
        actor=None,
        municipality=w.world.ishoj,
        school_year=2039,
        kinds=[_followup_kind(w)],
        host=w.admin,
    )
    meeting = FollowupMeeting.objects.filter(school_year=2039).first()
    if cancelled:
        FollowupMeeting.objects.filter(pk=meeting.pk).update(cancelled=True)
        meeting.refresh_from_db()
    return meeting


CALLS.update(
    {
        "followup_meeting_cancel": lambda w: service("followup_meeting_cancel")(
            actor=w.admin, meeting=_followup_coming(w), reason="Sygdom"
        ),
        "followup_meeting_reinstate": lambda w: service("followup_meeting_reinstate")(
            actor=w.admin, meeting=_followup_coming(w, cancelled=True)
        ),
        "followup_meeting_delete": lambda w: service("followup_meeting_delete")(
            actor=w.admin, meeting=_followup_coming(w)
        ),
        "followup_kind_save": lambda w: service("followup_kind_save")(
            actor=w.admin,
            municipality=w.world.ishoj,
            key={"plan": None, "name": "Teamudviklingssamtale"},
            data={"category": "team_development", "times_min": 2, "times_max": 2},
        ),
        "followup_meetings_generate": lambda w: service("followup_meetings_generate")(
            actor=w.admin,
            municipality=w.world.ishoj,
            school_year=2025,
            kinds=[_followup_kind(w)],
            host=w.admin,
        ),
        "followup_meeting_update": lambda w: service("followup_meeting_update")(
            actor=w.admin, meeting=_followup_meeting(w), data={"notes": "Aftalt"}
        ),
        "followup_kind_create": lambda w: service("followup_kind_create")(
            actor=w.admin,
            municipality=w.world.ishoj,
            name="Strategisamtale",
            category="strategy",
            times_min=2,
            times_max=2,
        ),
        "followup_kind_update": lambda w: service("followup_kind_update")(
            actor=w.admin, kind=_followup_kind(w), times_min=2, times_max=4
        ),
        "followup_kind_delete": lambda w: service("followup_kind_delete")(
            actor=w.admin, kind=_followup_kind(w)
        ),
    }
)


# support (issue 10): requests, local plans, substitute-fund applications
def _request(w, status="draft"):
    from kompetenceplan.support.models import ResourceRequest
    from kompetenceplan.support.tests.conftest import GOOD

    return ResourceRequest.objects.create(
        municipality=w.world.ishoj,
        institution=w.world.school_a,
        requested_by=w.admin,
        status=status,
        **GOOD,
    )


def _application(w):
    from kompetenceplan.support.models import SubstituteFundApplication
    from kompetenceplan.support.tests.conftest import APPLICATION

    return SubstituteFundApplication.objects.create(
        municipality=w.world.ishoj,
        institution=w.world.school_a,
        applicant=w.world.users.leader,
        **APPLICATION,
    )


def _local_plan(w):
    from kompetenceplan.support.models import LocalPlan

    return LocalPlan.objects.create(
        municipality=w.world.ishoj, institution=w.world.school_a, school_year="2026/27"
    )


def call_application_approve(w):
    from kompetenceplan.funding.tests.factories import make_source

    source = make_source(w.world.ishoj, "Vikarpuljen", yearly={2026: 100_000})
    return service("application_approve")(
        actor=w.admin,
        application=_application(w),
        source=source,
        initiative=w.initiative,
        year=2026,
    )


CALLS.update(
    {
        "request_create": lambda w: service("request_create")(
            actor=w.admin,
            institution=w.world.school_a,
            **__import__("kompetenceplan.support.tests.conftest", fromlist=["GOOD"]).GOOD,
        ),
        "request_update": lambda w: service("request_update")(
            actor=w.admin, request=_request(w), title="Ny titel"
        ),
        "request_submit": lambda w: service("request_submit")(actor=w.admin, request=_request(w)),
        "request_accept": lambda w: service("request_accept")(
            actor=w.admin, request=_request(w, "submitted")
        ),
        "request_decline": lambda w: service("request_decline")(
            actor=w.admin, request=_request(w, "submitted"), reason="Ingen kapacitet"
        ),
        "request_plan": lambda w: service("request_plan")(
            actor=w.admin, request=_request(w, "accepted"), cohort=_cohort(w)
        ),
        "request_complete": lambda w: service("request_complete")(
            actor=w.admin, request=_request(w, "planned")
        ),
        "local_plan_create": lambda w: service("local_plan_create")(
            actor=w.world.users.leader,
            institution=w.world.school_a,
            school_year="2026/27",
            sections=[("Læringsmiljø", "Fællesskaber.")],
        ),
        "local_plan_update": lambda w: service("local_plan_update")(
            actor=w.world.users.leader,
            local_plan=_local_plan(w),
            progression_goals="Flere i fællesskabet.",
        ),
        "application_create": lambda w: service("application_create")(
            actor=w.world.users.leader,
            institution=w.world.school_a,
            **__import__(
                "kompetenceplan.support.tests.conftest", fromlist=["APPLICATION"]
            ).APPLICATION,
        ),
        "application_approve": call_application_approve,
        "application_reject": lambda w: service("application_reject")(
            actor=w.admin, application=_application(w), reason="Ikke prioriteret"
        ),
    }
)


# evaluation (issue 10): templates, questions, settings, surveys and their links
def _templates(w):
    from kompetenceplan.evaluation.tests.factories import make_templates

    return make_templates(w.world.ishoj)


def _held_cohort(w):
    """A cohort whose one session ended on 3 September 2025, with Anne completed."""
    from kompetenceplan.cohorts.tests.factories import make_session

    session = _attended_session(w)
    session.cohort.enrolments.update(status="completed")
    return make_session(session.cohort).cohort


def _survey(w):
    import datetime as dt

    cohort = _held_cohort(w)
    return service("survey_create")(
        cohort=cohort,
        kind="summative",
        template=_templates(w)["summative"],
        today=dt.date(2025, 9, 3),
    )


def call_deliver_link(w):
    link = _survey(w).links.get()
    link.person.email = link.person.email or "anne@example.dk"
    link.person.save()
    assert service("deliver_link")(link.pk) is True


def call_evaluations_send(w):
    import datetime as dt

    _templates(w)
    _held_cohort(w)
    run = service("evaluations_send")(municipality=w.world.ishoj, today=dt.date(2025, 9, 3))
    assert run.surveys  # midway and at the end


CALLS.update(
    {
        "template_create": lambda w: service("template_create")(
            actor=w.admin, municipality=w.world.ishoj, name="Nyt skema", kind="summative"
        ),
        "template_update": lambda w: service("template_update")(
            actor=w.admin, template=_templates(w)["summative"], name="Omdøbt skema"
        ),
        "template_delete": lambda w: service("template_delete")(
            actor=w.admin, template=_templates(w)["summative"]
        ),
        "question_create": lambda w: service("question_create")(
            actor=w.admin, template=_templates(w)["summative"], kind="text", text="Hvad nu?"
        ),
        "question_update": lambda w: service("question_update")(
            actor=w.admin,
            question=_templates(w)["summative"].questions.first(),
            text="Omformuleret",
        ),
        "question_delete": lambda w: service("question_delete")(
            actor=w.admin, question=_templates(w)["summative"].questions.first()
        ),
        "settings_update": lambda w: service("settings_update")(
            actor=w.admin, municipality=w.world.ishoj, transfer_months=6
        ),
        "survey_create": _survey,
        "evaluations_send": call_evaluations_send,
        "deliver_link": call_deliver_link,
    }
)


def call_answer_submit(w):
    from kompetenceplan.evaluation.models import SurveyResponse
    from kompetenceplan.evaluation.tokens import issue_token

    survey = _survey(w)
    link = survey.links.get()
    token = issue_token(link)
    link.save()
    question = survey.template.questions.order_by("position").first()
    # Hide the setup's entries from the check: only the answer itself counts.
    latest = ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    service("answer_submit")(
        token=token, answers={question.pk: 4}, today=__import__("datetime").date(2025, 9, 3)
    )
    assert SurveyResponse.objects.filter(survey=survey).exists()
    link.refresh_from_db()
    assert link.used
    return latest


ANONYMOUS_CALLS = {"answer_submit": call_answer_submit}


def test_every_public_service_is_in_the_table():
    found = set(public_services())
    listed = set(CALLS) | set(NOT_SERVICES) | set(ANONYMOUS_WRITES)
    assert not found - listed, "add these to CALLS (or NOT_SERVICES / ANONYMOUS_WRITES)"
    assert not listed - found, "gone: remove them from the table"
    assert not set(CALLS) & set(ANONYMOUS_WRITES), "a service either logs or is anonymous"
    assert set(ANONYMOUS_CALLS) == set(ANONYMOUS_WRITES)


@pytest.mark.parametrize("name", sorted(ANONYMOUS_WRITES))
def test_anonymous_writes_write_no_change_log_entry(name, w):
    """The exemption is checked, not assumed: the call writes (it asserts so
    itself) and leaves no change-log entry after its setup."""
    latest = ANONYMOUS_CALLS[name](w)
    assert not ChangeLogEntry.objects.filter(id__gt=latest).exists(), (
        f"{name} is anonymous and must not write to the change log"
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_service_writes_a_change_log_entry(name, w, monkeypatch):
    call = CALLS[name]
    latest = ChangeLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if "monkeypatch" in inspect.signature(call).parameters:
        call(w, monkeypatch)
    else:
        call(w)
    new = ChangeLogEntry.objects.filter(id__gt=latest)
    assert new.exists(), f"{name} wrote no change-log entry"
    assert all(e.object_repr for e in new)
