"""Networks of resource persons (netværk): fixed and ad-hoc ones, their
coordinator (tovholder), members, meetings (in the shared calendar) and the
annual wheel (årshjul) per school year. See docs/networks.md."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kompetenceplan.organisation.choices import Sector

from .choices import MONTH_NAMES, NetworkKind

SCHOOL_YEAR_RE = r"^[0-9]{4}/[0-9]{2}$"


class Network(models.Model):
    """Netværk: a group of resource persons (usually one per school) with a
    coordinator. ``coordinator_title`` is the coordinator's title as the plan
    prints it ("Konsulent for sprog, læsning og skrivning"); ``coordinator``
    the user who runs it in the application (a coordinator or a consultant)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="networks",
        verbose_name=_("kommune"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("plan"),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=10, choices=NetworkKind.choices, default=NetworkKind.FIXED
    )
    sector = models.CharField(
        _("område"), max_length=10, choices=Sector.choices, default=Sector.SCHOOL
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    coordinator_title = models.CharField(_("tovholderens titel"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_networks",
        verbose_name=_("tovholder"),
    )
    meetings_per_year = models.PositiveSmallIntegerField(_("møder om året"), null=True, blank=True)
    active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("netværk")
        verbose_name_plural = _("netværk")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="network_unique_name_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person in a network, representing an institution with a resource
    function (the school's læsevejleder in the reading network)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("netværk")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name=_("medlem"),
    )
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    resource_function = models.ForeignKey(
        "organisation.ResourceFunction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ressourcefunktion"),
    )

    class Meta:
        verbose_name = _("netværksmedlem")
        verbose_name_plural = _("netværksmedlemmer")
        ordering = ["institution__name", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "person"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.network})"


class Meeting(models.Model):
    """Netværksmøde: in the shared calendar and the ICS feeds. ``sequence``
    rises with every change of time, place or agenda and with the
    cancellation, so calendars replace the event."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("netværk")
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    online_url = models.URLField(_("onlinelink"), blank=True)
    agenda = models.TextField(_("dagsorden"), blank=True)
    cancelled = models.BooleanField(_("aflyst"), default=False)
    sequence = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="meeting_period")]

    def __str__(self) -> str:
        from django.utils import timezone

        from kompetenceplan.core.formatting import long_date

        return f"{self.network}: {long_date(timezone.localtime(self.starts_at).date())}"


class WheelEntry(models.Model):
    """One month of a network's annual wheel (årshjul) for a school year."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="wheel_entries", verbose_name=_("netværk")
    )
    school_year = models.CharField(
        _("skoleår"), max_length=7, validators=[RegexValidator(SCHOOL_YEAR_RE)]
    )
    month = models.PositiveSmallIntegerField(
        _("måned"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    theme = models.CharField(_("tema"), max_length=200)
    activity = models.TextField(_("aktivitet"), blank=True)
    competence_development = models.TextField(_("kompetenceudvikling"), blank=True)

    class Meta:
        verbose_name = _("årshjulspunkt")
        verbose_name_plural = _("årshjulspunkter")
        ordering = ["school_year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "school_year", "month"], name="wheel_entry_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="wheel_entry_month_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.school_year} {MONTH_NAMES[self.month]}: {self.theme}"
