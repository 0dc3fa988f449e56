"""Who may see and change subjects, teaching competences, qualifications and
mandatory rules (the gate's scopes; docs/permissions.md, docs/competences.md).

- Subjects and guideline hours are national reference data: everyone signed
  in reads them; nobody changes them in the UI (data migrations do).
- Teaching competences and qualifications are personal data. Administrators
  and consultants read the municipality's; leaders read and change those of
  the people employed at their institutions (a leader assesses tilsvarende
  kompetence for their own teachers); staff read their own. Administrators
  change all (and import them). A leader changes and removes only assessed
  (tilsvarende) competences: a formal one (undervisningskompetence from the
  teacher education) is outside the leader's change scope (404), and the
  services refuse a leader who sets the formal level.
- What completing an initiative grants: read by planners; set by those who
  change the initiative (administrators; the responsible consultant).
- Mandatory rules: read by administrators, consultants and leaders; set by
  administrators and consultants. The compliance lists (action
  ``compliance``): planners all institutions', leaders their own
  institutions'. Reminders: planners see all, leaders those of their own
  people.
"""

from typing import Any

from django.db.models import Q, QuerySet

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope
from kompetenceplan.organisation.models import Person
from kompetenceplan.organisation.permissions import leader_people_q
from kompetenceplan.plans.permissions import PLANNERS

from .choices import CompetenceLevel
from .models import (
    CompletionGrant,
    ComplianceReminder,
    GuidelineHours,
    GuidelineTable,
    MandatoryRule,
    Qualification,
    Subject,
    TeachingCompetence,
)

READ = (Action.VIEW, Action.EXPORT)

#: The compliance pages' action on MandatoryRule (competences/rules.py):
#: planners see every institution's list, leaders their own institutions'.
COMPLIANCE = "compliance"


def national_reference_scope(user: User, action: str) -> Q | None:
    if action in READ and user.municipality_id:
        return Q()
    return None


for _model in (Subject, GuidelineTable, GuidelineHours):
    register_scope(_model)(national_reference_scope)


def person_records_q(user: User, action: str, prefix: str = "") -> Q | None:
    """Records about a person (competences, qualifications, reminders)."""
    own = municipality_q(user, f"{prefix}municipality")
    if user.role == Role.ADMINISTRATOR:
        return own
    if user.role == Role.CONSULTANT and action in READ:
        return own
    if user.role == Role.LEADER and action in (*READ, Action.ADD, Action.CHANGE, Action.DELETE):
        # leader_people_q filters Person; re-root it on the record's person.
        return own & Q(**{f"{prefix}person__in": _people(leader_people_q(user))})
    if user.role in (Role.STAFF, Role.COORDINATOR) and action == Action.VIEW and user.person_id:
        return own & Q(**{f"{prefix}person_id": user.person_id})
    return None


def _people(q: Q) -> QuerySet[Person, Any]:
    return Person.objects.filter(q).values("pk")


def records_person_q(user: User, action: str) -> Q | None:
    """The people the user may ``action`` records about, as a filter on
    Person (the pages that add a record for a person in the URL)."""
    own = municipality_q(user)
    if user.role == Role.ADMINISTRATOR:
        return own
    if user.role == Role.CONSULTANT and action in READ:
        return own
    if user.role == Role.LEADER and action in (*READ, Action.ADD, Action.CHANGE, Action.DELETE):
        return own & leader_people_q(user)
    if user.role in (Role.STAFF, Role.COORDINATOR) and action == Action.VIEW and user.person_id:
        return own & Q(pk=user.person_id)
    return None


@register_scope(TeachingCompetence)
def teaching_competence_scope(user: User, action: str) -> Q | None:
    q = person_records_q(user, action)
    if q is not None and user.role == Role.LEADER and action in (Action.CHANGE, Action.DELETE):
        return q & Q(level=CompetenceLevel.ASSESSED)
    return q


@register_scope(Qualification)
def qualification_scope(user: User, action: str) -> Q | None:
    return person_records_q(user, action)


@register_scope(CompletionGrant)
def completion_grant_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user, "initiative__plan__municipality")
    if user.role not in PLANNERS:
        return None
    if action in READ or user.role == Role.ADMINISTRATOR:
        return own
    return own & Q(initiative__responsible_user=user)


@register_scope(MandatoryRule)
def mandatory_rule_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER and action in (*READ, COMPLIANCE):
        return own
    return None


@register_scope(ComplianceReminder)
def compliance_reminder_scope(user: User, action: str) -> Q | None:
    if action not in READ:
        return None  # written by the reminder task only
    own = municipality_q(user, "rule__municipality")
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER:
        return own & Q(person__in=_people(leader_people_q(user)))
    return None
