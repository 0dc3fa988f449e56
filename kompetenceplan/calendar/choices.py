from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedKind(models.TextChoices):
    """What an ICS feed holds."""

    MUNICIPALITY = "municipality", _("Hele kommunen")
    INSTITUTION = "institution", _("Én institution")
    PERSONAL = "personal", _("Min kalender")


class EventStatus(models.TextChoices):
    """RFC 5545 STATUS of an event (lower case here, upper case in ICS)."""

    CONFIRMED = "confirmed", _("Bekræftet")
    CANCELLED = "cancelled", _("Aflyst")
