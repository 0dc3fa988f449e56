"""The networks' error codes: each refusal's Danish message and the form field
it belongs to (see :mod:`kompetenceplan.core.errors`)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class NetworkError(ErrorCode):
    # Networks
    NAME_REQUIRED = (_("Giv netværket et navn."), "name")
    NAME_TAKEN = (_("Kommunen har allerede et netværk ved navn %(name)s."), "name")
    COORDINATOR_ROLE = (
        _("Tovholderen skal være en bruger med rollen tovholder eller konsulent i kommunen."),
        "coordinator",
    )
    MEETINGS_PER_YEAR = (_("Antal møder om året skal være mellem 1 og 52."), "meetings_per_year")
    # Members
    PERSON_MUNICIPALITY = (_("Medarbejderen hører til en anden kommune."), "person")
    ALREADY_MEMBER = (_("%(name)s er allerede medlem af netværket."), "person")
    INSTITUTION_MUNICIPALITY = (_("Institutionen hører til en anden kommune."), "institution")
    FUNCTION_MUNICIPALITY = (
        _("Ressourcefunktionen hører til en anden kommune."),
        "resource_function",
    )
    # Meetings
    ENDS_BEFORE_START = (_("Mødet skal slutte efter, det starter."), "ends_at")
    TOO_LONG = (_("Et netværksmøde kan højst vare 24 timer."), "ends_at")
    CANCELLED = (_("Mødet er aflyst og kan ikke ændres."), None)
    ALREADY_CANCELLED = (_("Mødet er allerede aflyst."), None)
    PAST = (_("Mødet er afholdt og kan ikke aflyses."), None)
    # The annual wheel
    SCHOOL_YEAR = (_("Skriv skoleåret som 2026/27 (to på hinanden følgende år)."), "school_year")
    MONTH = (_("Vælg en måned."), "month")
    THEME_REQUIRED = (_("Skriv månedens tema."), "theme")
