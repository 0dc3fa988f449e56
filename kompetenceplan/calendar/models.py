"""ICS feeds: secret addresses that calendar programs (Outlook, Google, Apple)
subscribe to. The token in the address is the only credential (a capability
URL, see docs/calendar.md and docs/security.md)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import FeedKind


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """One user's subscription address for one calendar: the whole
    municipality, one institution, or the user's own events.

    Each user gets an address of their own (also for the shared calendars), so
    renewing one, or the user leaving, never breaks anyone else's
    subscription. The feed answers only while its owner is active and still
    may see it (a leader who no longer leads the institution loses its feed).
    Renewing replaces ``token``: the old address then answers 404.
    """

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("kommune"),
    )
    kind = models.CharField(_("kalender"), max_length=20, choices=FeedKind.choices)
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
        verbose_name=_("institution"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
        verbose_name=_("ejer"),
    )
    token = models.CharField(_("nøgle"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    renewed_at = models.DateTimeField(_("fornyet"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        ordering = ["kind", "institution__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeedKind.values), name="calendarfeed_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=FeedKind.INSTITUTION, institution__isnull=False)
                | (~Q(kind=FeedKind.INSTITUTION) & Q(institution__isnull=True)),
                name="calendarfeed_institution_iff_institution_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind=FeedKind.PERSONAL) | Q(owner__isnull=False),
                name="calendarfeed_personal_has_owner",
            ),
            models.UniqueConstraint(
                fields=["owner", "kind"],
                condition=Q(institution__isnull=True),
                name="calendarfeed_one_per_owner_and_kind",
            ),
            models.UniqueConstraint(
                fields=["owner", "institution"],
                condition=Q(institution__isnull=False),
                name="calendarfeed_one_per_owner_and_institution",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == FeedKind.INSTITUTION and self.institution is not None:
            return str(_("Kalender for %(name)s") % {"name": self.institution.name})
        return str(self.get_kind_display())
