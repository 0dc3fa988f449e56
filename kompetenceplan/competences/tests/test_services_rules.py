"""Writes of the mandatory rules: validation, the change log, enrolling from
the compliance list through the cohorts' nomination, and the reminders (once
per due item)."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.competences import services_rules
from kompetenceplan.competences.choices import QualificationKind, RuleTrigger
from kompetenceplan.competences.models import ComplianceReminder, MandatoryRule
from kompetenceplan.core.errors import error_fields
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.organisation.models import JobRole

from .rules_factories import TODAY, complete, make_rules_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return make_rules_world(world)


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings, monkeypatch):
    """Tasks run inline, mail stays in the outbox, and today is TODAY."""
    from django.utils import timezone

    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: noon)


def fields(**overrides):
    data = {
        "name": "ICDP for pædagoger",
        "description": "",
        "job_role": JobRole.objects.get(name="Pædagog"),
        "resource_function": None,
        "institution_kinds": ["dagtilbud"],
        "trigger": RuleTrigger.ROLE_START,
        "trigger_date": None,
        "applies_from": None,
        "deadline_days": 365,
        "initiative": None,
        "qualification_kind": QualificationKind.ICDP_1,
        "active": True,
    }
    data.update(overrides)
    return data


def test_rule_create_update_delete_are_logged(world, rw):
    admin = world.users.admin
    rule = services_rules.rule_create(actor=admin, municipality=world.ishoj, **fields())
    assert rule.institution_kinds == ["dagtilbud"]
    services_rules.rule_update(actor=admin, rule=rule, **fields(deadline_days=180))
    rule.refresh_from_db()
    assert rule.deadline_days == 180
    pk = rule.pk
    services_rules.rule_delete(actor=admin, rule=rule)
    assert not MandatoryRule.objects.filter(pk=pk).exists()
    actions = list(
        ChangeLogEntry.objects.filter(object_id=str(pk), content_type__model="mandatoryrule")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"job_role": None}, "job_role"),
        ({"qualification_kind": ""}, "initiative"),
        ({"trigger": RuleTrigger.FIXED_DATE}, "trigger_date"),
        ({"deadline_days": 5000}, "deadline_days"),
    ],
)
def test_rule_refusals_name_their_field(world, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services_rules.rule_create(
            actor=world.users.admin, municipality=world.ishoj, **fields(**overrides)
        )
    assert field in error_fields(caught.value)


def test_role_start_needs_a_role_and_other_municipalitys_initiative_is_refused(world, rw):
    with pytest.raises(ValidationError) as caught:
        services_rules.rule_create(
            actor=world.users.admin,
            municipality=world.horsens,
            **fields(job_role=None, resource_function=world.h_function, initiative=rw.initiative),
        )
    errors = error_fields(caught.value)
    assert {"trigger", "initiative"} <= set(errors)


def test_leader_enrols_from_the_list_through_the_nomination(world, rw):
    enrolment = services_rules.compliance_enrol(
        actor=world.users.leader,
        institution=world.school_a,
        rule=rw.rule,
        person=rw.nina,
        cohort=rw.open_cohort,
    )
    assert enrolment.status == "enrolled" and enrolment.cohort == rw.open_cohort
    # The nomination's own rules apply: not twice.
    with pytest.raises(ValidationError):
        services_rules.compliance_enrol(
            actor=world.users.leader,
            institution=world.school_a,
            rule=rw.rule,
            person=rw.nina,
            cohort=rw.open_cohort,
        )


def test_leader_cannot_enrol_another_schools_teacher_or_on_another_initiative(world, rw):
    from kompetenceplan.cohorts.tests.factories import make_cohort, make_target_initiative

    with pytest.raises(ValidationError):  # Carl is at school B
        services_rules.compliance_enrol(
            actor=world.users.leader,
            institution=world.school_a,
            rule=rw.rule,
            person=world.person_b,
            cohort=rw.open_cohort,
        )
    other = make_cohort(make_target_initiative(rw.plan, "2.2"), "Andet hold")
    with pytest.raises(ValidationError) as caught:
        services_rules.compliance_enrol(
            actor=world.users.leader,
            institution=world.school_a,
            rule=rw.rule,
            person=rw.nina,
            cohort=other,
        )
    assert "cohort" in error_fields(caught.value)
    assert not Enrolment.objects.exists()


# --- reminders ----------------------------------------------------------------------------


@pytest.fixture
def leaders(world):
    world.users.leader.email = "leder-a@ishoj.dk"
    world.users.leader.save()
    from kompetenceplan.core.choices import Role
    from kompetenceplan.testing.factories import make_user

    return make_user(
        world.ishoj, Role.LEADER, institutions=[world.school_b], username="leader_b"
    ), world.users.leader


def test_reminders_are_sent_once_per_due_item(
    world, rw, leaders, django_capture_on_commit_callbacks
):
    leader_b, leader_a = leaders
    leader_b.email = "leder-b@ishoj.dk"
    leader_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    # Overdue: Anne, Bo, Ole (school A), Carl (school B); due soon: Nina.
    assert (run.created, run.enqueued) == (5, 5)
    assert len(mail.outbox) == 5
    to_a = [m for m in mail.outbox if m.to == ["leder-a@ishoj.dk"]]
    to_b = [m for m in mail.outbox if m.to == ["leder-b@ishoj.dk"]]
    assert len(to_a) == 4 and len(to_b) == 1
    nina = next(m for m in to_a if "Nina Nygaard" in m.subject)
    assert nina.subject == (
        "Obligatorisk forløb forfalder 29. august 2026: Nina Nygaard – Ordblindekursus for nye lærere"
    )
    assert "senest 29. august 2026" in nina.body
    assert "/kompetencer/obligatoriske/" in nina.body
    assert ComplianceReminder.objects.filter(sent_at__isnull=True).count() == 0
    reminder = ComplianceReminder.objects.get(person=rw.nina)
    assert reminder.due_on == dt.date(2026, 8, 29) and reminder.recipients == "leder-a@ishoj.dk"

    # A second run, right after: nothing new, nothing sent.
    with django_capture_on_commit_callbacks(execute=True):
        again = services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    assert (again.created, again.enqueued) == (0, 0)
    assert len(mail.outbox) == 5

    # Nina's item turns overdue: the same due date, so still no new reminder.
    with django_capture_on_commit_callbacks(execute=True):
        later = services_rules.compliance_reminders_create(
            municipality=world.ishoj, today=dt.date(2026, 9, 5)
        )
    assert later.created == 0 and len(mail.outbox) == 5


def test_a_run_after_the_item_is_done_sends_nothing(
    world, rw, leaders, django_capture_on_commit_callbacks
):
    complete(rw.nina, rw.held, dt.date(2026, 8, 1))
    with django_capture_on_commit_callbacks(execute=True):
        run = services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    assert not ComplianceReminder.objects.filter(person=rw.nina).exists()
    assert not any("Nina" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)
    assert run.created == 5 - 1
    # A new hire after the first run gets their own reminder in the next run only.
    complete(rw.ole, rw.held, dt.date(2026, 8, 2))
    with django_capture_on_commit_callbacks(execute=True):
        run = services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    assert (run.created, len(mail.outbox)) == (0, sent)


def test_a_reminder_done_before_it_is_sent_is_not_sent(world, rw, leaders, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    reminder = ComplianceReminder.objects.get(person=rw.ole)
    complete(rw.ole, rw.held, dt.date(2026, 8, 2))
    assert services_rules.deliver_reminder(reminder.pk) is False
    assert mail.outbox == []


def test_without_a_leader_email_the_reminder_waits_and_is_retried(
    world, rw, settings, django_capture_on_commit_callbacks
):
    world.users.leader.email = ""
    world.users.leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    reminder = ComplianceReminder.objects.get(person=rw.nina)
    assert reminder.sent_at is None and reminder.error == "Ingen leder med en e-mail-adresse."
    world.users.leader.email = "leder-a@ishoj.dk"
    world.users.leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
    assert run.created == 0
    assert len([m for m in mail.outbox if m.to == ["leder-a@ishoj.dk"]]) == 4
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.error == ""


def test_the_command_twice_in_a_row(world, rw, leaders, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_compliance_reminders", "--municipality", "183", stdout=out)
    assert "5 nye påmindelser" in out.getvalue()
    first = len(mail.outbox)
    assert first == 4  # school B's leader has no e-mail address
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_compliance_reminders", "--municipality", "183", "--date", "2026-08-10", stdout=out
        )
    # Carl's reminder waits for school B's leader's e-mail address: tried again, not sent.
    assert out.getvalue() == "0 nye påmindelser; 1 sat i kø til afsendelse.\n"
    assert len(mail.outbox) == first


def test_the_task_runs_the_sweep(world, rw, leaders):
    from kompetenceplan.competences.tasks import send_compliance_reminders

    result = send_compliance_reminders.enqueue()
    assert result.return_value == 5 + 1  # and Horsens' teacher without ICDP


def test_the_command_refuses_an_unknown_municipality(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ukendt kommunekode: 999"):
        call_command("send_compliance_reminders", "--municipality", "999")


def test_a_rolled_back_run_sends_nothing(world, rw, leaders):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services_rules.compliance_reminders_create(municipality=world.ishoj, today=TODAY)
        raise RuntimeError
    assert not ComplianceReminder.objects.exists()
    assert mail.outbox == []
