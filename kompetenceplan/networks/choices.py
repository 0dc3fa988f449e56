from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkKind(models.TextChoices):
    """A fixed network meets all year (Ishøj's 14 school networks); an ad-hoc
    one (Viborg's "bobler") forms on the members' own initiative for a while."""

    FIXED = "fixed", _("Fast netværk")
    AD_HOC = "ad_hoc", _("Ad hoc-netværk (boble)")


#: The annual wheel's months in school-year order (August first).
SCHOOL_YEAR_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)

MONTH_NAMES = {
    1: _("januar"),
    2: _("februar"),
    3: _("marts"),
    4: _("april"),
    5: _("maj"),
    6: _("juni"),
    7: _("juli"),
    8: _("august"),
    9: _("september"),
    10: _("oktober"),
    11: _("november"),
    12: _("december"),
}
