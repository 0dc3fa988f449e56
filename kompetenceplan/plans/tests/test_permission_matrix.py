"""The permission matrix of every plans page and endpoint
(kompetenceplan/testing/matrix.py, docs/permissions.md):

- administrators and consultants read every plan of their municipality, drafts included;
  everyone else reads adopted plans (a draft answers 404);
- administrators change and copy plans and add initiatives and focus areas;
- initiatives are changed by administrators and by the consultant responsible for them
  (another consultant's initiative answers 404).
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.plans.choices import PeriodKind, PlanStatus
from kompetenceplan.plans.models import FocusArea, Initiative, Method, Plan, number_sort_key
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

ADMINS = {"admin"}
PLANNERS = {"admin", "consultant"}
READERS_OF_ADOPTED = ALL_ROLES - PLANNERS
#: Horsens' own method and resource function (the ``objects`` fixture): no Ishøj
#: page may list them (docs/adr/0013-reference-data-per-municipality.md).
HORSENS_REFERENCE_DATA = ("Horsens-metode", "Horsens-vejleder")


def url(name, *attrs):
    """A URL builder: ``url("plans:focus_area_edit", "plan", "area")``."""
    return lambda o: reverse(name, args=[getattr(o, attr).pk for attr in attrs])


def plans(o):
    return sorted(Plan.objects.values_list("slug", "title", "status", "period_start"))


def focus_areas(o):
    return sorted(FocusArea.objects.values_list("plan_id", "number", "title"))


def initiatives(o):
    return sorted(Initiative.objects.values_list("plan_id", "number", "title", "status"))


def plan_pages(name, data=None, absent=()):
    """GET and POST of an administrator's page on a plan."""
    common = {
        "url": url(name, "plan"),
        "allowed": ADMINS,
        "forbidden": ALL_ROLES - ADMINS,
        "other_municipality_url": url(name, "h_plan"),
    }
    return [
        Case(name, contains="Plan A", absent=absent, **common),
        Case(
            name,
            method="POST",
            data=data,
            state=lambda o: (plans(o), focus_areas(o), initiatives(o)),
            **common,
        ),
    ]


CASES = [
    Case("plans:plan_list", url=url("plans:plan_list"), allowed=ALL_ROLES, contains="Plan A"),
    Case(
        "plans:plan_detail",
        url=url("plans:plan_detail", "plan"),
        allowed=ALL_ROLES,
        contains="Plan A",
        other_municipality_url=url("plans:plan_detail", "h_plan"),
    ),
    Case(
        "plans:plan_detail",
        label="draft",
        url=url("plans:plan_detail", "draft"),
        allowed=PLANNERS,
        not_found=READERS_OF_ADOPTED,
        contains="Plan B",
    ),
    Case(
        "plans:plan_history",
        url=url("plans:plan_history", "plan"),
        allowed=ALL_ROLES,
        contains="Plan A",
        other_municipality_url=url("plans:plan_history", "h_plan"),
    ),
    Case(
        "plans:plan_history",
        label="draft",
        url=url("plans:plan_history", "draft"),
        allowed=PLANNERS,
        not_found=READERS_OF_ADOPTED,
        contains="Plan B",
    ),
    *plan_pages(
        "plans:plan_copy",
        {"title": "Plan A 2027", "slug": "plan-a-2027", "period_start": 2027, "period_end": 2029},
    ),
    *plan_pages(
        "plans:plan_edit",
        {
            "title": "Plan A (rettet)",
            "status": PlanStatus.ADOPTED,
            "period_kind": PeriodKind.CALENDAR_YEARS,
            "period_start": 2024,
            "period_end": 2026,
        },
    ),
    *plan_pages(
        "plans:initiative_create",
        {"number": "3.1", "title": "Ny indsats", "status": "planned"},
        absent=HORSENS_REFERENCE_DATA,
    ),
    *plan_pages("plans:focus_area_create", {"number": "2", "title": "Digital dannelse"}),
    Case(
        "plans:focus_area_edit",
        url=url("plans:focus_area_edit", "plan", "area"),
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        contains="Stærke fællesskaber",
        other_municipality_url=url("plans:focus_area_edit", "h_plan", "h_area"),
    ),
    Case(
        "plans:focus_area_edit",
        method="POST",
        url=url("plans:focus_area_edit", "plan", "area"),
        data={"number": "1", "title": "Stærke fællesskaber for alle"},
        allowed=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
        other_municipality_url=url("plans:focus_area_edit", "h_plan", "h_area"),
        state=focus_areas,
    ),
    Case(
        "plans:focus_area_edit",
        label="another plan's area",
        url=url("plans:focus_area_edit", "plan", "draft_area"),
        not_found=ADMINS,
        forbidden=ALL_ROLES - ADMINS,
    ),
    Case(
        "plans:catalogue",
        url=url("plans:catalogue"),
        allowed=ALL_ROLES,
        contains="Læsning",
        absent=HORSENS_REFERENCE_DATA,
    ),
    Case(
        "plans:catalogue",
        label="export",
        url=lambda o: reverse("plans:catalogue") + "?export=csv",
        allowed=ALL_ROLES,
        contains="Læsning",
    ),
    Case(
        "plans:initiative_detail",
        url=url("plans:initiative_detail", "mine"),
        allowed=ALL_ROLES,
        contains="Læsning",
        other_municipality_url=url("plans:initiative_detail", "h_initiative"),
    ),
    Case(
        "plans:initiative_detail",
        label="draft",
        url=url("plans:initiative_detail", "secret"),
        allowed=PLANNERS,
        not_found=READERS_OF_ADOPTED,
        contains="Hemmelig indsats",
    ),
    Case(
        "plans:initiative_edit",
        url=url("plans:initiative_edit", "mine"),
        allowed=PLANNERS,
        forbidden=READERS_OF_ADOPTED,
        contains="Læsning",
        absent=HORSENS_REFERENCE_DATA,
        other_municipality_url=url("plans:initiative_edit", "h_initiative"),
    ),
    Case(
        "plans:initiative_edit",
        method="POST",
        url=url("plans:initiative_edit", "mine"),
        data={"number": "1.1", "title": "Læsning for alle", "status": "ongoing"},
        allowed=PLANNERS,
        forbidden=READERS_OF_ADOPTED,
        other_municipality_url=url("plans:initiative_edit", "h_initiative"),
        state=initiatives,
    ),
    Case(
        "plans:initiative_edit",
        label="not responsible",
        url=url("plans:initiative_edit", "theirs"),
        allowed=ADMINS,
        not_found={"consultant"},
        forbidden=READERS_OF_ADOPTED,
        contains="Matematik",
    ),
    Case(
        "plans:initiative_edit",
        method="POST",
        label="not responsible",
        url=url("plans:initiative_edit", "theirs"),
        data={"number": "1.2", "title": "Matematik for alle", "status": "ongoing"},
        allowed=ADMINS,
        not_found={"consultant"},
        forbidden=READERS_OF_ADOPTED,
        state=initiatives,
    ),
]


