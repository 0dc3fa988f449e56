import pytest

from kompetenceplan.testing.factories import make_municipality
from kompetenceplan.testing.plans import load_plan_file


@pytest.fixture
def ishoj_plans(world):
    """The two real Ishøj plans loaded into the `world` fixture's Ishøj."""
    return {
        name: load_plan_file(name)
        for name in ("ishoj-skole-2024-2026", "ishoj-dagtilbud-2024-2026")
    }


@pytest.fixture
def all_plans(ishoj_plans):
    make_municipality("791", "Viborg")
    for name in ("horsens-strategi-2017", "viborg-skole-2014-2020"):
        ishoj_plans[name] = load_plan_file(name)
    return ishoj_plans
