"""Loading the transcribed plan files in tests.

The plan files name institutions (Ishøj school plan 2.6 names four schools);
the loader refuses names the municipality does not have, so the helper
creates the named institutions first (as the organisation import would).
"""

from __future__ import annotations

from kompetenceplan.core.models import Municipality
from kompetenceplan.funding.plan_loading import plan_document_load
from kompetenceplan.organisation.models import Institution
from kompetenceplan.plans.demo import DATA_DIR, read_plan_file
from kompetenceplan.plans.models import Plan

from .factories import make_institution


def plan_data(slug: str) -> dict:
    return read_plan_file(DATA_DIR / f"{slug}.yaml")


def named_institutions_ensure(data: dict) -> None:
    """Create the institutions ``data`` names that its municipality lacks."""
    municipality = Municipality.objects.get(code=str(data["municipality"]))
    have = {
        n.lower()
        for n in Institution.objects.filter(municipality=municipality).values_list(
            "name", flat=True
        )
    }
    for item in data.get("initiatives") or []:
        for name in (item.get("target_group") or {}).get("institutions") or []:
            if name.lower() not in have:
                make_institution(municipality, name)
                have.add(name.lower())


def load_plan_file(slug: str, *, actor=None, data: dict | None = None) -> Plan:
    """Load one plan file (structure and money) as ``load_plan`` does."""
    data = data if data is not None else plan_data(slug)
    named_institutions_ensure(data)
    plan, _changed = plan_document_load(actor=actor, data=data, file_name=f"{slug}.yaml")
    return plan
