"""The evaluation's rules, with their Danish messages in one place
(docs/evaluation.md).

Templates and questions are managed by the planners (change-logged). The
surveys are made by :func:`evaluations_send` (``manage.py send_evaluations``
from cron, or the task ``evaluation.tasks.send_evaluations``): for every
cohort whose moment has come it makes the survey once and one
:class:`SurveyLink` per participant once, and hands the unsent links to the
task queue; :func:`deliver_link` sends one link under its row lock, so each
participant gets each survey once.

- midway (formative): a cohort of two or more sessions, once half of them are over;
- at the end (summative): once the last session is over;
- transfer follow-up: ``months`` after the last session (the template's, else the
  municipality's setting), to the leaders of each participant who completed.

Only a moment within :data:`SEND_WITHIN` days back is acted on, so an old
cohort does not get a survey long after the fact.

Answering (:func:`answer_submit`) writes a response with no person, no link
and no time, and marks the link used. These two writes are deliberately NOT
in the change log: its entry's time would tie the answer to the link.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.formatting import long_date
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor

from .choices import QuestionKind, SurveyKind
from .models import (
    Answer,
    EvaluationSettings,
    Question,
    Survey,
    SurveyLink,
    SurveyResponse,
    SurveyTemplate,
)
from .schedule import participants, surveys_due
from .selectors import link_recipients, survey_is_open
from .tokens import answer_url, issue_token, link_for_token

logger = logging.getLogger(__name__)

#: How long a survey stays open for answers.
OPEN_DAYS = 28

TEMPLATE_FIELDS = ("name", "kind", "intro", "active", "transfer_months")
QUESTION_FIELDS = ("position", "kind", "text", "required")
#: Never in the change log: the hash that finds a link from its token.
LINK_SECRET = ("token_hash",)


def _messages() -> dict[str, str]:
    return {
        "in_use": _(
            "Skabelonen er brugt af en evaluering, så spørgsmålene kan ikke ændres. "
            "Opret en ny skabelon i stedet."
        ),
        "template_in_use": _("Skabelonen er brugt af en evaluering og kan ikke slettes."),
        "name_taken": _("Kommunen har allerede en skabelon med det navn."),
        "one_active": _(
            "Kommunen har allerede en aktiv skabelon af denne type: %(name)s. "
            "Sæt den ud af brug først."
        ),
        "months_transfer_only": _("Antal måneder gælder kun transferopfølgning."),
        "used": _("Der er allerede svaret via dette link. Tak for dit svar."),
        "closed": _("Evalueringen er lukket for svar."),
        "required": _("Besvar spørgsmålet."),
        "value": _("Vælg et svar fra 1 til 5."),
        "empty": _("Besvar mindst ét spørgsmål."),
    }


def _text(key: str, **values: Any) -> str:
    text = _messages()[key]
    return text % values if values else text


# --- templates and questions -------------------------------------------------------------


def _check_template(municipality_id: int, data: dict[str, Any], pk: int | None) -> None:
    others = SurveyTemplate.objects.filter(municipality_id=municipality_id)
    if pk is not None:
        others = others.exclude(pk=pk)
    errors: dict[str, list[str]] = {}
    if others.filter(name=data["name"]).exists():
        errors["name"] = [_text("name_taken")]
    if data.get("active"):
        active = others.filter(kind=data["kind"], active=True).first()
        if active is not None:
            errors["active"] = [_text("one_active", name=active.name)]
    if data.get("transfer_months") and data["kind"] != SurveyKind.TRANSFER:
        errors["transfer_months"] = [_text("months_transfer_only")]
    if errors:
        raise ValidationError(errors)


def template_create(*, actor: Actor, municipality: Municipality, **fields: Any) -> SurveyTemplate:
    data = {name: fields.get(name) for name in TEMPLATE_FIELDS}
    data["intro"] = data["intro"] or ""
    data["active"] = bool(data["active"])
    with transaction.atomic():
        _check_template(municipality.pk, data, None)
        template = SurveyTemplate.objects.create(municipality=municipality, **data)
        log_saved(actor=actor, obj=template, before=None)
    return template


def template_update(*, actor: Actor, template: SurveyTemplate, **fields: Any) -> SurveyTemplate:
    data = {name: fields.get(name, getattr(template, name)) for name in TEMPLATE_FIELDS}
    data["intro"] = data["intro"] or ""
    data["active"] = bool(data["active"])
    with transaction.atomic():
        if data["kind"] != template.kind and template.surveys.exists():
            raise ValidationError({"kind": [_text("in_use")]})
        _check_template(template.municipality_id, data, template.pk)
        before = snapshot(template)
        for name, value in data.items():
            setattr(template, name, value)
        template.save()
        log_saved(actor=actor, obj=template, before=before)
    return template


def template_delete(*, actor: Actor, template: SurveyTemplate) -> None:
    with transaction.atomic():
        if template.surveys.exists():
            raise ValidationError(_text("template_in_use"))
        delete_logged(actor=actor, objects=[template])


def _refuse_in_use(template: SurveyTemplate) -> None:
    if template.surveys.exists():
        raise ValidationError(_text("in_use"))


def question_create(*, actor: Actor, template: SurveyTemplate, **fields: Any) -> Question:
    data = {name: fields[name] for name in QUESTION_FIELDS if name in fields}
    with transaction.atomic():
        _refuse_in_use(template)
        if not data.get("position"):
            last = template.questions.aggregate(m=Max("position"))["m"] or 0
            data["position"] = last + 1
        question = Question.objects.create(template=template, **data)
        log_saved(actor=actor, obj=question, before=None, related=template)
    return question


def question_update(*, actor: Actor, question: Question, **fields: Any) -> Question:
    with transaction.atomic():
        _refuse_in_use(question.template)
        before = snapshot(question)
        for name in QUESTION_FIELDS:
            if name in fields:
                setattr(question, name, fields[name])
        question.save()
        log_saved(actor=actor, obj=question, before=before, related=question.template)
    return question


def question_delete(*, actor: Actor, question: Question) -> None:
    with transaction.atomic():
        _refuse_in_use(question.template)
        delete_logged(actor=actor, objects=[question], related=question.template)


def settings_update(
    *, actor: Actor, municipality: Municipality, transfer_months: int
) -> EvaluationSettings:
    with transaction.atomic():
        current = EvaluationSettings.objects.filter(municipality=municipality).first()
        before = snapshot(current) if current is not None else None
        current = current or EvaluationSettings(municipality=municipality)
        current.transfer_months = transfer_months
        current.save()
        log_saved(actor=actor, obj=current, before=before)
    return current


# --- when a cohort's surveys are due -----------------------------------------------------


def survey_create(*, cohort: Cohort, kind: str, template: SurveyTemplate, today: dt.date) -> Survey:
    """The cohort's survey of ``kind`` (made once) with a link per participant
    (made once); written by the system (change-logged, actor none)."""
    with transaction.atomic():
        survey, created = Survey.objects.get_or_create(
            cohort=cohort,
            kind=kind,
            defaults={
                "municipality_id": cohort.municipality_id,
                "template": template,
                "closes_on": today + dt.timedelta(days=OPEN_DAYS),
            },
        )
        if created:
            log_saved(actor=None, obj=survey, before=None, related=cohort)
        SurveyLink.objects.bulk_create(
            [SurveyLink(survey=survey, person_id=pk) for pk in participants(cohort, kind)],
            ignore_conflicts=True,
        )
    return survey


@dataclass(frozen=True)
class SendRun:
    surveys: int  # surveys made now
    enqueued: int  # links handed to the task queue (new and earlier unsent ones)


def evaluations_send(
    *, municipality: Municipality | None = None, today: dt.date | None = None
) -> SendRun:
    """Make the due surveys and their links, and enqueue every unsent link
    of a survey still open. Running it again makes nothing twice; a link
    already sent is never sent again (:func:`deliver_link`)."""
    today = today or timezone.localdate()
    ids = (
        [municipality.pk]
        if municipality is not None
        else list(
            SurveyTemplate.objects.filter(active=True)
            .values_list("municipality_id", flat=True)
            .distinct()
        )
    )
    made = 0
    for municipality_id in ids:
        for due in surveys_due(municipality_id=municipality_id, today=today):
            survey_create(cohort=due.cohort, kind=due.kind, template=due.template, today=today)
            made += 1
    unsent = list(
        SurveyLink.objects.filter(
            survey__municipality_id__in=ids, sent_at__isnull=True, survey__closes_on__gte=today
        ).values_list("pk", flat=True)
    )
    if unsent:
        transaction.on_commit(lambda: _enqueue(unsent))
    return SendRun(surveys=made, enqueued=len(unsent))


def _enqueue(ids: list[int]) -> None:
    from .tasks import send_survey_link

    for pk in ids:
        send_survey_link.enqueue(pk)


# --- sending one link ----------------------------------------------------------------------


def deliver_link(link_id: int) -> bool:
    """Send one link unless it was sent already; True when sent now. The row
    stays locked while the mail goes out; a failure is kept in ``error``.
    Each outcome is change-logged (actor none) without the token's hash; the
    link is not anonymous (it names the participant), its answer is."""
    with transaction.atomic():
        link = (
            SurveyLink.objects.select_for_update(of=("self",))
            .select_related("survey__cohort__initiative", "survey__template", "person")
            .filter(pk=link_id)
            .first()
        )
        if link is None or link.sent_at is not None:
            return False
        before = snapshot(link, exclude=LINK_SECRET)
        recipients = link_recipients(link)
        if not recipients:
            link.error = _("Ingen e-mail-adresse at sende til.")
            link.save(update_fields=["error"])
            log_saved(actor=None, obj=link, before=before, related=link.survey, exclude=LINK_SECRET)
            logger.warning("survey link %s: no e-mail address", link.pk)
            return False
        token = issue_token(link)
        with translation.override(settings.LANGUAGE_CODE):
            mail = _email(link, token, recipients)
        try:
            mail.send()
        except Exception as exc:  # noqa: BLE001 - any transport error is kept on the row
            logger.exception("survey link %s not sent", link.pk)
            link.error = str(exc)[:2000] or exc.__class__.__name__
            link.token_hash = ""
            link.save(update_fields=["error", "token_hash"])
            log_saved(actor=None, obj=link, before=before, related=link.survey, exclude=LINK_SECRET)
            return False
        link.sent_at = timezone.now()
        link.recipients = ", ".join(recipients)[:1000]
        link.error = ""
        link.save(update_fields=["sent_at", "recipients", "error", "token_hash"])
        log_saved(actor=None, obj=link, before=before, related=link.survey, exclude=LINK_SECRET)
    return True


def _email(link: SurveyLink, token: str, recipients: list[str]) -> EmailMessage:
    survey = link.survey
    context = {
        "survey": survey,
        "cohort": survey.cohort,
        "person": link.person,
        "transfer": survey.kind == SurveyKind.TRANSFER,
        "url": answer_url(token),
        "closes": long_date(survey.closes_on) if survey.closes_on else "",
    }
    if survey.kind == SurveyKind.TRANSFER:
        subject = _("Opfølgning: hvordan bruger %(person)s det lærte? – %(cohort)s") % {
            "person": link.person.full_name,
            "cohort": survey.cohort.name,
        }
    else:
        subject = _("Evaluering: %(cohort)s") % {"cohort": survey.cohort.name}
    body = render_to_string("evaluation/email/survey_link.txt", context)
    return EmailMessage(
        subject=subject[:255], body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    )


# --- answering -------------------------------------------------------------------------------


def answer_submit(*, token: str, answers: dict[int, Any], today: dt.date | None = None) -> None:
    """Store one anonymous response to the token's survey and mark the link
    used; refuse a used link, a closed survey and a missing required answer.
    ``answers``: question id -> 1-5 (Likert) or text; empty values are skipped."""
    with transaction.atomic():
        found = link_for_token(token)
        if found is None:
            raise ValidationError(_text("closed"))
        link = SurveyLink.objects.select_for_update().get(pk=found.pk)
        if link.used:
            raise ValidationError(_text("used"), code="used")
        survey = found.survey
        if not survey_is_open(survey, today):
            raise ValidationError(_text("closed"), code="closed")
        questions = list(survey.template.questions.all())
        errors: dict[str, list[str]] = {}
        rows = []
        for question in questions:
            raw = answers.get(question.pk)
            if question.kind == QuestionKind.LIKERT:
                value = None if raw in (None, "") else int(raw)
                if value is not None and not 1 <= value <= 5:
                    errors[f"q{question.pk}"] = [_text("value")]
                    continue
                if value is None:
                    if question.required:
                        errors[f"q{question.pk}"] = [_text("required")]
                    continue
                rows.append(Answer(question=question, value=value))
            else:
                text = (raw or "").strip()
                if not text:
                    if question.required:
                        errors[f"q{question.pk}"] = [_text("required")]
                    continue
                rows.append(Answer(question=question, text=text[:5000]))
        if errors:
            raise ValidationError(errors)
        if not rows:
            raise ValidationError(_text("empty"))
        response = SurveyResponse.objects.create(survey=survey)
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        link.used = True
        link.save(update_fields=["used"])
