"""Writes to funding, one module per aggregate: allocations, sources, their
amounts (budgets) and earmarks. The shared rule wiring (locks, the balance and
earmark checks, the Danish messages with figures) is in :mod:`._checks`; the
arithmetic is in :mod:`kompetenceplan.funding.balance`.

Import from here: ``from kompetenceplan.funding.services import allocation_create``.
"""

from ._checks import MAX_AMOUNT, OverspendError
from .allocations import allocation_create, allocation_delete, allocation_update
from .budgets import budget_delete, budget_set
from .earmarks import EARMARK_FIELDS, earmark_create, earmark_delete, earmark_update
from .sources import SOURCE_FIELDS, source_create, source_update

__all__ = [
    "EARMARK_FIELDS",
    "MAX_AMOUNT",
    "SOURCE_FIELDS",
    "OverspendError",
    "allocation_create",
    "allocation_delete",
    "allocation_update",
    "budget_delete",
    "budget_set",
    "earmark_create",
    "earmark_delete",
    "earmark_update",
    "source_create",
    "source_update",
]
