from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class OrganisationConfig(registry.DomainAppConfig):
    name = "kompetenceplan.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        super().ready()
        from . import signals  # noqa: F401 - connects the receivers
