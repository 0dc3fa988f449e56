"""Funding's error codes: each refusal's Danish message and the form field it
belongs to (see :mod:`kompetenceplan.core.errors`). The services raise them;
the forms carry no business message."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class FundingError(ErrorCode):
    # Amounts (allocations and a source's amounts)
    AMOUNT = (_("Beløbet er ugyldigt."), "amount")
    AMOUNT_REQUIRED = (_("Angiv et beløb."), "amount")
    AMOUNT_NEGATIVE = (_("Beløbet kan ikke være negativt."), "amount")
    AMOUNT_TOO_LARGE = (_("Beløbet er for stort."), "amount")
    AMOUNT_CENTS = (_("Beløbet kan højst have to decimaler (øre)."), "amount")
    # Allocations
    MUNICIPALITY = (_("Kilden hører til en anden kommune."), None)
    EARMARK = (_("%(source)s må kun finansiere: %(purposes)s. Vælg et af formålene."), "purpose")
    EARMARK_SHARE_YEAR = (
        _(
            "Højst %(percent)s %% af %(source)s i %(year)s må gå til %(purpose)s (%(limit)s); "
            "med denne bevilling bliver det %(total)s"
        ),
        "purpose",
    )
    EARMARK_SHARE = (
        _(
            "Højst %(percent)s %% af %(source)s i alt må gå til %(purpose)s (%(limit)s); "
            "med denne bevilling bliver det %(total)s"
        ),
        "purpose",
    )
    # Caps (an administrator may override; the refusal names the figures)
    OVERSPEND = (
        _(
            "Bevillingen overskrider %(source)s (%(details)s). En administrator kan godkende "
            "overskridelsen med en begrundelse."
        ),
        None,
    )
    OVERSPEND_CAPPED = (
        _(
            "Med loft er der bevilget mere fra %(source)s, end kilden har "
            "(%(details)s). En administrator kan godkende overskridelsen med en "
            "begrundelse."
        ),
        None,
    )
    OVERSPEND_BUDGET = (
        _(
            "Med dette beløb er der bevilget mere fra %(source)s, end kilden har "
            "(%(details)s). En administrator kan godkende overskridelsen med en begrundelse."
        ),
        None,
    )
    OVERSPEND_BUDGET_DELETE = (
        _(
            "Uden dette beløb er der bevilget mere fra %(source)s, end kilden har "
            "(%(details)s). En administrator kan godkende overskridelsen med en begrundelse."
        ),
        None,
    )
    # Sources
    NAME_REQUIRED = (_("Kilden skal have et navn."), "name")
    NAME_TOO_LONG = (_("Navnet må højst være på %(max)d tegn."), "name")
    NAME_TAKEN = (_("Der findes allerede en finansieringskilde med navnet “%(name)s”."), "name")
    KIND = (_("Vælg en gyldig type."), "kind")
    # A source's amounts
    PERIOD_REQUIRED = (_("Angiv et år eller en periode."), "year")
    PERIOD_BOTH = (_("Angiv enten et år eller en periode, ikke begge."), "label")
    LABEL_TOO_LONG = (_("Perioden må højst være på %(max)d tegn."), "label")
    BUDGET_OTHER_SOURCE = (_("Beløbet hører ikke til kilden."), None)
    BUDGET_TAKEN = (
        _("%(source)s har allerede et beløb for %(period)s. Redigér det i stedet."),
        "year",
    )
    BUDGET_GONE = (_("Beløbet er allerede slettet."), None)
    # Earmarks
    EARMARK_KIND = (_("Vælg en gyldig type øremærkning."), "kind")
    PURPOSES_REQUIRED = (_("Angiv mindst ét tilladt formål."), "purposes")
    PURPOSES_TOO_LONG = (_("Et formål må højst være på %(max)d tegn: “%(purpose)s”."), "purposes")
    PURPOSE_REQUIRED = (_("Angiv formålet, andelen gælder."), "purpose")
    PURPOSE_TOO_LONG = (_("Formålet må højst være på %(max)d tegn."), "purpose")
    PERCENT_REQUIRED = (_("Angiv en procentsats."), "percent")
    PERCENT_RANGE = (_("Procentsatsen skal være mellem 0 og 100."), "percent")
    PERCENT_CENTS = (_("Procentsatsen kan højst have to decimaler."), "percent")
    # Existing allocations that a change would make break an earmark (no override)
    BREACH = (_("%(prefix)s %(message)s"), None)
    BREACH_PURPOSES = (
        _(
            "Disse bevillinger fra %(source)s har et formål, som ikke er på listen: "
            "%(allocations)s. Ret bevillingerne eller listen først."
        ),
        None,
    )
    BREACH_SHARE_YEAR = (
        _(
            "Højst %(percent)s %% af %(source)s i %(year)s må gå til %(purpose)s (%(limit)s), "
            "men disse bevillinger giver %(used)s: %(allocations)s. Ret bevillingerne først."
        ),
        None,
    )
    BREACH_SHARE = (
        _(
            "Højst %(percent)s %% af %(source)s i alt må gå til %(purpose)s (%(limit)s), "
            "men disse bevillinger giver %(used)s: %(allocations)s. Ret bevillingerne først."
        ),
        None,
    )
    BUDGET_NOT_SAVED = (_("Beløbet kan ikke gemmes."), None)
    BUDGET_NOT_DELETED = (_("Beløbet kan ikke slettes."), None)
    EARMARK_NOT_SAVED = (_("Øremærkningen kan ikke gemmes."), None)
