"""The followup app's refusals: each Danish message and its form field."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class FollowupError(ErrorCode):
    SCHOOL_YEAR = (_("Vælg et skoleår mellem %(low)s og %(high)s."), "school_year")
    NO_KINDS = (_("Vælg mindst én opfølgningstype med en fast kadence."), "kinds")
    NO_CADENCE = (
        _("%(kind)s har ingen fast kadence og giver derfor ingen møder."),
        "kinds",
    )
    OTHER_MUNICIPALITY = (_("Det valgte hører til en anden kommune."), None)
    NOT_IN_YEAR = (
        _("%(kind)s gælder ikke i skoleåret %(school_year)s (planens periode er %(period)s)."),
        "kinds",
    )
    HOST_ROLE = (
        _("Mødeholderen skal være administrator eller konsulent i kommunen."),
        "host",
    )
    NO_LEADERS = (
        _("Ingen skoler har en leder med en bruger, så der er ingen at holde møderne med."),
        None,
    )
    TEXT_TOO_LONG = (_("Teksten er for lang (højst %(max)s tegn)."), None)
    INACTIVE = (_("%(kind)s er ikke i brug og giver derfor ingen møder."), "kinds")
    CADENCE_RANGE = (
        _("Antal gange om året skal være mellem %(low)s og %(high)s (tomt: løbende)."),
        "times_max",
    )
    CADENCE_ORDER = (
        _("Mindst antal gange om året kan ikke være højere end højst antal gange."),
        "times_min",
    )
    DURATION_RANGE = (
        _("Varigheden skal være mellem %(low)s og %(high)s minutter."),
        "duration_minutes",
    )
    NAME_TAKEN = (_("Der findes allerede en opfølgningstype med navnet %(name)s."), "name")
    SCOPE_FIXED = (
        _("Deltagerne kan ikke ændres, når der er genereret møder af typen. Opret en ny type."),
        "scope",
    )
    ALREADY_CANCELLED = (_("Mødet er allerede aflyst."), None)
    NOT_CANCELLED = (_("Mødet er ikke aflyst."), None)
    HELD = (_("Mødet er afholdt (det er begyndt) og kan ikke længere %(what)s."), None)
    REASON_MISSING = (_("Skriv kort, hvorfor mødet aflyses."), "reason")
    REASON_TOO_LONG = (_("Begrundelsen er for lang (højst %(max)s tegn)."), "reason")
    NOT_EMPTY = (
        _(
            "Mødet kan ikke slettes, fordi det har %(what)s. Aflys mødet i stedet, "
            "så det bliver stående som aflyst."
        ),
        None,
    )
    ENDS_BEFORE_START = (_("Mødet skal slutte efter, det starter."), "ends_at")
    MOVE_CANCELLED = (
        _("Et aflyst møde kan ikke flyttes. Genoptag det først, hvis det skal holdes."),
        "date",
    )
    OUTSIDE_YEAR = (
        _("Mødet hører til skoleåret %(school_year)s og skal ligge mellem %(first)s og %(last)s."),
        "date",
    )
