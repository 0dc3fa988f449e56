"""Requests to the resource team (ressourceteamet), substitute-fund
applications (vikarpuljen) and local development plans (docs/support.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ApplicationStatus, RequestStatus

MONEY = {"max_digits": 14, "decimal_places": 2}


class ResourceRequest(models.Model):
    """An institution's request for a practice-near process (Ishøj 1.2).

    The workflow (draft -> submitted -> accepted/declined -> planned ->
    completed) is in :mod:`.services.requests`; a planned request is linked to
    the cohort that carries it out."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.CASCADE,
        related_name="resource_requests",
        verbose_name=_("institution"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    title = models.CharField(_("titel"), max_length=200)
    community = models.TextField(_("børnefællesskab eller team"), blank=True)
    whole_community = models.BooleanField(_("handler om hele fællesskabet"), default=False)
    goals = models.TextField(_("mål"), blank=True)
    adult_team = models.TextField(_("voksenteamet, der deltager"), blank=True)
    participating_leader = models.CharField(_("leder, der deltager"), max_length=200, blank=True)
    wished_start = models.DateField(_("ønsket start"), null=True, blank=True)
    wished_end = models.DateField(_("ønsket slut"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    decline_reason = models.TextField(_("begrundelse for afvisning"), blank=True)
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hold"),
    )
    plan_note = models.TextField(_("note til planlægningen"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    status_changed_at = models.DateTimeField(
        _("status ændret"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("henvendelse til ressourceteamet")
        verbose_name_plural = _("henvendelser til ressourceteamet")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="resourcerequest_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SubstituteFundApplication(models.Model):
    """An application for substitute funds (vikarmidler, Viborg): approved
    with an allocation from a funding source under the funding rules."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="substitute_fund_applications",
        verbose_name=_("institution"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansøger"),
    )
    title = models.CharField(_("titel"), max_length=200)
    project_description = models.TextField(_("projektbeskrivelse"))
    participants = models.TextField(_("deltagere"))
    hours = models.DecimalField(_("timer"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("beløb (kr.)"), **MONEY)  # type: ignore[arg-type]
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    allocation = models.OneToOneField(
        "funding.Allocation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bevilling"),
    )
    decision_reason = models.TextField(_("begrundelse"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandlet af"),
    )
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("ansøgning om vikarmidler")
        verbose_name_plural = _("ansøgninger om vikarmidler")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="substitutefundapplication_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="substitutefundapplication_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LocalPlan(models.Model):
    """An institution's local development plan for a school year (issue 10,
    item 4): headings with text, linked initiatives, progression goals and
    needs for practice-near support. Written by the institution's leader,
    read by the administration; every save is in the change log."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.CASCADE,
        related_name="local_plans",
        verbose_name=_("institution"),
    )
    school_year = models.CharField(_("skoleår"), max_length=7)
    initiatives = models.ManyToManyField(
        "plans.Initiative", blank=True, related_name="+", verbose_name=_("indsatser")
    )
    progression_goals = models.TextField(_("progressionsmål"), blank=True)
    support_needs = models.TextField(_("behov for praksisnær understøttelse"), blank=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    class Meta:
        verbose_name = _("lokal udviklingsplan")
        verbose_name_plural = _("lokale udviklingsplaner")
        ordering = ["-school_year", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "school_year"], name="localplan_one_per_school_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution.name} {self.school_year}"


class LocalPlanSection(models.Model):
    """A heading with its text in a local plan (its own row, so the plan's
    history names the section that changed)."""

    local_plan = models.ForeignKey(
        LocalPlan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0, editable=False)
    heading = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["local_plan", "order", "id"]

    def __str__(self) -> str:
        return self.heading

    @property
    def municipality_id(self) -> int:
        return self.local_plan.municipality_id
