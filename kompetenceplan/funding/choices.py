from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    STATE = "state", _("Statslig")
    MUNICIPAL = "municipal", _("Kommunal")
    FOUNDATION = "foundation", _("Fond")


class EarmarkKind(models.TextChoices):
    ALLOWED_PURPOSES = "allowed_purposes", _("Må kun bruges til")
    MAX_SHARE = "max_share", _("Højst en andel til")


EXISTING_RESOURCES = "Inden for eksisterende ressourcer"
