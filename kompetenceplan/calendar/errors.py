"""Calendar's error codes (see :mod:`kompetenceplan.core.errors`)."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class CalendarError(ErrorCode):
    FEED_KIND = (_("Ukendt kalendertype."), "kind")
    FEED_INSTITUTION_REQUIRED = (_("Vælg en institution."), "institution")
    FEED_INSTITUTION_NOT_ALLOWED = (
        _("Kun institutionens ledere og administratorer kan abonnere på dens kalender."),
        "institution",
    )
    FEED_INSTITUTION_MUNICIPALITY = (_("Institutionen hører til en anden kommune."), "institution")
    FEED_NO_MUNICIPALITY = (_("Brugeren hører ikke til en kommune."), None)
    BAD_MONTH = (
        _("“%(value)s” er ikke en måned. Skriv måneden som år og måned, fx 2025-09."),
        "maaned",
    )
    BAD_WEEK = (_("“%(value)s” er ikke en uge. Skriv ugen som år og uge, fx 2025-W31."), "uge")
    BAD_DATE = (_("“%(value)s” er ikke en dato. Skriv datoen som 2025-09-03."), "fra")
