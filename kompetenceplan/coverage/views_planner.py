"""The planner's pages (docs/coverage.md "Planlægning"): the plan for a
school year and scope (courses, swaps, coverage before and after, the greedy
rule beside it), a KiU nomination from a recommendation, the nominations, and
the course options the planner chooses from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.generic import TemplateView

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.generic import (
    HOME,
    TITLE,
    Crumb,
    GatedMixin,
    ListPageView,
    ObjectFormView,
)
from kompetenceplan.core.permissions import Action, can
from kompetenceplan.organisation.models import Person
from kompetenceplan.organisation.permissions import leader_people_q

from . import planner, selectors_planner, services_planner
from .computation import school_years_with_data
from .forms_planner import (
    WHOLE_MUNICIPALITY,
    CourseOptionForm,
    NominationForm,
    NominationStatusForm,
    PlannerForm,
)
from .models import CourseOption, KiuNomination, LessonAllocation
from .planner_data import planner_input

PLANNER = Crumb(gettext_lazy("Planlægning af kompetencedækning"), "coverage:planner")
OPTIONS = Crumb(gettext_lazy("Kursusmuligheder"), "coverage:course_options")
NOMINATIONS = Crumb(gettext_lazy("KiU-indstillinger"), "coverage:kiu_nominations")
PLAN_LABEL = gettext_noop("Planlægning af kompetencedækning")
NOMINATIONS_LABEL = gettext_noop("KiU-indstillinger")
#: The web page's solver time limit (seconds); the best plan found is shown after it.
TIME_LIMIT = 20.0
OPTION_FIELDS = ("name", "kind", "subject", "price", "duration_hours", "ects")


class PlannerView(GatedMixin, TemplateView):
    """Choose school year, scope and goal; shows the MILP's plan with the
    greedy rule's beside it. Planners for the municipality, leaders for their
    own schools (the classes and teachers behind the plan are theirs)."""

    template_name = "coverage/planner.html"
    gate_model = LessonAllocation
    nav_active = "coverage_planner"
    title = gettext_lazy("Planlægning af kompetencedækning")
    breadcrumbs = (HOME, TITLE)
    read_label = PLAN_LABEL

    def get_title(self) -> str:
        return str(self.title)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        schools = list(selectors_planner.planner_schools(user=user))
        chosen = self.request.GET.get("school", WHOLE_MUNICIPALITY)
        if chosen != WHOLE_MUNICIPALITY and chosen not in {str(s.pk) for s in schools}:
            raise Http404  # another institution's or municipality's school
        years = school_years_with_data(municipality_id=user.municipality_id)
        planner_role = user.role != "leader"
        form = PlannerForm(
            self.request.GET or None,
            school_years=years,
            schools=schools,
            whole_municipality=planner_role,
            initial={"school_year": years[0] if years else None, "slack_hours": 0},
        )
        context.update(title=self.get_title(), form=form, years=years)
        if form.is_bound and form.is_valid():
            context.update(self._plan(form.cleaned_data, schools, planner_role))
        return context

    def _plan(self, data: dict[str, Any], schools: list, planner_role: bool) -> dict[str, Any]:
        user = self.request.user
        school_year = data["school_year"]
        if data["school"] != WHOLE_MUNICIPALITY:
            institution_ids: list[int] | None = [int(data["school"])]
        elif planner_role:
            institution_ids = None
        else:
            institution_ids = [s.pk for s in schools]
        planner_data = planner_input(
            municipality_id=user.municipality_id,
            school_year=school_year,
            institution_ids=institution_ids,
        )
        goal = planner.Goal(
            target=data.get("target"),
            budget=data.get("budget"),
            slack_hours=data.get("slack_hours") or Decimal(0),
            time_limit=TIME_LIMIT,
        )
        plan = planner.solve(planner_data.input, goal)
        greedy = planner.solve(planner_data.input, goal, planner.Method.GREEDY)
        people = {u.teacher_id for u in plan.upskillings}
        people.update(leg.from_id for s in plan.swaps for leg in (s.first, s.second))
        if people:
            self.note_read(Person.objects.filter(pk__in=people), kind=ReadKind.PAGE)
        nominated = selectors_planner.nominated(user=user, school_year=school_year)
        cohorts = selectors_planner.open_cohorts_by_subject(
            user=user, subject_ids={u.subject_id for u in plan.upskillings}
        )
        may_nominate = can(user, KiuNomination, Action.ADD)
        rows = []
        for item in plan.upskillings:
            nominate_url = None
            if may_nominate and (item.teacher_id, item.subject_id) not in nominated:
                query = {
                    "person": item.teacher_id,
                    "subject": item.subject_id,
                    "school_year": school_year,
                    "institution": item.school_ids[0],
                }
                if item.option.id:
                    query["course_option"] = item.option.id
                nominate_url = f"{reverse('coverage:kiu_nominate')}?{urlencode(query)}"
            cohort = cohorts.get(item.subject_id)
            rows.append(
                {
                    "item": item,
                    "text": item.explanation(_),
                    "school": planner_data.input.schools.get(item.school_ids[0], ""),
                    "nominated": (item.teacher_id, item.subject_id) in nominated,
                    "nominate_url": nominate_url,
                    "cohort": cohort,
                    "cohort_url": reverse("cohorts:nominate", args=[cohort["pk"]])
                    if cohort
                    else None,
                }
            )
        swaps = [
            {
                "swap": swap,
                "text": swap.explanation(_),
                "school": planner_data.input.schools.get(swap.school_id, ""),
            }
            for swap in plan.swaps
        ]
        return {
            "plan": plan,
            "greedy": greedy,
            "goal": goal,
            "rows": rows,
            "swaps": swaps,
            "estimated": planner_data.estimated,
            "provisional": planner_data.report.provisional,
            "school_year": school_year,
            "time_limit": plan.status == planner.Status.TIME_LIMIT,
            "unreachable": plan.status == planner.Status.UNREACHABLE,
            "can_options": can(user, CourseOption, Action.VIEW),
        }


class KiuNominateView(ObjectFormView):
    """Record a KiU nomination from a recommendation (the fields come filled
    in from the planner's link)."""

    template_name = "coverage/planner_nominate.html"
    gate_model = KiuNomination
    gate_action = Action.ADD
    nav_active = "coverage_planner"
    form_class = NominationForm
    title = gettext_lazy("Indstil til KiU")
    breadcrumbs = (HOME, PLANNER, TITLE)
    service_fields = ("person", "subject", "school_year", "institution", "course_option", "note")
    success_url = "coverage:kiu_nominations"
    cancel_url = "coverage:planner"
    read_label = NOMINATIONS_LABEL

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        people = Person.objects.filter(municipality_id=user.municipality_id)
        if user.role == "leader":
            people = people.filter(leader_people_q(user))
        self.note_read(people, kind=ReadKind.FORM)
        kwargs["people"] = people
        kwargs["schools"] = selectors_planner.planner_schools(user=user)
        kwargs["options"] = selectors_planner.course_option_list(user=user)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name in ("person", "subject", "school_year", "institution", "course_option"):
            if name in self.request.GET:
                initial[name] = self.request.GET[name]
        return initial

    def perform(self, data) -> KiuNomination:
        return services_planner.kiu_nomination_create(
            actor=self.request.user, **self.service_arguments(data)
        )

    def get_success_message(self, result, data) -> str:
        return _("%(person)s er indstillet til %(subject)s.") % {
            "person": result.person,
            "subject": result.subject,
        }

    def get_success_url(self, result=None) -> str:
        return reverse("coverage:kiu_nominations")


class KiuNominationListView(GatedMixin, TemplateView):
    template_name = "coverage/planner_nominations.html"
    gate_model = KiuNomination
    nav_active = "coverage_planner"
    title = gettext_lazy("KiU-indstillinger")
    breadcrumbs = (HOME, PLANNER, TITLE)
    read_label = NOMINATIONS_LABEL

    def get_title(self) -> str:
        return str(self.title)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nominations = list(
            selectors_planner.kiu_nomination_list(user=self.request.user).order_by(
                "-school_year", "person__last_name", "person__first_name", "subject__sort_order"
            )
        )
        self.note_read([n.person for n in nominations], kind=ReadKind.LIST)
        context.update(
            title=self.get_title(),
            nominations=nominations,
            can_change=can(self.request.user, KiuNomination, Action.CHANGE),
        )
        return context


class KiuNominationStatusView(ObjectFormView):
    """Approve, decline or complete a nomination."""

    template_name = "core/form.html"
    gate_model = KiuNomination
    nav_active = "coverage_planner"
    selector = selectors_planner.kiu_nomination_get
    form_class = NominationStatusForm
    title = gettext_lazy("Skift status for indstillingen")
    breadcrumbs = (HOME, PLANNER, NOMINATIONS, TITLE)
    initial_fields = ("status", "note")
    service_fields = ("status", "note")
    success_message = gettext_lazy("Indstillingens status er gemt.")
    read_label = NOMINATIONS_LABEL

    def get_title(self) -> str:
        return f"{self.title}: {self.object}"

    def perform(self, data) -> KiuNomination:
        return services_planner.kiu_nomination_set_status(
            actor=self.request.user, nomination=self.object, **self.service_arguments(data)
        )

    def get_success_url(self, result=None) -> str:
        return reverse("coverage:kiu_nominations")

    def get_cancel_url(self) -> str:
        return reverse("coverage:kiu_nominations")


class CourseOptionListView(ListPageView):
    template_name = "coverage/planner_course_options.html"
    gate_model = CourseOption
    nav_active = "coverage_planner"
    title = gettext_lazy("Kursusmuligheder")
    breadcrumbs = (HOME, PLANNER, TITLE)

    def get_rows(self):
        options = selectors_planner.course_option_list(user=self.request.user)
        return list(options.order_by("kind", "name"))

    def extra_context_for(self, rows):
        return {"can_change": can(self.request.user, CourseOption, Action.CHANGE)}


class CourseOptionFormView(ObjectFormView):
    template_name = "core/form.html"
    gate_model = CourseOption
    nav_active = "coverage_planner"
    form_class = CourseOptionForm
    service_fields = OPTION_FIELDS
    breadcrumbs = (HOME, PLANNER, OPTIONS, TITLE)
    cancel_url = None

    def get_success_url(self, result=None) -> str:
        return reverse("coverage:course_options")

    def get_cancel_url(self) -> str:
        return reverse("coverage:course_options")


class CourseOptionCreateView(CourseOptionFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Ny kursusmulighed")
    success_message = gettext_lazy("Kursusmuligheden er oprettet.")

    def perform(self, data) -> CourseOption:
        return services_planner.course_option_create(
            actor=self.request.user, **self.service_arguments(data)
        )


class CourseOptionEditView(CourseOptionFormView):
    selector = selectors_planner.course_option_get
    title = gettext_lazy("Redigér kursusmulighed")
    success_message = gettext_lazy("Kursusmuligheden er gemt.")
    initial_fields = OPTION_FIELDS

    def perform(self, data) -> CourseOption:
        return services_planner.course_option_update(
            actor=self.request.user, option=self.object, **self.service_arguments(data)
        )
