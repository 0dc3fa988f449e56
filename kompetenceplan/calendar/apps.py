from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class CalendarConfig(registry.DomainAppConfig):
    name = "kompetenceplan.calendar"
    label = "calendar"
    verbose_name = _("Kalender")
