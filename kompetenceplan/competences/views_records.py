"""The competence record pages: a person's teaching competence (add, change,
remove; the leader's assessment of tilsvarende kompetence), qualifications
(add, change, remove), the leader's one-click confirmation of a KiU course, and
what completing an initiative grants (docs/competences.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from kompetenceplan.core.formatting import long_date
from kompetenceplan.core.generic import HOME, TITLE, Crumb, ObjectDeleteView, ObjectFormView
from kompetenceplan.core.permissions import Action
from kompetenceplan.organisation.models import Person
from kompetenceplan.plans import selectors as plan_selectors

from . import selectors, services
from .choices import CompetenceLevel
from .forms import CompetenceForm, CompletionGrantForm, QualificationForm
from .models import CompletionGrant, Qualification, TeachingCompetence
from .record_rules import may_write_formal

PEOPLE = Crumb(gettext_lazy("Medarbejdere"), "organisation:person_list")
PERSON = Crumb(obj="person", url="organisation:person_detail")
COMPETENCE_FIELDS = ("subject", "level", "basis", "assessed_on", "note")
QUALIFICATION_FIELDS = ("kind", "title", "subject", "obtained_on")
PANEL_ANCHOR = "#kompetencer"


def person_url(person_id: int) -> str:
    return reverse("organisation:person_detail", args=[person_id]) + PANEL_ANCHOR


class PersonRecordMixin:
    """A page about one record of a person: the person named in the breadcrumbs
    and logged as read; back to the person page's panel."""

    person: Person
    request: Any

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        self.note_read([self.person], kind=self.read_kind)
        return context

    def get_success_url(self, result=None) -> str:
        return person_url(self.person.pk)

    def get_cancel_url(self) -> str:
        return person_url(self.person.pk)


# --- Teaching competences -------------------------------------------------------------------


class CompetenceFormView(PersonRecordMixin, ObjectFormView):
    nav_active = "people"
    template_name = "competences/record_form.html"
    gate_model = TeachingCompetence
    form_class = CompetenceForm
    service_fields = COMPETENCE_FIELDS
    read_label = gettext_noop("Vurdér kompetence")
    breadcrumbs = (HOME, PEOPLE, PERSON, TITLE)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["subjects"] = selectors.subjects()
        kwargs["formal_allowed"] = may_write_formal(self.request.user)
        return kwargs

    def get_success_message(self, result, data) -> str:
        return _("Kompetencen i %(subject)s er gemt.") % {"subject": result.subject}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessing"] = not may_write_formal(self.request.user)
        return context


class CompetenceCreateView(CompetenceFormView):
    gate_action = Action.ADD

    def get_title(self) -> str:
        if may_write_formal(self.request.user):
            return _("Tilføj kompetence")
        return _("Vurdér tilsvarende kompetence")

    def load_objects(self) -> None:
        self.person = selectors.record_person_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.ADD
        )

    def get_initial(self):
        initial = super().get_initial()
        initial["level"] = CompetenceLevel.ASSESSED
        initial["assessed_on"] = timezone.localdate()
        return initial

    def perform(self, data) -> TeachingCompetence:
        return services.competence_create(
            actor=self.request.user, person=self.person, **self.service_arguments(data)
        )


class CompetenceEditView(CompetenceFormView):
    selector = selectors.competence_get
    initial_fields = COMPETENCE_FIELDS
    title = gettext_lazy("Ret kompetence")

    def load_objects(self) -> None:
        super().load_objects()
        self.person = self.object.person

    def perform(self, data) -> TeachingCompetence:
        return services.competence_update(
            actor=self.request.user, competence=self.object, **self.service_arguments(data)
        )


class CompetenceDeleteView(PersonRecordMixin, ObjectDeleteView):
    nav_active = "people"
    gate_model = TeachingCompetence
    template_name = "core/confirm_delete.html"
    selector = selectors.competence_get
    title = gettext_lazy("Fjern kompetence")
    question = gettext_lazy("Vil du fjerne kompetencen? Fjernelsen logges.")
    success_message = gettext_lazy("Kompetencen er fjernet.")
    breadcrumbs = (HOME, PEOPLE, PERSON, TITLE)

    def load_objects(self) -> None:
        super().load_objects()
        self.person = self.object.person

    def details(self):
        c = self.object
        return [
            (_("Medarbejder"), self.person.full_name),
            (_("Fag"), str(c.subject)),
            (_("Niveau"), c.get_level_display()),
            (_("Grundlag"), c.get_basis_display()),
        ]

    def perform(self, data) -> None:
        services.competence_delete(actor=self.request.user, competence=self.object)


# --- Qualifications -------------------------------------------------------------------------


