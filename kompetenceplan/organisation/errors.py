"""Organisation's error codes: each refusal's Danish message and the form
field it belongs to (see :mod:`kompetenceplan.core.errors`). The services
raise them; the forms carry no business message. An import's row errors are
messages of the same kind, shown with their row number (``.text()``)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class OrganisationError(ErrorCode):
    TEAM_NAME_TAKEN = (_("Der findes allerede et team med navnet “%(name)s”."), "name")
    NOT_EMPLOYED = (_("%(names)s er ikke ansat på %(institution)s."), "members")
    FILE_TOO_LARGE = (
        _("Filen er for stor (%(size)s). Den største tilladte størrelse er %(limit)s."),
        "file",
    )
    FILE_KIND = (_("Filen skal være en CSV- eller XLSX-fil."), "file")
    FUNCTION_OTHER_MUNICIPALITY = (
        _("Ressourcefunktionen findes ikke i medarbejderens kommune."),
        "resource_functions",
    )
    FUNCTION_NAME_INVALID = (_("Ressourcefunktionens navn er tomt eller ugyldigt."), "name")
