"""Demo plans: the four transcribed plan documents in plans/data/.

Plans loads the structure of each plan; the money in the files is loaded by
``funding.demo`` (which stands above plans) through ``funding.plan_loading``.
"""

from pathlib import Path

import yaml

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role

from .models import Initiative
from .services import initiative_update, plan_load

DATA_DIR = Path(__file__).resolve().parent / "data"


def plan_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def read_plan_file(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load(stdout=None) -> None:
    """The plans' structure (no money; see funding.demo)."""
    for path in plan_files():
        plan, changed = plan_load(actor=None, data=read_plan_file(path), file_name=path.name)
        if stdout:
            state = "indlæst" if changed else "uændret"
            stdout.write(f"  Plan {plan.title} ({plan.initiatives.count()} indsatser): {state}")
    assign_demo_consultant()


def assign_demo_consultant() -> None:
    """The demo consultant is responsible for the school plan's focus area 2."""
    consultant = User.objects.filter(username="ishoj-konsulent", role=Role.CONSULTANT).first()
    if consultant:
        for initiative in Initiative.objects.filter(
            plan__slug="ishoj-skole-2024-2026",
            plan__municipality__code="183",
            number__startswith="2.",
        ).exclude(responsible_user=consultant):
            initiative_update(
                actor=None, initiative=initiative, data={"responsible_user": consultant}
            )