class QualificationFormView(PersonRecordMixin, ObjectFormView):
    nav_active = "people"
    template_name = "competences/record_form.html"
    gate_model = Qualification
    form_class = QualificationForm
    service_fields = QUALIFICATION_FIELDS
    read_label = gettext_noop("Kvalifikation")
    breadcrumbs = (HOME, PEOPLE, PERSON, TITLE)
    success_message = gettext_lazy("Kvalifikationen er gemt.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["subjects"] = selectors.subjects()
        return kwargs


class QualificationCreateView(QualificationFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Tilføj kvalifikation")

    def load_objects(self) -> None:
        self.person = selectors.record_person_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.ADD
        )

    def perform(self, data) -> Qualification:
        return services.qualification_create(
            actor=self.request.user, person=self.person, **self.service_arguments(data)
        )


class QualificationEditView(QualificationFormView):
    selector = selectors.qualification_get
    initial_fields = QUALIFICATION_FIELDS
    title = gettext_lazy("Ret kvalifikation")

    def load_objects(self) -> None:
        super().load_objects()
        self.person = self.object.person

    def perform(self, data) -> Qualification:
        return services.qualification_update(
            actor=self.request.user, qualification=self.object, **self.service_arguments(data)
        )


class QualificationDeleteView(PersonRecordMixin, ObjectDeleteView):
    nav_active = "people"
    gate_model = Qualification
    template_name = "core/confirm_delete.html"
    selector = selectors.qualification_get
    title = gettext_lazy("Fjern kvalifikation")
    question = gettext_lazy("Vil du fjerne kvalifikationen? Fjernelsen logges.")
    success_message = gettext_lazy("Kvalifikationen er fjernet.")
    breadcrumbs = (HOME, PEOPLE, PERSON, TITLE)

    def load_objects(self) -> None:
        super().load_objects()
        self.person = self.object.person

    def details(self):
        q = self.object
        rows = [(_("Medarbejder"), self.person.full_name), (_("Kvalifikation"), str(q))]
        if q.obtained_on:
            rows.append((_("Opnået"), long_date(q.obtained_on)))
        return rows

    def perform(self, data) -> None:
        services.qualification_delete(actor=self.request.user, qualification=self.object)


class KiuConfirmView(PersonRecordMixin, ObjectFormView):
    """The leader's one click: a KiU course awaiting assessment becomes
    tilsvarende kompetence in its subject (basis KiU, assessed today)."""

    nav_active = "people"
    gate_model = TeachingCompetence
    gate_action = Action.ADD
    template_name = "competences/kiu_confirm.html"
    breadcrumbs = (HOME, PEOPLE, PERSON, TITLE)
    title = gettext_lazy("Bekræft tilsvarende kompetence")
    read_label = gettext_noop("Bekræft tilsvarende kompetence")

    def load_objects(self) -> None:
        self.object = selectors.qualification_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.VIEW
        )
        self.person = selectors.record_person_get(
            user=self.request.user, pk=self.object.person_id, action=Action.ADD
        )

    def perform(self, data) -> TeachingCompetence:
        return services.kiu_confirm(actor=self.request.user, qualification=self.object)

    def get_success_message(self, result, data) -> str:
        return _("%(person)s har nu tilsvarende kompetence i %(subject)s.") % {
            "person": self.person.full_name,
            "subject": result.subject,
        }


# --- What completing an initiative grants ---------------------------------------------------


def initiative_url(pk: int) -> str:
    return reverse("plans:initiative_detail", args=[pk]) + "#giver"


class CompletionGrantSetView(ObjectFormView):
    gate_model = CompletionGrant
    gate_action = Action.CHANGE
    nav_active = "plans"
    template_name = "core/form.html"
    form_class = CompletionGrantForm
    service_fields = ("kind", "subject")
    title = gettext_lazy("Kvalifikation ved gennemførelse")
    success_message = gettext_lazy("Det er gemt, hvad indsatsen giver ved gennemførelse.")
    context_object_name = "initiative"
    breadcrumbs = (HOME, Crumb(obj="object", url="plans:initiative_detail"), TITLE)

    def load_objects(self) -> None:
        self.object = plan_selectors.initiative_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
        )
        self.grant = selectors.completion_grant_of(self.object)

    def get_initial(self):
        initial = super().get_initial()
        if self.grant is not None:
            initial.update(kind=self.grant.kind, subject=self.grant.subject)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "subjects": selectors.subjects()}

    def perform(self, data) -> CompletionGrant:
        return services.completion_grant_set(
            actor=self.request.user, initiative=self.object, **self.service_arguments(data)
        )

    def get_success_url(self, result=None) -> str:
        return initiative_url(self.object.pk)

    def get_cancel_url(self) -> str:
        return initiative_url(self.object.pk)


class CompletionGrantRemoveView(ObjectDeleteView):
    gate_model = CompletionGrant
    nav_active = "plans"
    title = gettext_lazy("Fjern kvalifikation ved gennemførelse")
    question = gettext_lazy(
        "Vil du fjerne, hvad indsatsen giver ved gennemførelse? Allerede registrerede "
        "kvalifikationer bliver stående."
    )
    success_message = gettext_lazy("Indsatsen giver ikke længere en kvalifikation.")
    breadcrumbs = (HOME, Crumb(obj="object.initiative", url="plans:initiative_detail"), TITLE)

    def load_objects(self) -> None:
        initiative = plan_selectors.initiative_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE
        )
        grant = selectors.completion_grant_of(initiative)
        if grant is None:
            from django.http import Http404

            raise Http404
        self.object = grant

    def details(self):
        return [(_("Indsats"), str(self.object.initiative)), (_("Giver"), str(self.object))]

    def perform(self, data) -> None:
        services.completion_grant_remove(actor=self.request.user, grant=self.object)

    def get_success_url(self, result=None) -> str:
        return initiative_url(self.object.initiative_id)

    def get_cancel_url(self) -> str:
        return initiative_url(self.object.initiative_id)
