"""Small funding worlds for the tests: plans, initiatives and sources built
directly with the models (the plan loader is exercised by the real-data tests)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kompetenceplan.funding.models import Earmark, FundingBudget, FundingSource
from kompetenceplan.plans.choices import PeriodKind, PlanStatus
from kompetenceplan.plans.models import Initiative, Plan, number_sort_key

DATA_DIR = Path(__file__).resolve().parents[2] / "plans" / "data"


def make_plan(municipality, slug="plan-a", *, title="Plan A", status=PlanStatus.ADOPTED):
    return Plan.objects.create(
        municipality=municipality,
        slug=slug,
        title=title,
        sectors=["school"],
        period_kind=PeriodKind.CALENDAR_YEARS,
        period_start=2024,
        period_end=2026,
        status=status,
    )


def make_initiative(plan, number="1.1", *, title="Indsats", responsible_user=None):
    return Initiative.objects.create(
        plan=plan,
        number=number,
        sort_key=number_sort_key(number),
        title=title,
        responsible_user=responsible_user,
    )


def make_source(
    municipality,
    name="Puljen",
    *,
    yearly: dict[int, int] | None = None,
    periods: dict[str, int] | None = None,
    capped: bool = True,
    kind: str = "state",
    description: str = "",
) -> FundingSource:
    source = FundingSource.objects.create(
        municipality=municipality, name=name, kind=kind, capped=capped, description=description
    )
    for year, amount in (yearly or {}).items():
        FundingBudget.objects.create(source=source, year=year, amount=Decimal(amount))
    for label, amount in (periods or {}).items():
        FundingBudget.objects.create(source=source, year=None, label=label, amount=Decimal(amount))
    return source


def add_purposes(source, purposes: list[str], text: str = "") -> Earmark:
    return Earmark.objects.create(
        source=source, kind="allowed_purposes", purposes=purposes, text=text
    )


def add_share(source, purpose: str, percent: int, text: str = "") -> Earmark:
    return Earmark.objects.create(
        source=source, kind="max_share", purpose=purpose, percent=percent, text=text
    )


def load_ishoj():
    """Ishøj with the two real plan files loaded (the consultant-less way)."""
    from kompetenceplan.testing.factories import make_municipality
    from kompetenceplan.testing.plans import load_plan_file

    municipality = make_municipality("183", "Ishøj")
    plans = {}
    for slug in ("ishoj-dagtilbud-2024-2026", "ishoj-skole-2024-2026"):
        plans[slug] = load_plan_file(slug)
    return municipality, plans
