"""The planner's model (coverage/planner.py): hand-made cases with exact
answers, and seeded random municipalities on which the MILP is never worse
than the greedy rule, keeps the budget, reaches the target when it can, and
every swap keeps the teachers' hours."""

import random
from decimal import Decimal

import pytest

from kompetenceplan.coverage import planner as P
from kompetenceplan.coverage.planner_synthetic import municipality

D = Decimal
NT, HIS, DAN = 1, 2, 3
SUBJECTS = {NT: "natur/teknologi", HIS: "historie", DAN: "dansk"}


def teacher(pk, name, *subjects, registered=None):
    return P.Teacher(
        pk,
        name,
        rank=pk,
        competences=frozenset(subjects),
        registered=frozenset(registered or subjects),
    )


def unit(class_id, name, subject, weight, *rows, school=1, grade=None):
    return P.Unit(
        school_id=school,
        class_id=class_id,
        class_name=name,
        grade=grade or int(name.split(".")[0]),
        subject_id=subject,
        weight=D(weight),
        teachers=tuple((t, D(h)) for t, h in rows),
    )


def kiu(pk, subject=None, price=45000, kind=P.KIU):
    return P.CourseOption(pk, f"KiU {pk}", kind, subject, D(price), D(250))


def data(units, teachers, options=(kiu(1),)):
    return P.PlannerInput(
        units=tuple(units),
        teachers={t.id: t for t in teachers},
        options=tuple(options),
        subjects=SUBJECTS,
        schools={1: "Alfa Skole"},
    )


def test_main_teacher_most_hours_then_lowest_rank():
    rank = {1: 2, 2: 1}
    assert P.main_teacher([(1, D(60)), (2, D(30))], rank) == 1
    assert P.main_teacher([(1, D(60)), (2, D(60))], rank) == 2
    assert P.main_teacher([], rank) is None


def test_coverage_before_counts_the_main_teacher_only():
    mette, soren = teacher(1, "Mette Hansen", NT), teacher(2, "Søren Jensen")
    d = data(
        [unit(1, "4.a", NT, 90, (1, 30), (2, 60)), unit(2, "4.b", NT, 90, (1, 90))],
        [mette, soren],
    )
    plan = P.solve(d, P.Goal(budget=D(0)))
    assert plan.before == P.Coverage(D(180), D(90))
    assert plan.before.coverage == D("50.0")


def test_greedy_takes_the_best_ratio_and_the_milp_the_best_plan():
    # budget 50.000: greedy takes Anne (110 h for 10.000) and then nothing fits;
    # the MILP takes Mette (500 h for 50.000).
    mette, anne = teacher(1, "Mette Hansen"), teacher(2, "Anne Larsen")
    d = data(
        [
            unit(1, "4.a", NT, 250, (1, 250)),
            unit(2, "5.a", NT, 250, (1, 250)),
            unit(3, "6.a", HIS, 110, (2, 110)),
        ],
        [mette, anne],
        [kiu(1, NT, 50000), kiu(2, HIS, 10000)],
    )
    goal = P.Goal(budget=D(50000))
    greedy, milp = P.solve(d, goal, P.Method.GREEDY), P.solve(d, goal)
    assert [(u.teacher, u.cost) for u in greedy.upskillings] == [("Anne Larsen", D(10000))]
    assert [(u.teacher, u.cost) for u in milp.upskillings] == [("Mette Hansen", D(50000))]
    assert milp.after.covered_hours == D(500) > greedy.after.covered_hours == D(110)
    assert milp.status == P.Status.OPTIMAL
    assert milp.upskillings[0].explanation() == (
        "Uddan Mette Hansen i natur/teknologi (KiU, 50.000 kr.): dækker 500 timer i 4.a og 5.a"
    )


