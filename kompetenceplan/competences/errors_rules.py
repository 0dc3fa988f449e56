"""The mandatory rules' error codes: each refusal's Danish message and the form
field it belongs to (see :mod:`kompetenceplan.core.errors`)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode

#: The longest deadline a rule may have (ten years).
MAX_DEADLINE_DAYS = 3650


class RuleError(ErrorCode):
    NAME_REQUIRED = (_("Giv reglen et navn."), "name")
    TARGET_REQUIRED = (
        _("Vælg en stilling, en ressourcefunktion eller begge, som reglen gælder for."),
        "job_role",
    )
    SATISFIER_REQUIRED = (
        _("Vælg den indsats eller den kvalifikation, der opfylder reglen."),
        "initiative",
    )
    FIXED_DATE_REQUIRED = (_("Skriv den faste dato, fristen regnes fra."), "trigger_date")
    ROLE_START_NEEDS_ROLE = (
        _("Start i stillingen kræver, at reglen gælder for en stilling."),
        "trigger",
    )
    DEADLINE = (
        _("Fristen skal være mellem 0 og %(max)s dage."),
        "deadline_days",
    )
    INITIATIVE_MUNICIPALITY = (_("Indsatsen hører til en anden kommune."), "initiative")
    FUNCTION_MUNICIPALITY = (
        _("Ressourcefunktionen hører til en anden kommune."),
        "resource_function",
    )
    COHORT_NOT_OF_RULE = (
        _("Holdet hører ikke til den indsats, der opfylder reglen."),
        "cohort",
    )
    NOT_AT_INSTITUTION = (
        _("%(person)s er ikke omfattet af reglen på %(institution)s."),
        "person",
    )
