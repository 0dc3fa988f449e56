"""The support app's error codes: each refusal's Danish message and the form
field it belongs to (see :mod:`kompetenceplan.core.errors`)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class RequestError(ErrorCode):
    """Requests to the resource team (docs/support.md, "Henvendelser")."""

    TITLE_REQUIRED = (_("Giv henvendelsen en titel."), "title")
    INSTITUTION = (_("Vælg en institution, du er leder af."), "institution")
    # Ishøj's principles (plan 2024-2026, indsats 1.2), checked when submitted.
    WHOLE_COMMUNITY = (
        _(
            "Ressourceteamet arbejder med hele børnefællesskabet først: beskriv det "
            "fællesskab eller team, det drejer sig om, og bekræft, at henvendelsen "
            "handler om hele fællesskabet og ikke et enkelt barn."
        ),
        "community",
    )
    ADULT_TEAM = (
        _("Voksenteamet er enheden: angiv det team af voksne, der deltager i forløbet."),
        "adult_team",
    )
    CLEAR_GOALS = (
        _("Beskriv tydelige mål for forløbet (mindst %(minimum)s tegn)."),
        "goals",
    )
    LEADER_TAKES_PART = (
        _("En leder deltager i forløbet: angiv hvilken leder."),
        "participating_leader",
    )
    PERIOD_REQUIRED = (_("Angiv den ønskede periode (start og slut)."), "wished_start")
    PERIOD_ORDER = (_("Perioden kan ikke slutte, før den begynder."), "wished_end")
    # The workflow.
    ILLEGAL_TRANSITION = (
        _("En henvendelse med status %(status)s kan ikke %(action)s."),
        None,
    )
    NOT_ALLOWED = (_("Du må ikke %(action)s henvendelsen."), None)
    ONLY_DRAFTS = (_("Kun en kladde kan redigeres; henvendelsen har status %(status)s."), None)
    REASON_REQUIRED = (_("Skriv en begrundelse for afvisningen."), "reason")
    COHORT_REQUIRED = (
        _("Vælg et eksisterende hold, eller vælg en indsats og giv det nye hold et navn."),
        "cohort",
    )
    COHORT_MUNICIPALITY = (_("Holdet hører til en anden kommune."), "cohort")


class ApplicationError(ErrorCode):
    """Substitute-fund applications (docs/support.md, "Vikarpuljen")."""

    TITLE_REQUIRED = (_("Giv ansøgningen en titel."), "title")
    DESCRIPTION_REQUIRED = (_("Beskriv projektet."), "project_description")
    PARTICIPANTS_REQUIRED = (_("Angiv deltagerne."), "participants")
    HOURS = (_("Angiv et positivt antal timer."), "hours")
    AMOUNT = (_("Angiv et positivt beløb."), "amount")
    AMOUNT_CENTS = (_("Beløbet kan højst have to decimaler (øre)."), "amount")
    PERIOD_ORDER = (_("Perioden kan ikke slutte, før den begynder."), "period_end")
    INSTITUTION = (_("Vælg en institution, du er leder af."), "institution")
    NOT_APPLICANT = (_("Kun ledere og tovholdere kan søge vikarmidler."), None)
    NOT_REVIEWER = (_("Kun administratorer og konsulenter behandler ansøgninger."), None)
    ALREADY_DECIDED = (
        _("Ansøgningen er allerede behandlet (%(status)s) og kan ikke %(action)s."),
        None,
    )
    REASON_REQUIRED = (_("Skriv en begrundelse for afslaget."), "reason")
    SOURCE_MUNICIPALITY = (_("Kilden hører til en anden kommune."), "source")
    INITIATIVE_MUNICIPALITY = (_("Indsatsen hører til en anden kommune."), "initiative")


class LocalPlanError(ErrorCode):
    """Local development plans (docs/support.md, "Lokale udviklingsplaner")."""

    INSTITUTION = (_("Vælg en institution, du er leder af."), "institution")
    SCHOOL_YEAR = (_("Skriv skoleåret som 2026/27 (to på hinanden følgende år)."), "school_year")
    EXISTS = (
        _("%(institution)s har allerede en lokal udviklingsplan for %(school_year)s."),
        "school_year",
    )
    HEADING_REQUIRED = (_("Giv afsnit %(number)s en overskrift."), None)
    INITIATIVE_MUNICIPALITY = (_("En indsats hører til en anden kommune."), "initiatives")
    NOT_ALLOWED = (_("Kun institutionens leder skriver den lokale udviklingsplan."), None)
