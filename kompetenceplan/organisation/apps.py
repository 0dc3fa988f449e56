from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class OrganisationConfig(registry.DomainAppConfig):
    name = "kompetenceplan.organisation"
    label = "organisation"
    verbose_name = _("Organisation")