def test_minimum_cost_to_reach_the_target():
    mette, anne = teacher(1, "Mette Hansen"), teacher(2, "Anne Larsen")
    d = data(
        [
            unit(1, "4.a", NT, 100, (1, 100)),
            unit(2, "4.b", HIS, 100, (2, 100)),
            unit(3, "4.c", DAN, 200, (1, 200)),
        ],
        [mette, anne],
        [kiu(1, NT, 20000), kiu(2, HIS, 30000), kiu(3, DAN, 40000)],
    )
    plan = P.solve(d, P.Goal(target=D(50)))  # 200 of 400 hours
    assert [(u.teacher, u.subject) for u in plan.upskillings] == [("Mette Hansen", "dansk")]
    assert plan.cost == D(40000) and plan.reached
    plan = P.solve(d, P.Goal(target=D(75), budget=D(70000)))
    assert plan.cost == D(60000) and plan.reached  # dansk and natur/teknologi: 300 hours
    plan = P.solve(d, P.Goal(target=D(50), budget=D(35000)))
    assert plan.status == P.Status.UNREACHABLE and not plan.reached
    # the most coverage within the budget instead, at the lowest cost
    assert plan.after.covered_hours == D(100) and plan.cost == D(20000)


def test_a_swap_in_the_year_team_covers_without_a_course():
    # Mette holds historie and teaches natur/teknologi in 5.a; Søren holds
    # natur/teknologi and teaches historie in 5.b: both 60 hours.
    mette, soren = teacher(1, "Mette Hansen", HIS), teacher(2, "Søren Jensen", NT)
    d = data([unit(1, "5.a", NT, 60, (1, 60)), unit(2, "5.b", HIS, 60, (2, 60))], [mette, soren])
    plan = P.solve(d, P.Goal(target=D(100)))
    assert plan.cost == 0 and not plan.upskillings
    assert plan.after == P.Coverage(D(120), D(120))
    (swap,) = plan.swaps
    assert swap.gained == D(120)
    assert swap.explanation() == (
        "Byt: Søren Jensen overtager natur/teknologi i 5.a fra Mette Hansen (60 timer), "
        "og Mette Hansen overtager historie i 5.b (60 timer): dækker 120 timer uden kursus"
    )
    assert plan.hours_change == {1: D(0), 2: D(0)}
    # the greedy rule knows no swaps: two courses
    assert P.solve(d, P.Goal(target=D(100)), P.Method.GREEDY).cost == D(90000)
    # without swaps the MILP pays too
    assert P.solve(d, P.Goal(target=D(100), allow_swaps=False)).cost == D(90000)


def test_swaps_keep_each_teachers_hours_within_the_slack():
    mette, soren = teacher(1, "Mette Hansen", HIS), teacher(2, "Søren Jensen", NT)
    units = [unit(1, "5.a", NT, 90, (1, 90)), unit(2, "5.b", HIS, 60, (2, 60))]
    d = data(units, [mette, soren], [])
    assert P.solve(d, P.Goal(budget=D(0))).swaps == ()
    plan = P.solve(d, P.Goal(budget=D(0), slack_hours=D(30)))
    assert len(plan.swaps) == 1
    assert plan.hours_change == {1: D(-30), 2: D(30)}


def test_swaps_only_in_the_same_school_and_year_team():
    mette, soren = teacher(1, "Mette Hansen", HIS), teacher(2, "Søren Jensen", NT)
    other_grade = [unit(1, "5.a", NT, 60, (1, 60)), unit(2, "6.b", HIS, 60, (2, 60))]
    assert P.solve(data(other_grade, [mette, soren], []), P.Goal(budget=D(0))).swaps == ()
    other_school = [unit(1, "5.a", NT, 60, (1, 60)), unit(2, "5.b", HIS, 60, (2, 60), school=2)]
    assert P.solve(data(other_school, [mette, soren], []), P.Goal(budget=D(0))).swaps == ()


def test_a_swap_never_uncovers_a_unit():
    # Søren covers historie in 5.b; Mette does not hold historie: no swap
    mette, soren = teacher(1, "Mette Hansen"), teacher(2, "Søren Jensen", NT, HIS)
    d = data(
        [unit(1, "5.a", NT, 60, (1, 60)), unit(2, "5.b", HIS, 60, (2, 60))], [mette, soren], []
    )
    assert P.solve(d, P.Goal(budget=D(0))).swaps == ()


def test_no_seventh_competence():
    six = teacher(1, "Mette Hansen", 11, 12, 13, 14, 15, 16)
    five = teacher(2, "Anne Larsen", 11, 12, 13, 14, 15)
    d = data([unit(1, "4.a", NT, 90, (1, 90)), unit(2, "4.b", NT, 90, (2, 90))], [six, five])
    plan = P.solve(d, P.Goal(budget=D(1_000_000)))
    assert [u.teacher for u in plan.upskillings] == ["Anne Larsen"]


