"""Loading a plan data file: the plan's structure (plans) and its money
(funding), in one transaction, all or nothing.

This module stands at funding's level because it needs both apps: plans
does not import funding. Every word in the file is checked before anything
is written; a reload that would delete an initiative a user has allocated
money to is refused with the allocations named.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.formatting import kr
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.plan_funding import plan_funding_load
from kompetenceplan.funding.selectors import (
    plan_document_allocations_of_removed,
    plan_funding_problems,
)
from kompetenceplan.funding.services import allocation_delete
from kompetenceplan.plans.extensions import plan_data_parts
from kompetenceplan.plans.models import Plan, plan_item_keys
from kompetenceplan.plans.selectors import plan_data_problems
from kompetenceplan.plans.services import plan_load


def plan_document_load(
    *, actor: Actor, data: dict[str, Any], file_name: str = ""
) -> tuple[Plan, bool]:
    """Create or update a plan and its money from the data of one plan file.

    Refused (ValidationError, nothing written) when a word cannot be mapped,
    naming the file, the initiative number and the word, and when the reload
    would delete an initiative with allocations that users made. Returns the
    plan and whether anything changed.
    """
    file_name = file_name or f"{data.get('slug')}.yaml"
    problems = plan_data_problems(data=data, file_name=file_name) + plan_funding_problems(
        data=data, file_name=file_name
    )
    for part in plan_data_parts:
        problems += part.problems(data, file_name)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(code=str(data["municipality"]))
        plan = Plan.objects.filter(municipality=municipality, slug=data["slug"]).first()
        removed_changed = False
        if plan is not None:
            keys = set(plan_item_keys(data.get("initiatives") or []))
            removed = plan_document_allocations_of_removed(plan=plan, keys=keys)
            own = [a for a in removed if not a.from_plan_document]
            if own:
                raise ValidationError(
                    _(
                        "%(file)s: planen kan ikke genindlæses, fordi indsatser, som filen ikke "
                        "længere har, har bevillinger (flyt eller slet dem først): %(allocations)s"
                    )
                    % {
                        "file": file_name,
                        "allocations": "; ".join(_allocation_text(a) for a in own),
                    }
                )
            for allocation in removed:
                allocation_delete(actor=actor, allocation=allocation)
                removed_changed = True
        plan, structure_changed = plan_load(actor=actor, data=data, file_name=file_name)
        money_changed = plan_funding_load(actor=actor, plan=plan, data=data, file_name=file_name)
        # The parts of the file that apps above funding load (coverage targets).
        parts_changed = False
        for part in plan_data_parts:
            parts_changed = part.load(actor, plan, data, file_name) or parts_changed
    return plan, structure_changed or money_changed or removed_changed or parts_changed


def _allocation_text(allocation: Allocation) -> str:
    """'indsats 1.5, Flere hænder i PPR, 2025, 150.000 kr.'"""
    return _("indsats %(number)s, %(source)s, %(year)s, %(amount)s") % {
        "number": allocation.initiative.number,
        "source": allocation.source.name,
        "year": allocation.year if allocation.year is not None else _("uden år"),
        "amount": kr(allocation.amount) if allocation.amount is not None else _("uden beløb"),
    }
