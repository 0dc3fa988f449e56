"""Plans' error codes: each refusal's Danish message and the form field it
belongs to (see :mod:`kompetenceplan.core.errors`). The services raise them;
the forms carry no business message."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class PlansError(ErrorCode):
    PERIOD_END_BEFORE_START = (_("Slutåret ligger før startåret."), "period_end")
    FOCUS_AREA_OTHER_PLAN = (_("Indsatsområdet hører til en anden plan."), "focus_area")
    INITIATIVE_NUMBER_TAKEN = (_("Planen har allerede en indsats nummer %(number)s."), "number")
    FOCUS_AREA_NUMBER_TAKEN = (
        _("Planen har allerede et indsatsområde nummer %(number)s."),
        "number",
    )
    OTHER_MUNICIPALITY = (_("Et af valgene findes ikke i planens kommune."), None)
    SLUG_TAKEN = (_("Der findes allerede en plan med kortnavnet “%(slug)s”."), "slug")
