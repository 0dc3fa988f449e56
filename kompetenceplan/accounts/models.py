"""Users, their municipality (tenant), role and institution scope."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.choices import Role


class User(AbstractUser):
    """A person who logs in. Belongs to exactly one municipality.

    ``role`` decides what the user may do (see ``docs/permissions.md``);
    ``institutions`` is the scope of a leader; ``person`` links a staff user to
    their own record.
    """

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kommune"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.STAFF)
    institutions = models.ManyToManyField(
        "organisation.Institution",
        blank=True,
        related_name="leaders",
        verbose_name=_("institutioner (lederens ansvarsområde)"),
    )
    person = models.OneToOneField(
        "organisation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("medarbejder"),
    )

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def institution_ids(self) -> list[int]:
        """Ids of the institutions a leader is responsible for (cached per request)."""
        cached = getattr(self, "_institution_ids", None)
        if cached is None:
            cached = list(self.institutions.values_list("id", flat=True)) if self.pk else []
            self._institution_ids = cached
        return cached
