"""What the calendar contributes to core (called from CalendarConfig.ready()):
the "Kalender" navigation entry. Event sources are registered by the apps
that own the events (see :mod:`kompetenceplan.calendar.events`)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry

from .models import CalendarFeed

#: (name, label, URL name, order, group, model[, action]) of each side-navigation entry.
NAVIGATION = (("calendar", _("Kalender"), "calendar:month", 250, "courses", CalendarFeed),)


def register() -> None:
    registry.contribute(navigation=NAVIGATION)
