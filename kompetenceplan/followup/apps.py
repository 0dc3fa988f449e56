from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class FollowupConfig(registry.DomainAppConfig):
    name = "kompetenceplan.followup"
    label = "followup"
    verbose_name = _("Opfølgning")
