from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    """A request to the resource team (docs/support.md, "Henvendelser")."""

    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Sendt")
    ACCEPTED = "accepted", _("Accepteret")
    DECLINED = "declined", _("Afvist")
    PLANNED = "planned", _("Planlagt")
    COMPLETED = "completed", _("Afsluttet")


class ApplicationStatus(models.TextChoices):
    """A substitute-fund application (docs/support.md, "Vikarpuljen")."""

    SUBMITTED = "submitted", _("Afventer behandling")
    APPROVED = "approved", _("Bevilget")
    REJECTED = "rejected", _("Afvist")
