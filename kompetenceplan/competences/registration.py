"""What competences contributes to the other apps (called from
CompetencesConfig.ready()). Each part registers in its own function, so the
parts' registrations stay separate: ``_register_records()`` (records, the
person panel, the completion hook, the initiative's completion grant)."""

from __future__ import annotations


def register() -> None:
    _register_records()


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
