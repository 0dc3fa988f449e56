"""The permission-matrix cases of the coverage dashboard (docs/permissions.md):

- the overview and a school's page (aggregated figures, no names): administrators,
  consultants, leaders and viewers; staff and coordinators 403; another
  municipality's school 404;
- the drill-down (classes and teachers: personal data): administrators and
  consultants for every school, leaders for their own schools (another school
  404); viewers, staff and coordinators 403.
"""

from django.urls import reverse

from kompetenceplan.testing.matrix import ALL_ROLES, Case

from .dashboard_data import YEAR

OVERVIEW = {"admin", "consultant", "leader", "viewer"}
DRILL = {"admin", "consultant", "leader"}


def url(name, school=None, query=f"school_year={YEAR}"):
    def build(o):
        path = reverse(name, args=[getattr(o, school).pk] if school else [])
        return f"{path}?{query}" if query else path

    return build


DASHBOARD_CASES = [
    Case(
        "coverage:dashboard",
        url=url("coverage:dashboard"),
        allowed=OVERVIEW,
        forbidden=ALL_ROLES - OVERVIEW,
        contains="79,4 %",
        absent=["Horsens Skole"],
    ),
    Case(
        "coverage:dashboard",
        label="default year",
        url=url("coverage:dashboard", query=""),
        allowed=OVERVIEW,
        forbidden=ALL_ROLES - OVERVIEW,
        contains="Skole B",
    ),
    Case(
        "coverage:school",
        url=url("coverage:school", "school_a"),
        allowed=OVERVIEW,
        forbidden=ALL_ROLES - OVERVIEW,
        contains="88,9 %",
        other_municipality_url=url("coverage:school", "school_h"),
    ),
    Case(
        "coverage:school",
        label="another school",
        url=url("coverage:school", "school_b"),
        allowed=OVERVIEW,
        forbidden=ALL_ROLES - OVERVIEW,
        contains="68,8 %",
    ),
    Case(
        "coverage:drilldown",
        url=url("coverage:drilldown", "school_a"),
        allowed={
            "admin": "Carl Christensen",
            "consultant": "Carl Christensen",
            "leader": "Lærer uden for dine skoler",
        },
        forbidden=ALL_ROLES - DRILL,
        contains="Bo Bach",
        other_municipality_url=url("coverage:drilldown", "school_h"),
        other_institution_url=url("coverage:drilldown", "school_b"),
    ),
]
