"""Fixtures for the reports tests: jobs run inline, the real Ishøj plans, and a
small plan with money for the job pages."""

from decimal import Decimal

import pytest
from django.db import transaction

from kompetenceplan.funding.models import Allocation, FundingBudget, FundingSource
from kompetenceplan.plans.choices import PeriodKind, PlanStatus
from kompetenceplan.plans.models import FocusArea, Initiative, Plan, number_sort_key
from kompetenceplan.reports.selectors import plan_document_data
from kompetenceplan.testing.factories import make_municipality
from kompetenceplan.testing.plans import load_plan_file

ISHOJ_PLANS = ("ishoj-skole-2024-2026", "ishoj-dagtilbud-2024-2026")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    settings.TASKS = IMMEDIATE


def load_ishoj_plans() -> dict[str, Plan]:
    make_municipality("183", "Ishøj")
    return {name: load_plan_file(name) for name in ISHOJ_PLANS}


@pytest.fixture
def ishoj_plans(db) -> dict[str, Plan]:
    """The two real Ishøj plans (about half a second)."""
    return load_ishoj_plans()


@pytest.fixture(scope="module")
def ishoj_document_data(django_db_setup, django_db_blocker) -> dict[str, dict]:
    """plan_document_data of both Ishøj plans, computed once per module inside a
    transaction that is rolled back, so nothing is left in the database."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = {name: plan_document_data(plan) for name, plan in load_ishoj_plans().items()}
        transaction.set_rollback(True)
    return data


def make_plan(
    municipality,
    *,
    slug="plan",
    title="Kompetenceplan for skoler",
    status=PlanStatus.ADOPTED,
    initiatives=2,
    source=None,
) -> Plan:
    """A plan with one focus area and ``initiatives`` initiatives, each with
    one 10.000 kr. allocation from ``source`` in 2025."""
    plan = Plan.objects.create(
        municipality=municipality,
        slug=slug,
        title=title,
        sectors=["school"],
        period_kind=PeriodKind.CALENDAR_YEARS,
        period_start=2025,
        period_end=2026,
        status=status,
        introduction="Indledningen.\n\n- Første punkt\n- Andet punkt",
    )
    area = FocusArea.objects.create(
        plan=plan,
        number="1",
        title="Stærke Fællesskaber",
        statements_heading="Sådan ser det ud",
        statements=["Plads til alle"],
    )
    add_initiatives(plan, area, initiatives, source=source)
    return plan


def add_initiatives(plan, area, count: int, *, source=None, start: int = 1) -> None:
    for n in range(start, start + count):
        number = f"1.{n}"
        initiative = Initiative.objects.create(
            plan=plan,
            number=number,
            sort_key=number_sort_key(number),
            focus_area=area,
            title=f"Indsats nummer {n}",
            background="Baggrunden.",
            target_group_text="Lærere.",
            time_text="",
            time_undetermined=True,
            economy_text="10.000 kr. fra puljen.",
        )
        if source is not None:
            Allocation.objects.create(
                source=source, initiative=initiative, year=2025, amount=Decimal(10000)
            )


@pytest.fixture
def pool(world) -> FundingSource:
    source = FundingSource.objects.create(
        municipality=world.ishoj, name="Kompetencepuljen", kind="municipal", capped=True
    )
    FundingBudget.objects.create(source=source, year=2025, amount=Decimal(1165000))
    return source


@pytest.fixture
def plans(world, pool):
    """An adopted and a draft plan in Ishøj, and an adopted plan in Horsens."""
    return {
        "adopted": make_plan(world.ishoj, slug="vedtaget", source=pool),
        "draft": make_plan(
            world.ishoj, slug="udkast", title="Udkast til plan", status=PlanStatus.DRAFT
        ),
        "horsens": make_plan(world.horsens, slug="horsens", title="Horsens plan"),
    }
