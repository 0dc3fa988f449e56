import pytest

from kompetenceplan.plans.demo import DATA_DIR, read_plan_file
from kompetenceplan.plans.services import plan_load
from kompetenceplan.testing.factories import make_municipality


@pytest.fixture
def ishoj_plans(world):
    """The two real Ishøj plans loaded into the `world` fixture's Ishøj."""
    plans = {}
    for name in ("ishoj-skole-2024-2026", "ishoj-dagtilbud-2024-2026"):
        plans[name], _changed = plan_load(
            actor=None, data=read_plan_file(DATA_DIR / f"{name}.yaml")
        )
    return plans


@pytest.fixture
def all_plans(ishoj_plans):
    make_municipality("791", "Viborg")
    for name in ("horsens-strategi-2017", "viborg-skole-2014-2020"):
        ishoj_plans[name], _changed = plan_load(
            actor=None, data=read_plan_file(DATA_DIR / f"{name}.yaml")
        )
    return ishoj_plans