def make_plan(municipality, slug, title, status=PlanStatus.ADOPTED):
    return Plan.objects.create(
        municipality=municipality,
        slug=slug,
        title=title,
        sectors=["school"],
        period_kind=PeriodKind.CALENDAR_YEARS,
        period_start=2024,
        period_end=2026,
        status=status,
    )


def make_initiative(plan, number, title, area=None, responsible_user=None):
    return Initiative.objects.create(
        plan=plan,
        number=number,
        sort_key=number_sort_key(number),
        title=title,
        focus_area=area,
        responsible_user=responsible_user,
    )


@pytest.fixture
def objects(world):
    """Ishøj: adopted plan A (1.1 the consultant's, with Ishøj's method; 1.2
    nobody's), draft plan B with 9.1; Horsens: an adopted plan with a focus area
    and an initiative with Horsens' own method (and the world's Horsens-vejleder)."""
    plan = make_plan(world.ishoj, "plan-a", "Plan A")
    area = FocusArea.objects.create(plan=plan, number="1", title="Stærke fællesskaber")
    draft = make_plan(world.ishoj, "plan-b", "Plan B", status=PlanStatus.DRAFT)
    h_plan = make_plan(world.horsens, "plan-h", "Horsens-plan")
    h_area = FocusArea.objects.create(plan=h_plan, number="1", title="Horsens-området")
    h_initiative = make_initiative(h_plan, "1.1", "Horsens-indsats", h_area)
    h_initiative.methods.add(
        Method.objects.create(municipality=world.horsens, name="Horsens-metode")
    )
    h_initiative.target_functions.add(world.h_function)
    mine = make_initiative(plan, "1.1", "Læsning", area, world.users.consultant)
    mine.methods.add(Method.objects.create(municipality=world.ishoj, name="Co-teaching"))
    return SimpleNamespace(
        **vars(world),
        plan=plan,
        area=area,
        mine=mine,
        theirs=make_initiative(plan, "1.2", "Matematik", area),
        draft=draft,
        draft_area=FocusArea.objects.create(plan=draft, number="9", title="Udkastets område"),
        secret=make_initiative(draft, "9.1", "Hemmelig indsats"),
        h_plan=h_plan,
        h_area=h_area,
        h_initiative=h_initiative,
    )


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)
