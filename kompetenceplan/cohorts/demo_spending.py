"""Demo spending for Ishøj's cohorts: substitute rates for teachers and
pædagoger in 2025, 2026 and 2027 (the coming cohorts' sessions), and a few expenses of the language course against
its initiative's allocation, so the budget's "Forbrugt" column shows
something. Written through the services; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from kompetenceplan.core import registry
from kompetenceplan.funding.models import Allocation
from kompetenceplan.organisation.models import JobRole

from . import services_spending
from .models import Cohort, Expense, ExpenseKind, SubstituteRate

RATES = {"Lærer": Decimal("385.50"), "Pædagog": Decimal("310.00")}
EXPENSES = (
    (ExpenseKind.PROVIDER_FEE, Decimal("48000.00"), dt.date(2025, 9, 30), "Absalon, 1. rate"),
    (ExpenseKind.VENUE, Decimal("6250.50"), dt.date(2025, 9, 23), "Ishøjgård, 1. kursusdag"),
    (ExpenseKind.MATERIALS, Decimal("3125.00"), dt.date(2025, 9, 15), "Bøger til 25 deltagere"),
)


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get("183")
    if ishoj is None:
        return
    with transaction.atomic():
        for name, rate in RATES.items():
            role = JobRole.objects.filter(name=name).first()
            for year in (2025, 2026, 2027):
                if (
                    role is not None
                    and not SubstituteRate.objects.filter(
                        municipality=ishoj, job_role=role, year=year
                    ).exists()
                ):
                    services_spending.substitute_rate_set(
                        actor=None, municipality=ishoj, job_role=role, year=year, hourly_rate=rate
                    )
        cohort = (
            Cohort.objects.filter(municipality=ishoj, initiative__number="2.2")
            .order_by("pk")
            .first()
        )
        if cohort is None or Expense.objects.filter(cohort__municipality=ishoj).exists():
            return
        allocation = (
            Allocation.objects.filter(initiative_id=cohort.initiative_id, amount__gt=0)
            .order_by("year", "order", "pk")
            .first()
        )
        if allocation is None:
            return
        for kind, amount, date, note in EXPENSES:
            services_spending.expense_create(
                actor=None,
                cohort=cohort,
                allocation=allocation,
                kind=kind,
                amount=amount,
                date=date,
                note=note,
            )
    run.write("Udgifter: vikartimesatser og udgifter til sprogkurset i Ishøj")
