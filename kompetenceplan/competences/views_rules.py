"""The mandatory rules' pages (list, create, edit, delete) and the compliance
lists (an overview per institution, one institution's list with enrolment
from it). docs/competences.md, "Obligatoriske regler"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ObjectDeleteView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can, restrict
from kompetenceplan.organisation.models import Person

from . import rules, services_rules
from .forms_rules import ComplianceEnrolForm, ComplianceFilterForm, RuleForm
from .models import MandatoryRule
from .permissions import COMPLIANCE

RULES = Crumb(gettext_lazy("Obligatoriske regler"), "competences:rule_list")
COMPLIANCE_CRUMB = Crumb(gettext_lazy("Obligatoriske forløb"), "competences:compliance_overview")
NAV_RULES = "mandatory_rules"
NAV_COMPLIANCE = "compliance"


# --- rules ------------------------------------------------------------------------------


class RuleListView(GatedMixin, TemplateView):
    template_name = "competences/rules_list.html"
    gate_model = MandatoryRule
    nav_active = NAV_RULES
    breadcrumbs = (HOME, Crumb(gettext_lazy("Obligatoriske regler")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rules"] = list(rules.rule_list(user=user))
        context["can_change"] = can(user, MandatoryRule, Action.CHANGE)
        context["can_compliance"] = can(user, MandatoryRule, COMPLIANCE)
        return context


class RuleFormView(ObjectFormView):
    template_name = "competences/rules_form.html"
    gate_model = MandatoryRule
    nav_active = NAV_RULES
    form_class = RuleForm
    service_fields = services_rules.RULE_FIELDS
    breadcrumbs = (HOME, RULES, TITLE)
    success_url = "competences:rule_list"
    cancel_url = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality_id"] = self.request.user.municipality_id
        return kwargs

    def get_success_url(self, result=None) -> str:
        return reverse("competences:rule_list")

    def get_cancel_url(self) -> str:
        return reverse("competences:rule_list")


class RuleCreateView(RuleFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Ny obligatorisk regel")
    success_message = gettext_lazy("Reglen er oprettet.")

    def get_initial(self):
        return {"trigger": "hire_date", "deadline_days": 180, "active": True}

    def perform(self, data) -> MandatoryRule:
        return services_rules.rule_create(
            actor=self.request.user,
            municipality=self.request.user.municipality,
            **self.service_arguments(data),
        )


class RuleEditView(RuleFormView):
    selector = rules.rule_get
    title = gettext_lazy("Redigér obligatorisk regel")
    success_message = gettext_lazy("Reglen er gemt.")
    initial_fields = services_rules.RULE_FIELDS

    def perform(self, data) -> MandatoryRule:
        return services_rules.rule_update(
            actor=self.request.user, rule=self.object, **self.service_arguments(data)
        )


class RuleDeleteView(ObjectDeleteView):
    gate_model = MandatoryRule
    nav_active = NAV_RULES
    selector = rules.rule_get
    title = gettext_lazy("Slet obligatorisk regel")
    question = gettext_lazy(
        "Vil du slette reglen? Dens påmindelser slettes med. Sletningen logges."
    )
    success_message = gettext_lazy("Reglen er slettet.")
    breadcrumbs = (HOME, RULES, TITLE)

    def details(self):
        rule = self.object
        return [
            (_("Navn"), rule.name),
            (_("Frist"), _("%(days)s dage") % {"days": rule.deadline_days}),
        ]

    def get_cancel_url(self) -> str:
        return reverse("competences:rule_list")

    def perform(self, data) -> None:
        services_rules.rule_delete(actor=self.request.user, rule=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("competences:rule_list")


# --- compliance -------------------------------------------------------------------------


class ComplianceOverviewView(GatedMixin, TemplateView):
    """Per institution the user may see: how many are overdue, due soon, due
    and done (numbers only)."""

    template_name = "competences/rules_compliance_overview.html"
    gate_model = MandatoryRule
    gate_action = COMPLIANCE
    nav_active = NAV_COMPLIANCE
    breadcrumbs = (HOME, Crumb(gettext_lazy("Obligatoriske forløb")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rules.compliance_overview(user=self.request.user)
        context["due_soon_days"] = rules.DUE_SOON_DAYS
        context["can_rules"] = can(self.request.user, MandatoryRule, Action.VIEW)
        return context


class ComplianceListView(GatedMixin, TemplateView):
    """One institution's compliance list, filtered by status and rule."""

    template_name = "competences/rules_compliance.html"
    gate_model = MandatoryRule
    gate_action = COMPLIANCE
    nav_active = NAV_COMPLIANCE
    read_label = gettext_lazy("Obligatoriske forløb")
    breadcrumbs = (HOME, COMPLIANCE_CRUMB, Crumb(obj="institution"))

    def load_objects(self) -> None:
        self.institution = rules.compliance_institution_get(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        all_rules = rules.rule_list(user=user).filter(active=True)
        form = ComplianceFilterForm(self.request.GET or None, rules=all_rules)
        status, rule = "", None
        if form.is_valid():
            status = form.cleaned_data["status"] or ""
            rule = form.cleaned_data["rule"]
        result = rules.institution_compliance(
            user=user,
            institution=self.institution,
            status=status,
            rule_id=rule.pk if rule is not None else None,
        )
        people = list({item.person.pk: item.person for item in result.items}.values())
        self.note_read(people)
        reminded = {
            (r.rule_id, r.person_id, r.due_on): timezone.localtime(r.sent_at).date()
            for r in rules.reminders_for(user=user, person_ids=[p.pk for p in people]).filter(
                sent_at__isnull=False
            )
        }
        for item in result.items:
            item.reminded_at = reminded.get((item.rule.pk, item.person.pk, item.due_on))
        context.update(
            institution=self.institution,
            form=form,
            result=result,
            statuses=[(s, s.label, result.counts.get(s, 0)) for s in rules.STATUS_ORDER],
            due_soon_days=rules.DUE_SOON_DAYS,
            can_enrol=user.role in ("administrator", "consultant", "leader"),
            enrol_url=reverse("competences:compliance_enrol", args=[self.institution.pk]),
            back_query=self.request.GET.urlencode(),
            title=str(self.institution),
        )
        return context


class ComplianceEnrolView(GatedMixin, View):
    """Enrol one person from the list on an open cohort of the rule's
    initiative, through the cohorts' leader nomination."""

    gate_model = MandatoryRule
    gate_action = COMPLIANCE
    http_method_names = ["post"]

    def load_objects(self) -> None:
        self.institution = rules.compliance_institution_get(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def post(self, request, *args, **kwargs):
        user = request.user
        back = reverse("competences:compliance_list", args=[self.institution.pk])
        query = request.POST.get("back", "")
        if query:
            back += "?" + query
        form = ComplianceEnrolForm(
            request.POST,
            people=restrict(Person.objects.all(), user, Action.VIEW),
            rules=rules.rule_list(user=user).filter(initiative__isnull=False),
            cohorts=rules.open_cohorts_for(
                rules.rule_list(user=user)
                .filter(initiative__isnull=False)
                .values_list("initiative_id", flat=True),
                timezone.localdate(),
            ).filter(municipality_id=user.municipality_id),
        )
        if not form.is_valid():
            messages.error(
                request,
                _(
                    "Tilmeldingen kunne ikke gennemføres: vælg en medarbejder på listen og et åbent hold."
                ),
            )
            return redirect(back)
        data = form.cleaned_data
        try:
            enrolment = services_rules.compliance_enrol(
                actor=user,
                institution=self.institution,
                rule=data["rule"],
                person=data["person"],
                cohort=data["cohort"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(
            request,
            _("%(person)s er tilmeldt %(cohort)s (%(status)s).")
            % {
                "person": enrolment.person,
                "cohort": enrolment.cohort.name,
                "status": enrolment.get_status_display().lower(),
            },
        )
        return redirect(back)
