"""The cohorts' vocabularies, with the Danish words users see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentMode(models.TextChoices):
    """Who may put a person on a cohort."""

    OPEN = "open", _("Åben for målgruppen")
    NOMINATION = "nomination", _("Lederen indstiller")
    APPROVAL = "approval", _("Ansøgning med lederens godkendelse")


class SessionKind(models.TextChoices):
    COURSE_DAY = "course_day", _("Kursusdag")
    MORNING = "morning", _("Formiddag")
    AFTER_WORK = "after_work", _("Fyraftensmøde")
    LEARNING_DAY = "learning_day", _("Læringsdag")
    NETWORK_MEETING = "network_meeting", _("Netværksmøde")
    ONLINE = "online", _("Online")


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Afventer godkendelse")
    ENROLLED = "enrolled", _("Tilmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")
    DECLINED = "declined", _("Afvist")
    NO_SHOW = "no_show", _("Udeblevet")
    COMPLETED = "completed", _("Gennemført")
    INCOMPLETE = "incomplete", _("Ikke gennemført")


#: A person holds at most one enrolment in these per cohort.
ACTIVE_STATUSES = (
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.NO_SHOW,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.INCOMPLETE,
)
#: These take one of the cohort's seats (a no-show was given the seat).
SEATED_STATUSES = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.NO_SHOW,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.INCOMPLETE,
)
#: These are judged by the completion rule (a no-show was never there).
JUDGED_STATUSES = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.INCOMPLETE,
)


class FillStatus(models.TextChoices):
    """How full a cohort is (the list's filter)."""

    OPEN = "open", _("Ledige pladser")
    FULL = "full", _("Fuldt")
    WAITLIST = "waitlist", _("Venteliste")
    BELOW_MINIMUM = "below_minimum", _("Under minimum")
