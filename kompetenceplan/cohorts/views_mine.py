"""The people's own pages (issue 8, item 6; docs/cohorts.md, "Egne sider"):
"Mine kurser" for a user with a staff record, "Mine institutioners kurser" for
a leader and "Mine hold" for the consultant responsible for cohorts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.generic import HOME, Crumb, GatedMixin

from . import selectors
from .choices import EnrolmentStatus
from .models import Cohort, Enrolment
from .permissions import LEAD, MINE, RESPONSIBLE

MY_ENROLMENTS_LABEL = gettext_lazy("Mine kurser")
STAFF_ENROLMENTS_LABEL = gettext_lazy("Medarbejdernes tilmeldinger")


class MyCoursesView(GatedMixin, TemplateView):
    """The user's own enrolments by status and what the plans offer their job role."""

    template_name = "cohorts/my_courses.html"
    gate_model = Enrolment
    gate_action = MINE
    nav_active = "my_courses"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Mine kurser")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        courses = selectors.my_courses(user=user)
        shown = courses.all()
        taken = {
            item.enrolment.cohort_id
            for item in shown
            if item.enrolment.status not in (EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED)
        }
        offers = selectors.plan_offers(user=user, exclude_cohorts=taken)
        context.update(
            courses=courses,
            offers=offers,
            offers_closed=[offer for offer in offers if not offer.cohorts],
        )
        self.note_read(
            [item.enrolment for item in shown], label=MY_ENROLMENTS_LABEL, kind=ReadKind.LIST
        )
        return context


class LeaderCoursesView(GatedMixin, TemplateView):
    """The leader's institutions: initiatives, staff's enrolments, requests to approve."""

    template_name = "cohorts/leader_courses.html"
    gate_model = Enrolment
    gate_action = LEAD
    nav_active = "leader_courses"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Mine institutioners kurser")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = selectors.leader_courses(user=self.request.user)
        context["overview"] = overview
        self.note_read(overview.shown(), label=STAFF_ENROLMENTS_LABEL, kind=ReadKind.LIST)
        return context


class ResponsibleCohortsView(GatedMixin, TemplateView):
    """The cohorts the consultant is responsible for, with their fill."""

    template_name = "cohorts/responsible_cohorts.html"
    gate_model = Cohort
    gate_action = RESPONSIBLE
    nav_active = "responsible_cohorts"
    breadcrumbs = (HOME, Crumb(gettext_lazy("Mine hold")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"] = selectors.responsible_cohorts(user=self.request.user)
        return context
