"""Pages for institutions, teams, people and imports, on the generic views
of ``kompetenceplan.core.generic``."""

from .imports import IMPORTS, SESSION_KEY, ImportView
from .institutions import InstitutionDetailView, InstitutionListView
from .people import PersonDetailView, PersonEditView, PersonListView, PersonReadsView
from .teams import TeamCreateView, TeamDetailView, TeamEditView

__all__ = [
    "IMPORTS",
    "SESSION_KEY",
    "ImportView",
    "InstitutionDetailView",
    "InstitutionListView",
    "PersonDetailView",
    "PersonEditView",
    "PersonListView",
    "PersonReadsView",
    "TeamCreateView",
    "TeamDetailView",
    "TeamEditView",
]
