"""Follow-up fixtures: the ``world``'s Ishøj with four kinds (1:1 4-6 times a
year, team development twice, the yearly local and municipal evaluations), a
kind without cadence, Horsens with a kind and a meeting, and a generated year."""

from types import SimpleNamespace

import pytest

from kompetenceplan.core.choices import Role
from kompetenceplan.followup.choices import FollowupCategory, FollowupScope
from kompetenceplan.followup.models import FollowupKind, FollowupMeeting
from kompetenceplan.followup.services import followup_meetings_generate
from kompetenceplan.funding.tests.factories import make_initiative, make_plan
from kompetenceplan.testing.factories import make_user

YEAR = 2025


def make_kind(municipality, name, category, low=None, high=None, **extra):
    scope = (
        FollowupScope.MUNICIPALITY
        if category == FollowupCategory.EVALUATION_MUNICIPAL
        else FollowupScope.PER_SCHOOL
    )
    return FollowupKind.objects.create(
        municipality=municipality,
        name=name,
        category=category,
        scope=scope,
        times_min=low,
        times_max=high,
        **extra,
    )


@pytest.fixture
def fw(world):
    one = make_kind(world.ishoj, "1:1-samtale", FollowupCategory.ONE_TO_ONE, 4, 6)
    team = make_kind(
        world.ishoj,
        "Teamudviklingssamtale",
        FollowupCategory.TEAM_DEVELOPMENT,
        2,
        2,
        duration_minutes=90,
    )
    local = make_kind(world.ishoj, "Lokal evaluering", FollowupCategory.EVALUATION_LOCAL, 1, 1)
    municipal = make_kind(
        world.ishoj, "Kommunal evaluering", FollowupCategory.EVALUATION_MUNICIPAL, 1, 1
    )
    ongoing = make_kind(world.ishoj, "Løbende sparring", FollowupCategory.SPARRING)
    h_kind = make_kind(world.horsens, "Horsens 1:1", FollowupCategory.ONE_TO_ONE, 2, 2)
    h_leader = make_user(
        world.horsens, Role.LEADER, institutions=[world.school_h], username="h_leader"
    )
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=YEAR,
        kinds=[one, team, local, municipal],
        host=world.users.admin,
    )
    followup_meetings_generate(
        actor=None,
        municipality=world.horsens,
        school_year=YEAR,
        kinds=[h_kind],
        host=world.users.horsens_admin,
    )
    plan = make_plan(world.ishoj, "plan-a")
    initiative = make_initiative(plan, "1.1", title="Læsning i indskolingen")
    h_plan = make_plan(world.horsens, "plan-h", title="Horsens plan")
    h_initiative = make_initiative(h_plan, "1.1", title="Horsens indsats")
    meeting = (
        FollowupMeeting.objects.filter(municipality=world.ishoj, kind=one)
        .order_by("starts_at")
        .first()
    )
    return SimpleNamespace(
        one=one,
        team=team,
        local=local,
        municipal=municipal,
        ongoing=ongoing,
        h_kind=h_kind,
        h_leader=h_leader,
        meeting=meeting,
        h_meeting=FollowupMeeting.objects.filter(municipality=world.horsens).first(),
        plan=plan,
        initiative=initiative,
        h_initiative=h_initiative,
    )
