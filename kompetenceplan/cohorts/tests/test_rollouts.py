"""Rollouts (docs/cohorts.md, "Udrulning"): the target group, the straight-line
plan, what counts as taken part, the not-yet list, the leader's narrowing and
the pages' query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.cohorts import rollouts
from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.models import Enrolment, RolloutCriterion, RolloutTarget
from kompetenceplan.core.models import ChangeLogEntry, ReadLogEntry
from kompetenceplan.organisation.models import Employment, JobRole
from kompetenceplan.testing.factories import make_person

from .factories import make_cohort

pytestmark = pytest.mark.django_db

YEAR_1 = dt.date(2025, 10, 1)  # in 2025/26, the first of four school years


def enrol(cohort, person, status=EnrolmentStatus.ENROLLED):
    return Enrolment.objects.create(
        cohort=cohort, person=person, status=status, status_changed_at=timezone.now()
    )


@pytest.fixture
def rollout(world, cw):
    """School A: Anne, Bo and 8 more teachers (10), Pia the pædagog (outside);
    Bo also teaches at school B (with Carl: 2). Four of A's teachers are
    seated in 2025/26 (Bo among them); one more has a cancelled enrolment, one
    is waitlisted."""
    teachers_a = [world.person_a, world.person_a2] + [
        make_person(world.school_a, first=f"Lærer{n}", last="A", number=f"LA{n}") for n in range(8)
    ]
    Employment.objects.create(
        person=world.person_a2,
        institution=world.school_b,
        job_role=JobRole.objects.get(name="Lærer"),
        start_date=dt.date(2021, 8, 1),
    )
    big = make_cohort(cw.initiative, "Stort hold", capacity=30)
    for person in (world.person_a2, *teachers_a[2:4]):
        enrol(big, person)
    enrol(big, teachers_a[4], EnrolmentStatus.COMPLETED)
    enrol(big, teachers_a[5], EnrolmentStatus.CANCELLED)
    enrol(big, teachers_a[6], EnrolmentStatus.WAITLISTED)
    enrol(big, cw.pedagogue)  # outside the target group
    target = rollouts.rollout_set(
        actor=world.users.consultant,
        initiative=cw.initiative,
        target_roles=[JobRole.objects.get(name="Lærer")],
        institution_kinds=["skole"],
        first_school_year="2025/26",
        school_years=4,
    )
    return target, teachers_a, big


def test_straight_line_in_year_one(world, rollout):
    target, teachers_a, _ = rollout
    progress = rollouts.rollout_progress(target=target, user=world.users.admin, today=YEAR_1)
    rows = {row.label: row for row in progress.rows}
    a = rows["Skole A"]
    assert (a.population, a.reached, a.plan, a.difference) == (
        10,
        4,
        Decimal("2.5"),
        Decimal("1.5"),
    )
    assert (a.reached_percent, a.plan_percent) == (40, 25)
    assert [(c.school_year, c.reached, c.plan) for c in a.years] == [
        ("2025/26", 4, Decimal("2.5")),
        ("2026/27", None, Decimal("5.0")),
        ("2027/28", None, Decimal("7.5")),
        ("2028/29", None, Decimal("10.0")),
    ]
    # Bo teaches at both schools: counted at each, once in the total.
    b = rows["Skole B"]
    assert (b.population, b.reached) == (2, 1)
    assert (progress.total.population, progress.total.reached) == (11, 4)
    # The pædagog is outside; the cancelled and the waitlisted have not taken part.
    assert cw_names(a.not_yet) == sorted(
        p.first_name for p in teachers_a if p.pk not in {t.pk for t in teachers_a[1:5]}
    )
    assert "Pia" not in cw_names(progress.not_yet())


def cw_names(people):
    return sorted(p.first_name for p in people)


def test_completed_criterion_and_years(world, cw, rollout):
    target, teachers_a, big = rollout
    target = rollouts.rollout_set(
        actor=world.users.admin,
        initiative=cw.initiative,
        target_roles=[JobRole.objects.get(name="Lærer")],
        first_school_year="2025/26",
        school_years=4,
        criterion=RolloutCriterion.COMPLETED,
    )
    later = make_cohort(cw.initiative, "Hold 2027", school_year="2027/28", capacity=30)
    enrol(later, teachers_a[7], EnrolmentStatus.COMPLETED)
    outside = make_cohort(cw.initiative, "Hold 2030", school_year="2030/31", capacity=30)
    enrol(outside, teachers_a[8], EnrolmentStatus.COMPLETED)  # after the period
    progress = rollouts.rollout_progress(
        target=target, user=world.users.admin, today=dt.date(2027, 9, 1)
    )
    a = next(row for row in progress.rows if row.label == "Skole A")
    assert (a.reached, a.plan) == (2, Decimal("7.5"))
    assert [c.reached for c in a.years] == [1, 1, 2, None]


def test_leader_sees_own_institution(world, rollout):
    target, _, _ = rollout
    progress = rollouts.rollout_progress(target=target, user=world.users.leader, today=YEAR_1)
    assert [row.label for row in progress.rows] == ["Skole A"]
    assert progress.narrowed
    assert "Carl" not in cw_names(progress.not_yet())


def test_rollout_set_rules_and_log(world, cw):
    teacher = JobRole.objects.get(name="Lærer")
    common = {"actor": world.users.admin, "initiative": cw.initiative, "school_years": 4}
    with pytest.raises(ValidationError) as exc:
        rollouts.rollout_set(target_roles=[], first_school_year="2025/26", **common)
    assert "target_roles" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        rollouts.rollout_set(target_roles=[teacher], first_school_year="2025/27", **common)
    assert "first_school_year" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        rollouts.rollout_set(
            target_roles=[teacher], first_school_year="2025/26", **{**common, "school_years": 0}
        )
    assert "school_years" in exc.value.error_dict
    target = rollouts.rollout_set(target_roles=[teacher], first_school_year="2025/26", **common)
    assert ChangeLogEntry.objects.filter(object_id=str(target.pk), action="create").exists()
    pk = target.pk
    rollouts.rollout_delete(actor=world.users.admin, target=target)
    assert not RolloutTarget.objects.exists()
    assert ChangeLogEntry.objects.filter(action="delete", object_id=str(pk)).exists()


def test_pages_and_queries(client, world, cw, rollout, django_assert_num_queries):
    target, _, big = rollout
    # 200 more teachers at school A, half of them seated: the query count stays.
    for n in range(200):
        person = make_person(world.school_a, first=f"Ekstra{n}", last="A", number=f"X{n}")
        if n % 2:
            enrol(big, person)
    client.force_login(world.users.consultant)
    url = reverse("cohorts:rollout", args=[cw.initiative.pk])
    # session, user, initiative, target, its roles, the population, the
    # enrolments, the initiative's change check, the municipality, session save (3)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "Plan til dato" in response.content.decode()
    not_yet = reverse("cohorts:rollout_not_yet", args=[cw.initiative.pk])
    # ... and the read log (content type, entry, subjects) instead of the change check
    ContentType.objects.clear_cache()
    with django_assert_num_queries(14):
        response = client.get(not_yet)
    assert "Ekstra0" in response.content.decode()
    assert ReadLogEntry.objects.filter(label__contains="Ikke deltaget").exists()


def test_leader_not_yet_page(client, world, cw, rollout):
    client.force_login(world.users.leader)
    response = client.get(reverse("cohorts:rollout_not_yet", args=[cw.initiative.pk]))
    content = response.content.decode()
    assert "Anne Andersen" in content
    assert "Carl Christensen" not in content


def test_form_sets_target(client, world, cw):
    client.force_login(world.users.consultant)
    teacher = JobRole.objects.get(name="Lærer")
    response = client.post(
        reverse("cohorts:rollout_edit", args=[cw.initiative.pk]),
        {
            "target_roles": [teacher.pk],
            "institution_kinds": ["skole"],
            "sector": "",
            "first_school_year": "2025/26",
            "school_years": "4",
            "criterion": "seated",
        },
    )
    assert response.status_code == 302
    target = RolloutTarget.objects.get(initiative=cw.initiative)
    assert (target.school_years, list(target.target_roles.all())) == (4, [teacher])
    assert target.created_by == world.users.consultant


def test_demo_rollout(capsys):
    from django.core.management import call_command

    from kompetenceplan.accounts.models import User

    call_command("load_demo", quiet_logins=True)
    target = RolloutTarget.objects.get(
        initiative__number="2.2", initiative__plan__slug="ishoj-skole-2024-2026"
    )
    assert (target.first_school_year, target.school_years) == ("2025/26", 4)
    progress = rollouts.rollout_progress(
        target=target, user=User.objects.get(username="ishoj-admin"), today=YEAR_1
    )
    assert len(progress.rows) == 5  # the five schools
    # 25 seated on the language course and 6 on the after-work meetings (both 2.2);
    # the learning day is 1.3, and ishoj-laerer's request is not a seat. In
    # 2026/27 (the demo's coming cohorts, also 2.2): 15 seated on the language
    # course's second run (ishoj-laerer among them), 12 on the full after-work
    # meeting (its waitlist is not a seat) and 6 on this year's after-work
    # meetings (ishoj-laerer's request is not a seat): 31 + 33 = 64.
    assert (progress.total.population, progress.total.reached) == (220, 64)
    call_command("load_demo", quiet_logins=True)
    assert RolloutTarget.objects.count() == 1


def test_leader_front_page_panel(client, world, rollout):
    client.force_login(world.users.leader)
    page = client.get(reverse("core:home")).content.decode()
    assert "Udrulning på dine institutioner" in page
    # School A: 10 teachers, 4 reached; the plan depends on today's school year.
    assert "4 af 10 har deltaget" in page
    client.force_login(world.users.consultant)
    assert (
        "Udrulning på dine institutioner" not in client.get(reverse("core:home")).content.decode()
    )


def _reach(targets, institution_ids, today):
    targets = list(
        RolloutTarget.objects.filter(pk__in=[t.pk for t in targets]).prefetch_related(
            "target_roles"
        )
    )
    return rollouts.rollout_reach(targets=targets, institution_ids=institution_ids, today=today)


def test_rollout_reach_is_the_progress_rows_in_two_queries(
    world, cw, rollout, django_assert_num_queries
):
    """The overviews' reading of many targets: the same rows as rollout_progress."""
    target, teachers_a, _ = rollout
    ids = [world.school_a.pk, world.school_b.pk, world.school_h.pk]
    targets = list(RolloutTarget.objects.prefetch_related("target_roles"))
    with django_assert_num_queries(2):
        reach = rollouts.rollout_reach(targets=targets, institution_ids=ids, today=YEAR_1)
    a, b = reach[target.pk, world.school_a.pk], reach[target.pk, world.school_b.pk]
    assert (a.population, a.reached, a.plan, a.reached_percent) == (10, 4, Decimal("2.5"), 40)
    assert (b.population, b.reached, b.plan) == (2, 1, Decimal("0.5"))
    assert (target.pk, world.school_h.pk) not in reach  # another municipality
    # The completed criterion, two years in: the completed one only, and the
    # one who completes in 2027/28 (within the period) counts already.
    target.criterion = RolloutCriterion.COMPLETED
    target.save()
    later = make_cohort(cw.initiative, "Hold 2027", school_year="2027/28", capacity=30)
    enrol(later, teachers_a[7], EnrolmentStatus.COMPLETED)
    outside = make_cohort(cw.initiative, "Hold 2030", school_year="2030/31", capacity=30)
    enrol(outside, teachers_a[8], EnrolmentStatus.COMPLETED)
    today = dt.date(2026, 9, 1)
    a = _reach([target], ids, today)[target.pk, world.school_a.pk]
    progress = rollouts.rollout_progress(target=target, user=world.users.admin, today=today)
    row = next(r for r in progress.rows if r.label == "Skole A")
    assert (a.population, a.reached, a.plan) == (row.population, row.reached, row.plan)
    assert (a.reached, a.plan) == (2, Decimal("5.0"))


def test_rollout_reach_narrows_kind_and_sector_and_knows_the_active_period(world, cw, rollout):
    target, _, _ = rollout
    daycare_target = rollouts.rollout_set(
        actor=world.users.consultant,
        initiative=make_cohort(cw.initiative, "x").initiative,  # the same initiative
        target_roles=[JobRole.objects.get(name="Pædagog")],
        first_school_year="2025/26",
        school_years=1,
        sector="daycare",
    )
    # rollout_set changes the initiative's one target: Pia at school A is no daycare.
    assert daycare_target.pk == target.pk
    assert _reach([daycare_target], [world.school_a.pk], YEAR_1) == {}
    assert rollouts.is_active(daycare_target, YEAR_1)
    assert not rollouts.is_active(daycare_target, dt.date(2026, 9, 1))
