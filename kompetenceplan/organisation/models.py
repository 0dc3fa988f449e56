"""Institutions, teams, people, employments, job roles and resource functions."""

from typing import Any

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import InstitutionKind, RoleCategory, Sector


class JobRole(models.Model):
    """Stilling: lærer, pædagog, pædagogmedhjælper, PAU, dagplejer, skoleleder ...

    Shared vocabulary across municipalities (the names come from the
    collective agreements), matched case-insensitively on import. National by
    nature, so the one model of reference data without a municipality
    (docs/adr/0013-reference-data-per-municipality.md).
    """

    name = models.CharField(_("navn"), max_length=80, unique=True)
    category = models.CharField(
        _("kategori"), max_length=20, choices=RoleCategory.choices, default=RoleCategory.PEDAGOGICAL
    )
    is_leader = models.BooleanField(_("lederstilling"), default=False)

    class Meta:
        verbose_name = _("stilling")
        verbose_name_plural = _("stillinger")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceFunction(models.Model):
    """Ressourceperson / vejleder: læsevejleder, matematikvejleder, DSA-vejleder ...

    A municipality's own list (docs/adr/0013-reference-data-per-municipality.md):
    every municipality starts with the common functions
    (``reference.RESOURCE_FUNCTIONS``) and may have its own (ICDP-træner);
    another municipality never sees them. Read through
    ``selectors.resource_functions_of``.
    """

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="resource_functions",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=80)
    sector = models.CharField(
        _("område"), max_length=10, choices=Sector.choices, default=Sector.SCHOOL
    )

    class Meta:
        verbose_name = _("ressourcefunktion")
        verbose_name_plural = _("ressourcefunktioner")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="resourcefunction_unique_name_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    """A school, daycare institution, dagpleje, SFO, youth school, competence
    centre or administration unit within a municipality."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="institutions",
        verbose_name=_("kommune"),
    )
    number = models.CharField(
        _("institutionsnummer"),
        max_length=10,
        validators=[RegexValidator(r"^[0-9A-Za-z-]{1,10}$", _("Ugyldigt institutionsnummer."))],
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=InstitutionKind.choices)
    sector = models.CharField(_("område"), max_length=10, choices=Sector.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hører under"),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutioner")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="institution_unique_number_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """Årgangsteam, fagteam or stue: the smallest unit of competence development."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="teams", verbose_name=_("institution")
    )
    name = models.CharField(_("navn"), max_length=100)
    members: models.ManyToManyField["Person", Any] = models.ManyToManyField(
        "Person", blank=True, related_name="teams", verbose_name=_("medlemmer")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="team_unique_name_per_institution"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"

    @property
    def municipality_id(self) -> int:
        return self.institution.municipality_id


class Person(models.Model):
    """A member of staff (medarbejder). Personal data: reads are logged."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("kommune"),
    )
    employee_number = models.CharField(_("medarbejdernummer"), max_length=30)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    resource_functions = models.ManyToManyField(
        ResourceFunction, blank=True, related_name="people", verbose_name=_("ressourcefunktioner")
    )

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        ordering = ["last_name", "first_name", "employee_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "employee_number"], name="person_unique_employee_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class Employment(models.Model):
    """Ansættelse: a person's engagement at an institution in a job role.

    A person can hold several at once; ``start_date`` drives new-hire rules and
    an empty ``end_date`` means still employed.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="employments", verbose_name=_("medarbejder")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name=_("institution"),
    )
    job_role = models.ForeignKey(
        JobRole, on_delete=models.PROTECT, related_name="employments", verbose_name=_("stilling")
    )
    start_date = models.DateField(_("ansat fra"))
    end_date = models.DateField(_("ansat til"), null=True, blank=True)
    weekly_hours = models.DecimalField(
        _("timer pr. uge"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("ansættelse")
        verbose_name_plural = _("ansættelser")
        ordering = ["-start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "institution", "job_role", "start_date"],
                name="employment_unique_natural_key",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.job_role} ({self.institution})"

    @property
    def municipality_id(self) -> int:
        return self.person.municipality_id
