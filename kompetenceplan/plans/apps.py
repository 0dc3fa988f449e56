from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class PlansConfig(registry.DomainAppConfig):
    name = "kompetenceplan.plans"
    label = "plans"
    verbose_name = _("Planer og indsatser")
