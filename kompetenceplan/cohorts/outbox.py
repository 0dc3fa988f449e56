"""The invitation outbox (issue 8, item 8): one row per calendar e-mail a
participant must get, written in the same transaction as the change it tells
about, sent afterwards by a task (``cohorts.tasks.send_invitation``). A
rolled-back change leaves no row, a sent row is never sent again. The rows are
also the history the SEQUENCE rule reads (docs/cohorts.md, "Invitations")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationMethod(models.TextChoices):
    REQUEST = "REQUEST", _("Invitation")
    CANCEL = "CANCEL", _("Aflysning")


class Invitation(models.Model):
    """One iTIP message (METHOD:REQUEST or CANCEL) to one person about one
    session. Subject, body and the .ics are rendered when the row is written,
    so a deleted session's cancellation can still be sent."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kommune"),
    )
    session = models.ForeignKey(
        "cohorts.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("kursusgang"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("medarbejder"),
    )
    email = models.EmailField(_("e-mail"))
    method = models.CharField(_("type"), max_length=7, choices=InvitationMethod.choices)
    uid = models.CharField(_("UID"), max_length=255)
    sequence = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("emne"), max_length=255)
    body = models.TextField(_("tekst"))
    ics = models.TextField(_("kalenderfil"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        verbose_name = _("kalenderinvitation")
        verbose_name_plural = _("kalenderinvitationer")
        ordering = ["created_at", "id"]
        constraints = [
            # One change, one message.
            models.UniqueConstraint(
                fields=["uid", "person", "method", "sequence"], name="invitation_one_per_change"
            ),
        ]
        indexes = [models.Index(fields=["person", "uid"], name="invitation_person_uid")]

    def __str__(self) -> str:
        return self.subject
