"""Writes of the mandatory rules and their reminders (keyword-only, actor
first, atomic, logged). The reads are in ``rules.py``; the rules of who is
covered and when an item is due are described there.

Reminders (docs/competences.md, "Påmindelser"): :func:`compliance_reminders_create`
writes one :class:`ComplianceReminder` per overdue or due-soon item (unique per
rule, person and due date, so a rerun writes none) and, after the commit,
enqueues ``competences.tasks.send_compliance_reminder`` for every reminder of a
still-due item that has not been sent. :func:`deliver_reminder` sends one
under its row lock and stamps ``sent_at``: each item's leaders get one e-mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts import services as cohort_services
from kompetenceplan.cohorts.models import Cohort, CourseCompletion, Enrolment
from kompetenceplan.core.changelog import (
    build_entry,
    delete_logged,
    log_changes_bulk,
    log_saved,
    snapshot,
)
from kompetenceplan.core.choices import ChangeAction, Role
from kompetenceplan.core.errors import combine
from kompetenceplan.core.formatting import long_date
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.models import Employment, Institution, Person
from kompetenceplan.organisation.permissions import current_employments_q

from .choices import ComplianceStatus, RuleTrigger
from .errors_rules import MAX_DEADLINE_DAYS, RuleError
from .models import ComplianceReminder, MandatoryRule, Qualification
from .rules import compliance_items

logger = logging.getLogger(__name__)

#: The fields of a rule the form sets (and the services take as keywords).
RULE_FIELDS = (
    "name",
    "description",
    "job_role",
    "resource_function",
    "institution_kinds",
    "trigger",
    "trigger_date",
    "applies_from",
    "deadline_days",
    "initiative",
    "qualification_kind",
    "active",
)

#: The statuses a reminder is written for.
REMIND = (ComplianceStatus.OVERDUE, ComplianceStatus.DUE_SOON)


# --- rules ------------------------------------------------------------------------------


def _clean(municipality_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    data = {name: fields.get(name) for name in RULE_FIELDS}
    data["name"] = (data["name"] or "").strip()
    data["description"] = (data["description"] or "").strip()
    data["qualification_kind"] = data["qualification_kind"] or ""
    data["institution_kinds"] = sorted(set(data["institution_kinds"] or []))
    data["active"] = bool(data["active"]) if "active" in fields else True
    if data["trigger"] != RuleTrigger.FIXED_DATE:
        data["trigger_date"] = None
    errors = []
    if not data["name"]:
        errors.append(RuleError.NAME_REQUIRED)
    if data["job_role"] is None and data["resource_function"] is None:
        errors.append(RuleError.TARGET_REQUIRED)
    if data["initiative"] is None and not data["qualification_kind"]:
        errors.append(RuleError.SATISFIER_REQUIRED)
    if data["trigger"] == RuleTrigger.FIXED_DATE and data["trigger_date"] is None:
        errors.append(RuleError.FIXED_DATE_REQUIRED)
    if data["trigger"] == RuleTrigger.ROLE_START and data["job_role"] is None:
        errors.append(RuleError.ROLE_START_NEEDS_ROLE)
    deadline = data["deadline_days"]
    if deadline is None or not 0 <= deadline <= MAX_DEADLINE_DAYS:
        errors.append(RuleError.DEADLINE)
    initiative = data["initiative"]
    if initiative is not None and initiative.municipality_id != municipality_id:
        errors.append(RuleError.INITIATIVE_MUNICIPALITY)
    function = data["resource_function"]
    if function is not None and function.municipality_id != municipality_id:
        errors.append(RuleError.FUNCTION_MUNICIPALITY)
    if errors:
        raise combine(
            [
                (e.field, e.item(max=MAX_DEADLINE_DAYS) if e is RuleError.DEADLINE else e.item())
                for e in errors
            ]
        )
    return data


def rule_create(*, actor: Actor, municipality: Municipality, **fields: Any) -> MandatoryRule:
    data = _clean(municipality.pk, fields)
    with transaction.atomic():
        rule = MandatoryRule.objects.create(municipality=municipality, **data)
        log_saved(actor=actor, obj=rule, before=None)
    return rule


def rule_update(*, actor: Actor, rule: MandatoryRule, **fields: Any) -> MandatoryRule:
    data = _clean(rule.municipality_id, fields)
    with transaction.atomic():
        before = snapshot(rule)
        for name, value in data.items():
            setattr(rule, name, value)
        rule.save()
        log_saved(actor=actor, obj=rule, before=before)
    return rule


def rule_delete(*, actor: Actor, rule: MandatoryRule) -> None:
    """Delete the rule and its reminders (each logged)."""
    with transaction.atomic():
        delete_logged(actor=actor, objects=[rule])


# --- enrolling from the compliance list -------------------------------------------------


def compliance_enrol(
    *,
    actor: Actor,
    institution: Institution,
    rule: MandatoryRule,
    person: Person,
    cohort: Cohort,
) -> Enrolment:
    """Put a person the rule covers at the institution on a cohort of the
    rule's initiative. The enrolment itself is the cohorts' leader nomination
    (``cohorts.services.enrolment_nominate``): its rules (the leader's own
    staff, the deadline, the target group, the seat or the waitlist) apply."""
    if rule.initiative_id is None or cohort.initiative_id != rule.initiative_id:
        raise RuleError.COHORT_NOT_OF_RULE.error()
    covered = compliance_items(
        municipality_id=rule.municipality_id, institution_ids=[institution.pk], rules=[rule]
    )
    if not any(item.person.pk == person.pk for item in covered):
        raise RuleError.NOT_AT_INSTITUTION.error(person=person, institution=institution)
    return cohort_services.enrolment_nominate(actor=actor, cohort=cohort, person=person)


# --- reminders --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    """What one run did: reminders written now, and reminders handed to the
    task queue (the new ones and any earlier one not sent yet)."""

    created: int
    enqueued: int


def compliance_reminders_create(
    *, municipality: Municipality | None = None, today: dt.date | None = None
) -> ReminderRun:
    """One reminder per overdue or due-soon item of every municipality with
    active rules (or the one given); see the module docstring."""
    today = today or timezone.localdate()
    municipality_ids = (
        [municipality.pk]
        if municipality is not None
        else list(
            MandatoryRule.objects.filter(active=True)
            .values_list("municipality_id", flat=True)
            .distinct()
        )
    )
    created = enqueued = 0
    for municipality_id in municipality_ids:
        new, queued = _reminders_for(municipality_id, today)
        created += new
        enqueued += queued
    return ReminderRun(created=created, enqueued=enqueued)


def _reminders_for(municipality_id: int, today: dt.date) -> tuple[int, int]:
    items = [
        i
        for i in compliance_items(municipality_id=municipality_id, today=today)
        if i.status in REMIND
    ]
    keys = {(i.rule.pk, i.person.pk, i.due_on) for i in items}
    with transaction.atomic():
        existing = set(
            ComplianceReminder.objects.filter(rule__municipality_id=municipality_id).values_list(
                "rule_id", "person_id", "due_on"
            )
        )
        new = [
            ComplianceReminder(rule=i.rule, person=i.person, due_on=i.due_on)
            for i in items
            if (i.rule.pk, i.person.pk, i.due_on) not in existing
        ]
        # A run at the same moment may have written some: those are skipped.
        ComplianceReminder.objects.bulk_create(new, ignore_conflicts=True)
        written = {
            (r.rule_id, r.person_id, r.due_on): r
            for r in ComplianceReminder.objects.filter(
                rule__municipality_id=municipality_id, sent_at__isnull=True
            ).select_related("rule", "person")
        }
        fresh = [r for key, r in written.items() if key not in existing]
        log_changes_bulk(
            [
                build_entry(
                    actor=None,
                    obj=r,
                    action=ChangeAction.CREATE,
                    after=snapshot(r),
                    related=r.rule,
                )
                for r in fresh
            ]
        )
        unsent = [r.pk for key, r in written.items() if key in keys]
        if unsent:
            transaction.on_commit(lambda: _enqueue(unsent))
    return len(fresh), len(unsent)


def _enqueue(ids: list[int]) -> None:
    from .tasks import send_compliance_reminder

    for pk in ids:
        send_compliance_reminder.enqueue(pk)


def reminder_recipients(reminder: ComplianceReminder) -> list[str]:
    """The e-mail addresses of the active leaders of the person's current
    institutions (in the rule's municipality)."""
    institution_ids = Employment.objects.filter(
        current_employments_q(), person_id=reminder.person_id
    ).values("institution_id")
    emails = (
        User.objects.filter(
            role=Role.LEADER,
            is_active=True,
            municipality_id=reminder.rule.municipality_id,
            institutions__in=institution_ids,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(emails)


def is_done(rule: MandatoryRule, person_id: int) -> bool:
    """Has the person done what the rule asks (since the reminder was written)?"""
    if (
        rule.initiative_id
        and CourseCompletion.objects.filter(
            person_id=person_id, cohort__initiative_id=rule.initiative_id
        ).exists()
    ):
        return True
    return bool(
        rule.qualification_kind
        and Qualification.objects.filter(person_id=person_id, kind=rule.qualification_kind).exists()
    )


def deliver_reminder(reminder_id: int) -> bool:
    """Send one reminder to the person's leaders unless it was sent already
    or the item is done by now; True when sent now. The row stays locked while
    the mail goes out, so two workers cannot both send it; a failure (or no
    leader with an e-mail address) is kept in ``error`` and the row stays
    unsent, to be tried again by the next run."""
    with transaction.atomic():
        reminder = (
            ComplianceReminder.objects.select_for_update(of=("self",))
            .select_related("rule", "person")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.sent_at is not None:
            return False
        if is_done(reminder.rule, reminder.person_id):
            return False
        recipients = reminder_recipients(reminder)
        if not recipients:
            reminder.error = _("Ingen leder med en e-mail-adresse.")
            reminder.save(update_fields=["error"])
            logger.warning("compliance reminder %s: no leader with an e-mail address", reminder.pk)
            return False
        with translation.override(settings.LANGUAGE_CODE):
            message = _message(reminder, recipients)
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport error is kept on the row
            logger.exception("compliance reminder %s not sent", reminder.pk)
            reminder.error = str(exc)[:2000] or exc.__class__.__name__
            reminder.save(update_fields=["error"])
            return False
        reminder.sent_at = timezone.now()
        reminder.recipients = ", ".join(recipients)
        reminder.error = ""
        reminder.save(update_fields=["sent_at", "recipients", "error"])
    return True


def _message(reminder: ComplianceReminder, recipients: list[str]) -> EmailMessage:
    today = timezone.localdate()
    overdue = reminder.due_on < today
    context = {
        "reminder": reminder,
        "rule": reminder.rule,
        "person": reminder.person,
        "due": long_date(reminder.due_on),
        "overdue": overdue,
        "url": getattr(settings, "SITE_URL", "").rstrip("/")
        + reverse("competences:compliance_overview"),
    }
    if overdue:
        subject = _("Obligatorisk forløb overskredet: %(person)s – %(rule)s") % {
            "person": reminder.person,
            "rule": reminder.rule,
        }
    else:
        subject = _("Obligatorisk forløb forfalder %(due)s: %(person)s – %(rule)s") % {
            "due": context["due"],
            "person": reminder.person,
            "rule": reminder.rule,
        }
    body = render_to_string("competences/email/rules_reminder.txt", context)
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    )
