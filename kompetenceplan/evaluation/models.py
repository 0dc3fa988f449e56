"""Evaluation (issue 10, item 5): survey templates per municipality, the
surveys of each cohort (midway, at the end, and the transfer follow-up to the
participants' leaders), the personal answer links and the anonymous answers.

Anonymity (docs/evaluation.md): a :class:`SurveyResponse` has no link to a
person, a user or a link, and no time; a :class:`SurveyLink` knows whom it
was sent to and only *whether* it was used. The link's token is stored as a
hash; the token itself is only in the e-mail."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import QuestionKind, SurveyKind

DEFAULT_TRANSFER_MONTHS = 3


class EvaluationSettings(models.Model):
    """The municipality's evaluation settings: how many months after the
    cohort's completion the leaders are asked about transfer (a transfer
    template may say otherwise)."""

    municipality = models.OneToOneField(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="evaluation_settings",
        verbose_name=_("kommune"),
    )
    transfer_months = models.PositiveIntegerField(
        _("måneder fra afslutning til transferopfølgning"),
        default=DEFAULT_TRANSFER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )

    class Meta:
        verbose_name = _("evalueringsindstillinger")
        verbose_name_plural = _("evalueringsindstillinger")

    def __str__(self) -> str:
        return str(self.municipality)


class SurveyTemplate(models.Model):
    """Spørgeskemaskabelon: the questions of one kind of survey. The
    municipality's active template of a kind is the one its cohorts get."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="survey_templates",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=12, choices=SurveyKind.choices)
    intro = models.TextField(_("indledning"), blank=True)
    active = models.BooleanField(_("i brug"), default=True)
    transfer_months = models.PositiveIntegerField(
        _("måneder efter afslutning"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Kun transferopfølgning; tomt: kommunens indstilling."),
    )

    class Meta:
        verbose_name = _("spørgeskemaskabelon")
        verbose_name_plural = _("spørgeskemaskabeloner")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=Q(active=True),
                name="survey_template_one_active_per_kind",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="survey_template_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    template = models.ForeignKey(
        SurveyTemplate,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("skabelon"),
    )
    position = models.PositiveIntegerField(_("rækkefølge"), default=1)
    kind = models.CharField(_("svartype"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("spørgsmål"), max_length=300)
    required = models.BooleanField(_("skal besvares"), default=False)

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def municipality_id(self) -> int:
        return self.template.municipality_id


class Survey(models.Model):
    """One survey of one cohort (each kind once per cohort). Its questions are
    its template's; a template in use keeps its questions (services)."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("hold")
    )
    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("skabelon")
    )
    kind = models.CharField(_("type"), max_length=12, choices=SurveyKind.choices)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    closes_on = models.DateField(_("lukker"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["cohort", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="survey_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.cohort}"


class SurveyLink(models.Model):
    """The personal answer link of one participant (or, for the transfer
    follow-up, of one participant's leaders) to one survey: made once, sent
    once. It records whether it was used, never what was answered."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="links", verbose_name=_("evaluering")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("deltager"),
    )
    recipients = models.CharField(_("modtagere"), max_length=1000, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    used = models.BooleanField(_("besvaret"), default=False)

    class Meta:
        verbose_name = _("svarlink")
        verbose_name_plural = _("svarlinks")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], name="survey_link_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return str(self.survey)


class SurveyResponse(models.Model):
    """One anonymous answer to a survey: no person, no link, no time."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("evaluering")
    )

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")

    def __str__(self) -> str:
        return str(self.survey)


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("besvarelse"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("spørgsmål")
    )
    value = models.PositiveSmallIntegerField(
        _("værdi"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="answer_value_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return str(self.question)