def test_experience_courses_only_for_teachers_of_the_subject():
    mette = teacher(1, "Mette Hansen")
    options = [kiu(1, NT, 45000), kiu(2, None, 9500, kind=P.COMPETENCE_EXAM)]
    d = data([unit(1, "4.a", NT, 90, (1, 90))], [mette], options)
    (course,) = P.solve(d, P.Goal(target=D(100))).upskillings
    assert course.option.kind == P.COMPETENCE_EXAM and course.cost == D(9500)
    # a co-teacher who does not teach natur/teknologi cannot take the exam ...
    anne = teacher(2, "Anne Larsen")
    d = data([unit(1, "4.a", NT, 90, (1, 90)), unit(2, "4.a", DAN, 90, (2, 90))], [mette, anne])
    assert P.solve(d, P.Goal(budget=D(0))).ceiling == P.Coverage(D(180), D(180))


def test_estimated_schools_count_as_fixed_hours():
    mette = teacher(1, "Mette Hansen")
    d = P.PlannerInput(
        units=(unit(1, "4.a", NT, 100, (1, 100)),),
        teachers={1: mette},
        options=(kiu(1),),
        subjects=SUBJECTS,
        fixed_hours=D(100),
        fixed_covered=D(50),
    )
    plan = P.solve(d, P.Goal(target=D(75)))
    assert plan.before == P.Coverage(D(200), D(50))
    assert plan.after == P.Coverage(D(200), D(150)) and plan.reached


def test_goal_needs_a_target_or_a_budget():
    with pytest.raises(ValueError):
        P.Goal()


def test_join_classes():
    assert P.join_classes(["4.a"]) == "4.a"
    assert P.join_classes(["4.a", "5.b", "6.b"]) == "4.a, 5.b og 6.b"
    assert P.join_classes([f"{g}.a" for g in range(1, 9)]) == "1.a-8.a (8 klasser)"
    assert P.kr_text(D(45000)) == "45.000 kr." and P.hours_text(D("67.5")) == "67,5"


@pytest.mark.parametrize("seed", range(12))
def test_random_municipalities_milp_never_worse_than_greedy(seed):
    rng = random.Random(seed)
    d = municipality(schools=2, seed=seed, qualified_share=rng.uniform(0.5, 0.9))
    slack = D(rng.choice((0, 0, 30)))
    budget = D(rng.randrange(0, 400_000, 500))
    by_budget = P.Goal(budget=budget, slack_hours=slack)
    milp, greedy = P.solve(d, by_budget), P.solve(d, by_budget, P.Method.GREEDY)
    assert milp.status == P.Status.OPTIMAL
    assert milp.cost <= budget and greedy.cost <= budget
    assert milp.after.covered_hours >= greedy.after.covered_hours
    for change in milp.hours_change.values():
        assert abs(change) <= slack
    assert milp.after == P.coverage_of(
        d,
        [(u.teacher_id, u.subject_id) for u in milp.upskillings],
        [
            move
            for sw in milp.swaps
            for move in (
                (_index(d, sw.first), sw.first.to_id),
                (_index(d, sw.second), sw.second.to_id),
            )
        ],
    )

    target = D(rng.choice((85, 90, 95)))
    by_target = P.Goal(target=target, slack_hours=slack)
    milp, greedy = P.solve(d, by_target), P.solve(d, by_target, P.Method.GREEDY)
    assert milp.ceiling is not None
    if milp.ceiling.reaches(target):
        assert milp.reached and milp.status == P.Status.OPTIMAL
    assert milp.reached == (milp.status != P.Status.UNREACHABLE)
    if greedy.reached:
        assert milp.cost <= greedy.cost
    # the budget that lets greedy reach the target lets the MILP reach it too
    with_budget = P.Goal(target=target, budget=greedy.cost, slack_hours=slack)
    if greedy.reached:
        capped = P.solve(d, with_budget)
        assert capped.reached and capped.cost <= greedy.cost


def _index(d, leg):
    return next(
        i
        for i, u in enumerate(d.units)
        if u.class_id == leg.class_id and u.subject_id == leg.subject_id
    )
