"""The cohorts' error codes: each refusal's Danish message and the form field
it belongs to (see :mod:`kompetenceplan.core.errors`)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class CohortError(ErrorCode):
    # Cohorts
    MUNICIPALITY = (_("Indsatsen hører til en anden kommune."), None)
    NAME_REQUIRED = (_("Giv holdet et navn."), "name")
    NAME_TAKEN = (
        _("Indsatsen har allerede et hold ved navn %(name)s i %(school_year)s."),
        "name",
    )
    SCHOOL_YEAR = (_("Skriv skoleåret som 2025/26 (to på hinanden følgende år)."), "school_year")
    CAPACITY = (_("Holdet skal have mindst én plads."), "capacity")
    MINIMUM_ABOVE_CAPACITY = (
        _("Mindste antal deltagere (%(minimum)s) kan ikke være større end antal pladser."),
        "minimum",
    )
    CAPACITY_BELOW_SEATED = (
        _("Der er allerede %(seated)s tilmeldte; antal pladser kan ikke sættes lavere."),
        "capacity",
    )
    HAS_PARTICIPANTS = (
        _("Holdet har %(count)s aktive tilmeldinger. Afmeld dem, før holdet slettes."),
        None,
    )
    NO_ESTIMATE = (
        _("Indsatsen har ikke et tidsestimat med antal gange og timer pr. gang."),
        None,
    )
    START_COUNT = (
        _("Angiv %(expected)s starttidspunkter (én pr. kursusgang); der er %(count)s."),
        "starts",
    )
    # Sessions
    ENDS_BEFORE_START = (_("Kursusgangen skal slutte efter, den starter."), "ends_at")
    NAIVE_TIME = (_("Tidspunktet mangler tidszone."), "starts_at")
    HOURS_NEGATIVE = (_("Timetallet kan ikke være negativt."), "hours")
    # School holidays
    HOLIDAY_ENDS_BEFORE_START = (_("Ferien kan ikke slutte, før den begynder."), "end")
    # Enrolment
    NO_PERSON = (_("Din bruger er ikke knyttet til en medarbejder."), None)
    OTHER_MUNICIPALITY = (_("Medarbejderen hører til en anden kommune."), "person")
    ALREADY_ENROLLED = (_("%(person)s er allerede tilmeldt eller venter på holdet."), "person")
    DEADLINE_PASSED = (_("Tilmeldingsfristen var %(deadline)s."), None)
    NOMINATION_ONLY = (_("Til dette hold indstiller lederen deltagerne."), None)
    NOT_IN_TARGET_GROUP = (
        _("%(person)s er ikke i indsatsens målgruppe (%(target)s)."),
        "person",
    )
    OVERRIDE_NOT_ALLOWED = (
        _("Kun konsulenten eller en administrator kan tilmelde uden for målgruppen."),
        "override_reason",
    )
    NOT_YOUR_STAFF = (_("%(person)s er ikke ansat på en institution, du er leder af."), "person")
    NOT_ALLOWED = (_("Du må ikke ændre denne tilmelding."), None)
    WRONG_STATUS = (
        _("Tilmeldingen har status %(status)s; det kan ikke ændres på denne måde."),
        None,
    )
    # Attendance and completion
    NOT_PARTICIPANTS = (_("Kun tilmeldte deltagere kan markeres som fraværende."), None)
    NO_SESSIONS = (_("Holdet har ingen kursusgange."), None)
    NOT_FINISHED = (
        _("Holdet kan først gennemføres efter sidste kursusgang (%(end)s)."),
        None,
    )
    ATTENDANCE_MISSING = (
        _("Fremmødet er ikke registreret for kursusgangen %(date)s."),
        None,
    )
    RULE_ABOVE_SESSIONS = (
        _("Holdet har kun %(sessions)s kursusgange; kravet kan ikke være %(rule)s."),
        "min_sessions_attended",
    )


class SpendingError(ErrorCode):
    """Expenses and substitute rates (docs/cohorts.md, "Udgifter")."""

    ALLOCATION = (_("Vælg en bevilling til holdets indsats."), "allocation")
    MUNICIPALITY = (_("Holdet hører til en anden kommune."), None)
    KIND = (_("Vælg en gyldig art."), "kind")
    AMOUNT_REQUIRED = (_("Angiv et beløb."), "amount")
    AMOUNT_NEGATIVE = (_("Beløbet kan ikke være negativt."), "amount")
    AMOUNT_TOO_LARGE = (_("Beløbet er for stort."), "amount")
    AMOUNT_CENTS = (_("Beløbet kan højst have to decimaler (øre)."), "amount")
    RATE_REQUIRED = (_("Angiv en timesats."), "hourly_rate")
    RATE_NEGATIVE = (_("Timesatsen kan ikke være negativ."), "hourly_rate")
    RATE_TOO_LARGE = (_("Timesatsen er for stor."), "hourly_rate")
    RATE_CENTS = (_("Timesatsen kan højst have to decimaler (øre)."), "hourly_rate")
