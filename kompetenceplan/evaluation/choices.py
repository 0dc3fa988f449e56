"""The evaluation's vocabularies, with the Danish words users see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyKind(models.TextChoices):
    FORMATIVE = "formative", _("Midtvejsevaluering")
    SUMMATIVE = "summative", _("Slutevaluering")
    TRANSFER = "transfer", _("Opfølgning på transfer")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Skala 1-5")
    TEXT = "text", _("Fritekst")


#: The Likert scale's five points with their Danish words (1 lowest).
LIKERT_LABELS = (
    (1, _("Helt uenig")),
    (2, _("Uenig")),
    (3, _("Hverken enig eller uenig")),
    (4, _("Enig")),
    (5, _("Helt enig")),
)
