"""Tenant (Municipality) and the change log shared by every app."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ChangeAction, ReadKind


class Municipality(models.Model):
    """A Danish municipality (kommune): the tenant every other row belongs to."""

    code = models.CharField(
        _("kommunekode"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("Kommunekoden skal være tre cifre."))],
    )
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} Kommune"


class ChangeLogEntry(models.Model):
    """Who did what to which object, when, with the values before and after.

    Written only through :func:`kompetenceplan.core.changelog.log_change` and
    friends, inside the same transaction as the change itself. Reads of
    personal data are in :class:`ReadLogEntry` (entries with action ``view``
    were moved there by migration 0003).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udført af"),
    )
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("handling"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("type")
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=200)
    # The parent the object belongs to (an initiative's plan, an allocation's
    # initiative), as NetBox does: the parent's history includes its children.
    related_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overordnet type"),
    )
    related_object_id = models.CharField(_("overordnet objekt-id"), max_length=64, blank=True)
    related_repr = models.CharField(_("overordnet objekt"), max_length=200, blank=True)
    before = models.JSONField(_("før"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("efter"), null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ændringslog")
        verbose_name_plural = _("ændringslog")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="changelog_object_idx"),
            models.Index(
                fields=["related_content_type", "related_object_id"],
                name="changelog_related_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class ReadLogEntry(models.Model):
    """Læselog: one request that showed personal data (who, when, where, how
    many people). The people it showed are its :class:`ReadLogSubject` rows.

    Written only by :mod:`kompetenceplan.core.readlog` (one entry per request
    and part of a page, see docs/adr/0012-read-log.md), never changed.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set af"),
    )
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    #: The Danish name of what was shown ("Medarbejderliste"), translated when displayed.
    label = models.CharField(_("hvor"), max_length=100)
    kind = models.CharField(_("hvordan"), max_length=10, choices=ReadKind.choices)
    path = models.CharField(_("adresse"), max_length=500, blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("type")
    )
    subject_count = models.PositiveIntegerField(_("antal personer"))

    class Meta:
        verbose_name = _("læselog")
        verbose_name_plural = _("læselog")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.subject_count})"


class ReadLogSubject(models.Model):
    """One person shown by one :class:`ReadLogEntry`: two integers. The primary
    key (object, entry) is the index that answers "who read person X"."""

    pk = models.CompositePrimaryKey("object_id", "entry")
    object_id = models.PositiveBigIntegerField(_("objekt-id"))
    entry = models.ForeignKey(
        ReadLogEntry, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("læsning")
    )

    class Meta:
        verbose_name = _("læst person")
        verbose_name_plural = _("læste personer")

    def __str__(self) -> str:
        return f"{self.object_id} @ {self.entry_id}"
