"""When a cohort's surveys are due, and to whom (docs/evaluation.md): reads
and date arithmetic only; :func:`~kompetenceplan.evaluation.services.evaluations_send`
makes the surveys."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone

from kompetenceplan.cohorts.choices import JUDGED_STATUSES, EnrolmentStatus
from kompetenceplan.cohorts.models import Cohort, Enrolment, Session

from .choices import SurveyKind
from .models import DEFAULT_TRANSFER_MONTHS, EvaluationSettings, Survey, SurveyTemplate

#: How many days back a survey's moment may lie and still be acted on.
SEND_WITHIN = 60


def settings_get(municipality_id: int) -> EvaluationSettings:
    found = EvaluationSettings.objects.filter(municipality_id=municipality_id).first()
    return found or EvaluationSettings(
        municipality_id=municipality_id, transfer_months=DEFAULT_TRANSFER_MONTHS
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` on (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    cohort: Cohort
    kind: str
    template: SurveyTemplate
    on: dt.date


def session_ends(cohort_ids: list[int]) -> dict[int, list[dt.date]]:
    ends: dict[int, list[dt.date]] = {}
    rows = Session.objects.filter(cohort_id__in=cohort_ids).order_by("cohort_id", "ends_at")
    for cohort_id, ends_at in rows.values_list("cohort_id", "ends_at"):
        ends.setdefault(cohort_id, []).append(timezone.localtime(ends_at).date())
    return ends


def moments(session_ends: list[dt.date], transfer_months: int) -> dict[str, dt.date]:
    """When each kind of survey is due for a cohort whose sessions end on
    ``session_ends`` (sorted): midway once half the sessions are over (two or
    more sessions), at the end after the last, the transfer follow-up
    ``transfer_months`` later."""
    if not session_ends:
        return {}
    out = {}
    if len(session_ends) >= 2:
        out[SurveyKind.FORMATIVE.value] = session_ends[(len(session_ends) + 1) // 2 - 1]
    last = session_ends[-1]
    out[SurveyKind.SUMMATIVE.value] = last
    out[SurveyKind.TRANSFER.value] = add_months(last, transfer_months)
    return out


def surveys_due(*, municipality_id: int, today: dt.date) -> list[Due]:
    """The surveys the municipality's cohorts should have by ``today`` and do not."""
    templates = {
        t.kind: t
        for t in SurveyTemplate.objects.filter(municipality_id=municipality_id, active=True)
    }
    if not templates:
        return []
    default_months = settings_get(municipality_id).transfer_months
    earliest = today - dt.timedelta(days=SEND_WITHIN)
    # A cohort whose last session ended before the earliest transfer window is done.
    window = add_months(earliest, -25)
    cohorts = list(
        Cohort.objects.filter(municipality_id=municipality_id)
        .annotate(first_end=Min("sessions__ends_at"), last_end=Max("sessions__ends_at"))
        .filter(last_end__date__gte=window, first_end__date__lte=today)
        .select_related("initiative")
        .order_by("pk")
    )
    ends = session_ends([c.pk for c in cohorts])
    existing = set(Survey.objects.filter(cohort__in=cohorts).values_list("cohort_id", "kind"))
    due = []
    for cohort in cohorts:
        transfer = templates.get(SurveyKind.TRANSFER)
        months = (transfer.transfer_months if transfer else None) or default_months
        for kind, on in moments(ends.get(cohort.pk, []), months).items():
            template = templates.get(kind)
            if template is None or (cohort.pk, kind) in existing:
                continue
            if earliest <= on <= today:
                due.append(Due(cohort, kind, template, on))
    return due


def participants(cohort: Cohort, kind: str) -> list[int]:
    """The person ids a survey of ``kind`` is about: those who took part
    (the transfer follow-up: those who completed)."""
    statuses = (EnrolmentStatus.COMPLETED,) if kind == SurveyKind.TRANSFER else JUDGED_STATUSES
    return list(
        Enrolment.objects.filter(cohort=cohort, status__in=statuses)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
