"""Budget pages: the overview, one funding source, allocation create / edit /
delete, and the administrators' pages for sources, their amounts and earmarks.
Each is a generic view from ``kompetenceplan.core.generic``: it loads its
object through one selector, parses a form and calls one service."""

from .allocations import AllocationCreateView, AllocationDeleteView, AllocationEditView
from .common import initiative_url
from .overview import BudgetOverviewView
from .sources import (
    BudgetCreateView,
    BudgetDeleteView,
    BudgetEditView,
    EarmarkCreateView,
    EarmarkDeleteView,
    EarmarkEditView,
    SourceCreateView,
    SourceDetailView,
    SourceEditView,
)

__all__ = [
    "AllocationCreateView",
    "AllocationDeleteView",
    "AllocationEditView",
    "BudgetCreateView",
    "BudgetDeleteView",
    "BudgetEditView",
    "BudgetOverviewView",
    "EarmarkCreateView",
    "EarmarkDeleteView",
    "EarmarkEditView",
    "SourceCreateView",
    "SourceDetailView",
    "SourceEditView",
    "initiative_url",
]
