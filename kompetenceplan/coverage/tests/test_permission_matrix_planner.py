"""The permission matrix of the planner's pages (kompetenceplan/testing/matrix.py,
docs/permissions.md, docs/coverage.md "Planlægning"):

- the planner page: administrators and consultants for the municipality or
  one school, leaders for their own schools (another school: 404);
- KiU nominations: made and read by administrators, consultants and leaders
  (theirs);
- course options: read by administrators, consultants and leaders, set by
  administrators and consultants; another municipality's: 404.
"""

from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from kompetenceplan.coverage.models import CourseOption, KiuNomination
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

from .planner_fixtures import YEAR, planner_world, subject

pytestmark = pytest.mark.django_db

HANDLERS = {"admin", "consultant", "leader"}
PLANNERS = {"admin", "consultant"}


@pytest.fixture
def objects(world):
    def nominate(person, school):
        return KiuNomination.objects.create(
            municipality=school.municipality,
            person=person,
            institution=school,
            subject=subject("historie"),
            school_year=YEAR,
        )

    return SimpleNamespace(
        **vars(world),
        **vars(planner_world(world)),
        nomination_a=nominate(world.person_a, world.school_a),
        nomination_b=nominate(world.person_b, world.school_b),
        nomination_h=nominate(world.person_h, world.school_h),
    )


def plan_url(school=None, **goal):
    query = {"school_year": YEAR, "school": school.pk if school else "", **goal}
    return f"{reverse('coverage:planner')}?{urlencode(query)}"


def nominate_data(o):
    return {
        "person": o.person_a.pk,
        "subject": subject("dansk").pk,
        "school_year": YEAR,
        "institution": o.school_a.pk,
        "course_option": o.kiu.pk,
    }


CASES = [
    Case(
        "coverage:planner",
        url=lambda o: plan_url(o.school_a, budget="50000"),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        contains="Uddan Anne Andersen i dansk (KiU, 45.000 kr.): dækker 210 timer i 5.a",
        other_municipality_url=lambda o: plan_url(o.school_h, budget="50000"),
        other_institution_url=lambda o: plan_url(o.school_b, budget="50000"),
    ),
    Case(
        "coverage:planner",
        label="form",
        url=reverse("coverage:planner"),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        contains="Beregn plan",
    ),
    Case(
        "coverage:kiu_nominate",
        url=lambda o: f"{reverse('coverage:kiu_nominate')}?{urlencode(nominate_data(o))}",
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        contains="Indstil til KiU",
    ),
    Case(
        "coverage:kiu_nominate",
        method="POST",
        url=reverse("coverage:kiu_nominate"),
        data=nominate_data,
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        state=lambda o: KiuNomination.objects.count(),
    ),
    Case(
        "coverage:kiu_nominations",
        url=reverse("coverage:kiu_nominations"),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        contains="KiU-indstillinger",
    ),
    Case(
        "coverage:kiu_nomination_status",
        url=lambda o: reverse("coverage:kiu_nomination_status", args=[o.nomination_a.pk]),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        contains="Skift status for indstillingen",
        other_institution_url=lambda o: reverse(
            "coverage:kiu_nomination_status", args=[o.nomination_b.pk]
        ),
        other_municipality_url=lambda o: reverse(
            "coverage:kiu_nomination_status", args=[o.nomination_h.pk]
        ),
    ),
    Case(
        "coverage:kiu_nomination_status",
        method="POST",
        url=lambda o: reverse("coverage:kiu_nomination_status", args=[o.nomination_a.pk]),
        data={"status": "approved"},
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        other_institution_url=lambda o: reverse(
            "coverage:kiu_nomination_status", args=[o.nomination_b.pk]
        ),
        state=lambda o: sorted(KiuNomination.objects.values_list("status", flat=True)),
    ),
    Case(
        "coverage:course_options",
        url=reverse("coverage:course_options"),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        contains="KiU-forløb",
        absent=["Horsens KiU"],
    ),
    Case(
        "coverage:course_option_add",
        method="POST",
        url=reverse("coverage:course_option_add"),
        data={
            "name": "Kompetencemålsprøve",
            "kind": "competence_exam",
            "price": "9.500",
            "duration_hours": "30",
        },
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=lambda o: CourseOption.objects.count(),
    ),
    Case(
        "coverage:course_option_edit",
        url=lambda o: reverse("coverage:course_option_edit", args=[o.kiu.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="KiU-forløb",
        other_municipality_url=lambda o: reverse("coverage:course_option_edit", args=[o.h_kiu.pk]),
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, case):
    assert_matrix(client, objects, case)
