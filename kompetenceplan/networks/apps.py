from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class NetworksConfig(registry.DomainAppConfig):
    name = "kompetenceplan.networks"
    label = "networks"
    verbose_name = _("Netværk")
