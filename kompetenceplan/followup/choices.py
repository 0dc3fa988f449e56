from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowupCategory(models.TextChoices):
    """What a follow-up kind is (seed 004's "Skolecenteropfølgning" column)."""

    ONE_TO_ONE = "one_to_one", _("1:1-samtale med skolelederen")
    TEAM_DEVELOPMENT = "team_development", _("Ledelses(team)udviklingssamtale")
    EVALUATION_LOCAL = "evaluation_local", _("Årlig evaluering på lokalt niveau")
    EVALUATION_MUNICIPAL = "evaluation_municipal", _("Årlig evaluering på kommunalt niveau")
    STRATEGY = "strategy", _("Virksomhedsstrategi")
    SPARRING = "sparring", _("Sparring og løbende opfølgning")


class FollowupScope(models.TextChoices):
    """Who meets: each school's leaders with the administration, or all the
    school leaders together."""

    PER_SCHOOL = "per_school", _("Med hver skoles ledelse")
    MUNICIPALITY = "municipality", _("Med alle skoleledere samlet")


#: The categories whose meetings are held with all school leaders together.
MUNICIPALITY_WIDE = {FollowupCategory.EVALUATION_MUNICIPAL}
