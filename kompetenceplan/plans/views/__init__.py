"""Plans, the catalogue and initiatives, on the generic views of
``kompetenceplan.core.generic``."""

from .catalogue import CatalogueView
from .initiatives import InitiativeDetailView, InitiativeEditView
from .plans import (
    FocusAreaFormView,
    InitiativeCreateView,
    PlanCopyView,
    PlanDetailView,
    PlanEditView,
    PlanHistoryView,
    PlanListView,
)

__all__ = [
    "CatalogueView",
    "FocusAreaFormView",
    "InitiativeCreateView",
    "InitiativeDetailView",
    "InitiativeEditView",
    "PlanCopyView",
    "PlanDetailView",
    "PlanEditView",
    "PlanHistoryView",
    "PlanListView",
]
