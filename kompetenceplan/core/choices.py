from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's role within their municipality (see docs/permissions.md)."""

    ADMINISTRATOR = "administrator", _("Administrator")
    CONSULTANT = "consultant", _("Konsulent")
    LEADER = "leader", _("Leder")
    STAFF = "staff", _("Medarbejder")
    COORDINATOR = "coordinator", _("Tovholder")
    VIEWER = "viewer", _("Læser (udvalg/FællesMED)")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Oprettet")
    UPDATE = "update", _("Ændret")
    DELETE = "delete", _("Slettet")
    VIEW = "view", _("Set")
    IMPORT = "import", _("Importeret")
    EXPORT = "export", _("Eksporteret")


class ReadKind(models.TextChoices):
    """How a read of personal data happened (the read log's "how")."""

    PAGE = "page", _("Visning")
    FORM = "form", _("Redigering")
    LIST = "list", _("Liste")
    SEARCH = "search", _("Søgning")
    EXPORT_CSV = "csv", _("Eksport (CSV)")
    EXPORT_XLSX = "xlsx", _("Eksport (XLSX)")
    PANEL = "panel", _("Forsidepanel")
    PREVIEW = "preview", _("Forhåndsvisning")
