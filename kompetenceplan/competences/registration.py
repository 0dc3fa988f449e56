"""What competences contributes to core (called from CompetencesConfig.ready()).

Each part of the app registers its own block through its own function, so
that the parts can be written side by side."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Person

from .models import ComplianceReminder, MandatoryRule
from .permissions import COMPLIANCE


def register() -> None:
    _register_demo()
    _register_rules()
    _register_records()


# --- demo (docs/coverage.md, "Demodata") ----------------------------------------


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def _register_demo() -> None:
    """Ishøj's teaching competences and qualifications (after cohorts)."""
    registry.contribute(demo_loaders=[("competences", _load_demo, 700)])


# --- mandatory rules and compliance (docs/competences.md, "Obligatoriske regler") ------


def _register_rules() -> None:
    registry.contribute(
        navigation=[
            (
                "compliance",
                _("Obligatoriske forløb"),
                "competences:compliance_overview",
                370,
                "people",
                MandatoryRule,
                COMPLIANCE,
            ),
            (
                "mandatory_rules",
                _("Obligatoriske regler"),
                "competences:rule_list",
                375,
                "administration",
                MandatoryRule,
            ),
        ],
        front_page_panels=[
            (
                "competences.rules_compliance",
                "competences/rules_panel.html",
                _rules_panel_context,
                175,
            ),
        ],
        personal_data=[
            ("competences.compliance_reminder", ComplianceReminder, Person, "person_id", 320),
        ],
        demo_loaders=[("competences.rules", _load_rules_demo, 720)],
    )


def _rules_panel_context(request) -> dict | None:
    """The leader's front-page panel: "Obligatoriske forløb: 3 overskredet"
    (numbers only, so nothing for the read log)."""
    from .rules import leader_overdue_counts

    user = request.user
    if getattr(user, "role", None) != "leader":
        return None
    counts = leader_overdue_counts(user=user)
    overdue, due_soon = counts.get("overdue", 0), counts.get("due_soon", 0)
    if not (overdue or due_soon):
        return None
    return {"overdue": overdue, "due_soon": due_soon}


def _load_rules_demo(run: registry.DemoRun) -> None:
    from . import demo_rules

    demo_rules.load(run)


# --- records, the person panel, the completion hook (docs/competences.md) ----------


def _register_records() -> None:
    """The person page's "Kompetencer og kvalifikationer" panel, the records
    as personal data (read log), the initiative page's "Giver ved
    gennemførelse" panel and the completion hook (docs/competences.md)."""
    from django.utils.translation import gettext_lazy as _
    from django.utils.translation import gettext_noop

    from kompetenceplan.cohorts.extensions import Completion, CompletionHook, completion_hooks
    from kompetenceplan.core import registry
    from kompetenceplan.core.permissions import Action, can, has_object_permission
    from kompetenceplan.core.readlog import note_read
    from kompetenceplan.organisation.models import Person
    from kompetenceplan.plans.models import Initiative

    from .models import CompletionGrant, Qualification, TeachingCompetence

    records_label = gettext_noop("Medarbejder: Kompetencer og kvalifikationer")

    def person_records_context(request, person: Person) -> dict | None:
        from .selectors import person_records

        user = request.user
        if not can(user, TeachingCompetence, Action.VIEW):
            return None
        records = person_records(user=user, person=person)
        shown = [*records.competences, *records.qualifications]
        note_read(request, shown, label=records_label)
        from .selectors import may_record_for

        may_add = can(user, TeachingCompetence, Action.ADD) and may_record_for(
            user=user, person=person
        )
        return {
            "person": person,
            "records": records,
            "can_add": may_add,
            "can_add_qualification": may_add and can(user, Qualification, Action.ADD),
            "is_admin": getattr(user, "role", None) == "administrator",
        }

    def initiative_grant_context(request, initiative: Initiative) -> dict | None:
        from .selectors import completion_grant_of

        user = request.user
        if not can(user, CompletionGrant, Action.VIEW):
            return None
        return {
            "initiative": initiative,
            "grant": completion_grant_of(initiative),
            "can_set": can(user, CompletionGrant, Action.CHANGE)
            and has_object_permission(user, initiative, Action.CHANGE),
        }

    def run_hook(completion: Completion) -> None:
        import logging

        from .services import record_completion_qualification

        try:
            record_completion_qualification(
                course_completion_id=completion.course_completion_id,
                person_id=completion.person_id,
                initiative_id=completion.initiative_id,
                completed_on=completion.completed_on,
            )
        except Exception:  # the completion is committed; a failed record must not undo the page
            logging.getLogger(__name__).exception(
                "Kvalifikation ved gennemført kursus %s blev ikke registreret",
                completion.course_completion_id,
            )

    if "competences.records" not in completion_hooks:
        completion_hooks.register(
            CompletionHook(name="competences.records", run=run_hook, order=100)
        )
    registry.contribute(
        navigation=(
            (
                "competences_import",
                _("Import af kompetencer"),
                "competences:import",
                610,
                "administration",
                TeachingCompetence,
                Action.IMPORT,
            ),
        ),
        object_panels=(
            (
                "competences.person_records",
                Person,
                "courses",
                "competences/panels/person_records.html",
                person_records_context,
                50,
            ),
            (
                "competences.initiative_grant",
                Initiative,
                "cohorts",
                "competences/panels/initiative_grant.html",
                initiative_grant_context,
                200,
            ),
        ),
        personal_data=(
            ("competences.teaching_competence", TeachingCompetence, Person, "person_id", 400),
            ("competences.qualification", Qualification, Person, "person_id", 410),
        ),
    )
