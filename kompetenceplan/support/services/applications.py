"""Substitute-fund applications (vikarpuljen, Viborg; docs/support.md).

- A leader (for one of their institutions) or a coordinator (for their
  network, without an institution) applies: project description,
  participants, hours, amount and period. The application is submitted at once.
- Administrators and consultants review it. Approval allocates the amount from
  a chosen funding source and year to a chosen initiative through
  :func:`kompetenceplan.funding.services.allocation_create`: the funding rules
  apply unchanged (the source's row lock, its caps, its earmarks, and the
  administrator's logged override). Two approvals at the same time therefore
  cannot together overspend a source: the second waits for the first's lock
  and sees its allocation.
- Rejection needs a reason. A decided application cannot be decided again.
- Every step is in the change log and e-mailed to the applicant and the
  administration after the commit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.errors import combine
from kompetenceplan.core.formatting import kr
from kompetenceplan.core.types import Actor
from kompetenceplan.funding.models import FundingSource
from kompetenceplan.funding.services import allocation_create
from kompetenceplan.organisation.models import Institution
from kompetenceplan.plans.models import Initiative

from ..choices import ApplicationStatus
from ..errors import ApplicationError
from ..messages import notify_on_commit, recipients
from ..models import SubstituteFundApplication

APPLICANTS = (Role.LEADER, Role.COORDINATOR)
REVIEWERS = (Role.ADMINISTRATOR, Role.CONSULTANT)
APPLICATION_FIELDS = (
    "title",
    "project_description",
    "participants",
    "hours",
    "amount",
    "period_start",
    "period_end",
)


def _check(values: dict[str, Any]) -> None:
    errors: list[tuple[str | None, ValidationError]] = []

    def add(code: ApplicationError) -> None:
        errors.append((code.field, code.item()))

    if not values["title"]:
        add(ApplicationError.TITLE_REQUIRED)
    if not values["project_description"]:
        add(ApplicationError.DESCRIPTION_REQUIRED)
    if not values["participants"]:
        add(ApplicationError.PARTICIPANTS_REQUIRED)
    hours, amount = values["hours"], values["amount"]
    if hours is None or hours <= 0:
        add(ApplicationError.HOURS)
    if amount is None or amount <= 0:
        add(ApplicationError.AMOUNT)
    elif amount != amount.quantize(Decimal("0.01")):
        add(ApplicationError.AMOUNT_CENTS)
    start: dt.date | None = values["period_start"]
    end: dt.date | None = values["period_end"]
    if start and end and end < start:
        add(ApplicationError.PERIOD_ORDER)
    if errors:
        raise combine(errors)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError):
        return None


def application_create(
    *, actor: Actor, institution: Institution | None = None, **data: Any
) -> SubstituteFundApplication:
    """A leader's or coordinator's application, submitted for review."""
    user: Any = actor
    if getattr(user, "role", None) not in APPLICANTS:
        raise ApplicationError.NOT_APPLICANT.error()
    if institution is not None and (
        institution.municipality_id != user.municipality_id
        or (user.role == Role.LEADER and institution.pk not in user.institution_ids)
    ):
        raise ApplicationError.INSTITUTION.error()
    if institution is None and user.role == Role.LEADER:
        raise ApplicationError.INSTITUTION.error()
    values = {name: data.get(name) for name in APPLICATION_FIELDS}
    for name in ("title", "project_description", "participants"):
        values[name] = (values[name] or "").strip()
    values["hours"], values["amount"] = _decimal(values["hours"]), _decimal(values["amount"])
    _check(values)
    with transaction.atomic():
        application = SubstituteFundApplication.objects.create(
            municipality_id=user.municipality_id,
            institution=institution,
            applicant=user,
            status=ApplicationStatus.SUBMITTED,
            **values,
        )
        log_saved(actor=actor, obj=application, before=None, related=institution)
        _message(application, _("Ansøgning om vikarmidler modtaget"), actor)
    return application


def _lock(application: SubstituteFundApplication, action: str) -> SubstituteFundApplication:
    current = (
        SubstituteFundApplication.objects.select_for_update(of=("self",))
        .select_related("applicant", "institution")
        .get(pk=application.pk)
    )
    if current.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError.ALREADY_DECIDED.error(
            status=current.get_status_display().lower(), action=action
        )
    return current


def _check_reviewer(actor: Actor) -> None:
    if getattr(actor, "role", None) not in REVIEWERS:
        raise ApplicationError.NOT_REVIEWER.error()


def application_approve(
    *,
    actor: Actor,
    application: SubstituteFundApplication,
    source: FundingSource,
    initiative: Initiative,
    year: int | None,
    purpose: str = "",
    override_reason: str = "",
) -> SubstituteFundApplication:
    """Approve: allocate the amount from ``source`` (for ``year``) to
    ``initiative`` under the funding rules. Refused (nothing written) when the
    allocation is: :class:`funding.services.OverspendError` over a cap without
    an administrator's override, an earmark's error, or an invalid year."""
    _check_reviewer(actor)
    with transaction.atomic():
        current = _lock(application, _("bevilges"))
        if source.municipality_id != current.municipality_id:
            raise ApplicationError.SOURCE_MUNICIPALITY.error()
        if initiative.plan.municipality_id != current.municipality_id:
            raise ApplicationError.INITIATIVE_MUNICIPALITY.error()
        before = snapshot(current)
        allocation = allocation_create(
            actor=actor,
            initiative=initiative,
            source=source,
            year=year,
            amount=current.amount,
            purpose=purpose,
            note=_("Vikarmidler: %(title)s") % {"title": current.title},
            override_reason=override_reason,
        )
        current.allocation = allocation
        current.status = ApplicationStatus.APPROVED
        current.decided_by = actor if isinstance(actor, User) else None
        current.decided_at = timezone.now()
        current.save()
        log_saved(actor=actor, obj=current, before=before, related=current.institution)
        _message(current, _("Ansøgning om vikarmidler bevilget"), actor)
    return current


def application_reject(
    *, actor: Actor, application: SubstituteFundApplication, reason: str
) -> SubstituteFundApplication:
    """Reject with a reason (required; it goes to the applicant)."""
    _check_reviewer(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _lock(application, _("afvises"))
        if not reason:
            raise ApplicationError.REASON_REQUIRED.error()
        before = snapshot(current)
        current.status = ApplicationStatus.REJECTED
        current.decision_reason = reason
        current.decided_by = actor if isinstance(actor, User) else None
        current.decided_at = timezone.now()
        current.save()
        log_saved(actor=actor, obj=current, before=before, related=current.institution)
        _message(current, _("Ansøgning om vikarmidler afvist"), actor)
    return current


def _message(application: SubstituteFundApplication, subject: str, actor: Actor) -> None:
    lines = [
        _("Ansøgningen »%(title)s« om %(amount)s har status: %(status)s.")
        % {
            "title": application.title,
            "amount": kr(application.amount),
            "status": application.get_status_display().lower(),
        }
    ]
    if application.status == ApplicationStatus.REJECTED:
        lines.append(_("Begrundelse: %(reason)s") % {"reason": application.decision_reason})
    if application.allocation_id:
        allocation = application.allocation
        assert allocation is not None
        lines.append(_("Beløbet er bevilget fra %(source)s.") % {"source": allocation.source.name})
    notify_on_commit(
        recipients(municipality_id=application.municipality_id, users=[application.applicant]),
        f"{subject}: {application.title}",
        "\n\n".join(lines),
    )
