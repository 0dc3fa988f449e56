"""The coverage planner: which teachers to upskill in which subjects, and which
lessons to re-allocate between already qualified teachers, to reach a coverage
target at the lowest cost or to get the most coverage for a budget.

Pure code (numpy and scipy only, no Django): ``planner_data`` builds the
input from the database, the pages and ``bench/planner.py`` call :func:`solve`.
The model, in plain words, is in docs/coverage.md ("Planlægning").

The model
---------
*Units.* One unit per class x subject that the coverage counts, after the
counting rules (normal classes, klassetrin 1-10, subjects in the coverage,
allocation rows of teachers with more than six competences dropped): its
weight (the guideline hours, or the main teacher's planned hours) and its
teachers with their planned hours. The main teacher is the one with the most
hours, on a tie the lowest ``rank`` (the computation's tie rule: lowest
employee number). A unit is covered when its main teacher holds a counting
competence in the subject. Schools the planner cannot change (estimates, no
allocation) enter as fixed hours and covered hours.

*Upskilling* ``x[t, s]`` (binary): teacher t takes a course in subject s. The
course is the cheapest course option that fits: a KiU course (fuldt
fagforløb) is open to every teacher; a supplementary course and a
kompetencemålsprøve build on experience, so they fit only a teacher who
teaches the subject this school year; an option without a subject fits every
subject. A teacher who already has six competences registered cannot take a
seventh (the seventh would exclude them and all their hours). Only teachers
who are the main teacher of at least one uncovered unit in the subject are
candidates. The course covers the units in the subject the teacher remains
the main teacher of.

*Swap* ``z[s]`` (binary): two units u and v at the same school and on the
same klassetrin (the year team), with different main teachers a and b, swap
main teacher: a's planned hours in u go
to b and b's planned hours in v go to a (the co-teachers keep theirs). Every
teacher's planned hours stay as they are, give or take ``slack_hours``: a
swap is a candidate only when the two main teachers' hours differ by at most
the slack, and with a slack above 0 each teacher's hours taken over minus
handed over, summed over the chosen swaps, stay within ``[-slack, slack]``.
A candidate swap makes at least one of the two units covered (by the rules,
with the tie rule after the swap) and leaves neither worse. A unit is in at
most one swap.

*Covered* ``c[u]`` (binary) for each uncovered unit that could
become covered: ``c[u] <= sum of the swaps that cover u + x[main(u),
subject(u)]``, and ``c[u] <= 1 - the swaps that give u to another teacher
without covering it`` (a course covers only the units its teacher keeps).

*Constraints.* The budget: ``sum cost * x <= budget``. The target:
``covered now + sum weight * c >= target % x all hours``. And a cut that
makes the answer never worse than the greedy rule's (a known feasible
solution): cost at most the greedy cost (minimum cost), coverage at least the
greedy coverage (maximum coverage).

*Objectives.* Minimum cost: minimise ``sum cost * x`` (plus 0.01 kr. per
swap, so of two equally cheap plans the one with fewer swaps wins).
Maximum coverage: maximise ``sum weight * c``, then, keeping that coverage,
minimise the cost the same way (two solves). HiGHS solves to optimality
(relative gap 0) within the time limit; at the limit the best plan found is
returned and marked as such (never worse than the greedy plan).

The greedy rule (for comparison, courses only): take the candidate courses in
order of covered hours per krone (free ones first), each if it fits the
budget, until the target is reached. Upskilling candidates never share a unit
(a unit has one main teacher and one subject), so without swaps the problem
is a knapsack; the MILP's optimum is never worse than the greedy choice.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

ZERO = Decimal("0")
HUNDRED = Decimal("100")
#: A teacher registered with more than this many competences is excluded.
MAX_COMPETENCES = 6
#: Course kinds (the values of coverage.choices.CourseKind).
KIU = "kiu"
SUPPLEMENTARY = "supplementary"
COMPETENCE_EXAM = "competence_exam"
#: Kinds that build on experience: only for a teacher who teaches the subject.
EXPERIENCE_KINDS = frozenset({SUPPLEMENTARY, COMPETENCE_EXAM})
#: Decimal hours and weights become integers in hundredths for the solver.
SCALE = 100


class Method(StrEnum):
    MILP = "milp"
    GREEDY = "greedy"


class Status(StrEnum):
    OPTIMAL = "optimal"  # the MILP's optimum (or the greedy rule's answer)
    UNREACHABLE = "unreachable"  # the target cannot be reached within the budget
    TIME_LIMIT = "time_limit"  # the solver stopped at its time limit (best found)


def gettext_noop(message: str) -> str:
    """Marks a Danish message for translation (makemessages finds it); the
    caller translates it with the ``tr`` it passes to the explanations."""
    return message


# --- input -------------------------------------------------------------------


@dataclass(frozen=True)
class Teacher:
    id: int
    name: str
    #: Order of the tie rule: on equal hours the lower rank is main teacher.
    rank: int
    #: Subjects in which the teacher holds a competence that counts this year.
    competences: frozenset[int] = frozenset()
    #: Subjects registered at all (also not yet counting): the ">6" rule.
    registered: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Unit:
    school_id: int
    class_id: int
    class_name: str
    grade: int
    subject_id: int
    weight: Decimal
    #: (teacher id, planned hours): the rows that count (excluded teachers dropped).
    teachers: tuple[tuple[int, Decimal], ...]


@dataclass(frozen=True)
class CourseOption:
    id: int
    name: str
    kind: str
    subject_id: int | None  # None: any subject
    price: Decimal
    duration_hours: Decimal = ZERO


@dataclass(frozen=True)
class PlannerInput:
    units: tuple[Unit, ...]
    teachers: Mapping[int, Teacher]
    options: tuple[CourseOption, ...]
    subjects: Mapping[int, str] = field(default_factory=dict)
    schools: Mapping[int, str] = field(default_factory=dict)
    #: Hours and covered hours the planner counts but cannot change (estimates).
    fixed_hours: Decimal = ZERO
    fixed_covered: Decimal = ZERO


@dataclass(frozen=True)
class Goal:
    """Minimum cost to reach ``target`` (percent), within ``budget`` when
    given; without a target, maximum coverage within ``budget``."""

    target: Decimal | None = None
    budget: Decimal | None = None
    slack_hours: Decimal = ZERO
    allow_swaps: bool = True
    time_limit: float = 60.0
    #: HiGHS's relative gap; 0 proves the optimum.
    mip_gap: float = 0.0

    def __post_init__(self) -> None:
        if self.target is None and self.budget is None:
            raise ValueError("A goal needs a target or a budget.")


# --- output ------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    hours: Decimal
    covered_hours: Decimal

    @property
    def coverage(self) -> Decimal | None:
        """Percent with one decimal (ROUND_HALF_UP), like the computation."""
        if not self.hours:
            return None
        return (self.covered_hours * HUNDRED / self.hours).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def reaches(self, target: Decimal) -> bool:
        return self.covered_hours * HUNDRED >= target * self.hours


@dataclass(frozen=True)
class Upskilling:
    teacher_id: int
    teacher: str
    subject_id: int
    subject: str
    option: CourseOption
    #: Weighted hours the course makes covered (units the teacher keeps).
    hours: Decimal
    classes: tuple[str, ...]
    school_ids: tuple[int, ...]

    @property
    def cost(self) -> Decimal:
        return self.option.price

    def explanation(self, tr: Callable[[str], str] | None = None) -> str:
        return explain_upskilling(self, tr)


@dataclass(frozen=True)
class Leg:
    """One half of a swap: a class x subject changes main teacher."""

    class_id: int
    class_name: str
    subject_id: int
    subject: str
    from_id: int
    from_name: str
    to_id: int
    to_name: str
    #: The main teacher's planned hours that change teacher.
    planned_hours: Decimal
    weight: Decimal
    covered_before: bool
    covered_after: bool


@dataclass(frozen=True)
class Swap:
    school_id: int
    first: Leg
    second: Leg

    @property
    def gained(self) -> Decimal:
        """Weighted hours the swap makes covered."""
        return sum(
            (
                leg.weight
                for leg in (self.first, self.second)
                if leg.covered_after and not leg.covered_before
            ),
            ZERO,
        )

    def explanation(self, tr: Callable[[str], str] | None = None) -> str:
        return explain_swap(self, tr)


@dataclass(frozen=True)
class Plan:
    method: str
    status: str
    goal: Goal
    before: Coverage
    after: Coverage
    upskillings: tuple[Upskilling, ...]
    swaps: tuple[Swap, ...]
    seconds: float
    #: The most coverage reachable with every candidate course and swap.
    ceiling: Coverage | None = None
    #: The MILP's proven relative gap (0: optimal); None for the greedy rule.
    gap: float | None = None

    @property
    def cost(self) -> Decimal:
        return sum((u.cost for u in self.upskillings), ZERO)

    @property
    def reached(self) -> bool | None:
        return None if self.goal.target is None else self.after.reaches(self.goal.target)

    @property
    def hours_change(self) -> Mapping[int, Decimal]:
        """Per teacher in a swap: planned hours taken over minus handed over."""
        delta: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for swap in self.swaps:
            for leg in (swap.first, swap.second):
                delta[leg.to_id] += leg.planned_hours
                delta[leg.from_id] -= leg.planned_hours
        return dict(delta)


# --- the counting rules on the planner's input ----------------------------------


def main_teacher(teachers: Iterable[tuple[int, Decimal]], rank: Mapping[int, int]) -> int | None:
    """Most hours; on a tie the lowest rank."""
    best: tuple[Decimal, int] | None = None
    main = None
    for teacher_id, hours in teachers:
        key = (-hours, rank[teacher_id])
        if best is None or key < best:
            best, main = key, teacher_id
    return main


def rows_after_move(
    rows: Sequence[tuple[int, Decimal]], main: int, to: int
) -> tuple[tuple[int, Decimal], ...]:
    """A unit's rows after the main teacher's hours move to ``to``."""
    moved = dict(rows)
    hours = moved.pop(main)
    moved[to] = moved.get(to, ZERO) + hours
    return tuple(moved.items())


def _ranks(data: PlannerInput) -> dict[int, int]:
    return {t.id: t.rank for t in data.teachers.values()}


def _qualified(
    data: PlannerInput, teacher: int | None, subject: int, extra: Set[tuple[int, int]]
) -> bool:
    if teacher is None:
        return False
    return subject in data.teachers[teacher].competences or (teacher, subject) in extra


def coverage_of(
    data: PlannerInput,
    upskillings: Iterable[tuple[int, int]] = (),
    moves: Iterable[tuple[int, int]] = (),
) -> Coverage:
    """Coverage after the given courses ``(teacher, subject)`` and moves of a
    unit's main teacher's hours ``(unit index, to teacher)``, computed from
    the rules (a swap is two moves)."""
    extra = set(upskillings)
    moved = dict(moves)
    rank = _ranks(data)
    hours, covered = data.fixed_hours, data.fixed_covered
    for index, unit in enumerate(data.units):
        rows = unit.teachers
        main = main_teacher(rows, rank)
        if index in moved and main is not None:
            rows = rows_after_move(rows, main, moved[index])
            main = main_teacher(rows, rank)
        hours += unit.weight
        if _qualified(data, main, unit.subject_id, extra):
            covered += unit.weight
    return Coverage(hours, covered)


# --- candidates ------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    teacher_id: int
    subject_id: int
    option: CourseOption
    units: tuple[int, ...]  # uncovered units where the teacher is main
    gain: Decimal


@dataclass(frozen=True)
class _SwapCandidate:
    first: int  # unit indices
    second: int
    first_main: int
    second_main: int
    first_hours: Decimal  # the main teachers' planned hours
    second_hours: Decimal
    first_after: bool  # covered after the swap
    second_after: bool


@dataclass
class _Prepared:
    mains: list[int | None]
    covered: list[bool]
    candidates: list[_Candidate]
    swaps: list[_SwapCandidate]
    hours: Decimal
    covered_hours: Decimal


def _cheapest_option(
    options: Sequence[CourseOption], subject_id: int, teaches_subject: bool
) -> CourseOption | None:
    fitting = [
        o
        for o in options
        if (o.subject_id is None or o.subject_id == subject_id)
        and (o.kind not in EXPERIENCE_KINDS or teaches_subject)
    ]
    if not fitting:
        return None
    return min(fitting, key=lambda o: (o.price, o.duration_hours, o.id))


def _prepare(data: PlannerInput, goal: Goal, swaps: bool) -> _Prepared:
    rank = _ranks(data)
    units = data.units
    mains = [main_teacher(u.teachers, rank) for u in units]
    covered = [_qualified(data, m, u.subject_id, set()) for u, m in zip(units, mains, strict=True)]
    hours = data.fixed_hours + sum((u.weight for u in units), ZERO)
    covered_hours = data.fixed_covered + sum(
        (u.weight for u, c in zip(units, covered, strict=True) if c), ZERO
    )

    teaches: set[tuple[int, int]] = {(t, u.subject_id) for u in units for t, _hours in u.teachers}
    open_units: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, (unit, main, is_covered) in enumerate(zip(units, mains, covered, strict=True)):
        if main is not None and not is_covered:
            open_units[(main, unit.subject_id)].append(index)
    candidates = []
    for (teacher_id, subject_id), indices in sorted(open_units.items()):
        teacher = data.teachers[teacher_id]
        if subject_id not in teacher.registered and len(teacher.registered) >= MAX_COMPETENCES:
            continue  # a seventh competence would exclude the teacher
        option = _cheapest_option(data.options, subject_id, (teacher_id, subject_id) in teaches)
        if option is None:
            continue
        gain = sum((units[i].weight for i in indices), ZERO)
        candidates.append(_Candidate(teacher_id, subject_id, option, tuple(indices), gain))

    return _Prepared(
        mains,
        covered,
        candidates,
        _swap_candidates(data, goal, mains, covered) if swaps else [],
        hours,
        covered_hours,
    )


def _swap_candidates(
    data: PlannerInput, goal: Goal, mains: list[int | None], covered: list[bool]
) -> list[_SwapCandidate]:
    rank = _ranks(data)
    units = data.units
    # per school and klassetrin (the year team): the units by main teacher
    by_team: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, (unit, main) in enumerate(zip(units, mains, strict=True)):
        if main is not None:
            by_team[(unit.school_id, unit.grade)][main].append(index)
    found: dict[tuple[int, int], _SwapCandidate] = {}
    for index, (unit, a) in enumerate(zip(units, mains, strict=True)):
        if a is None or covered[index]:
            continue
        a_hours = dict(unit.teachers)[a]
        for b, partner_units in by_team[(unit.school_id, unit.grade)].items():
            if b == a or unit.subject_id not in data.teachers[b].competences:
                continue
            for other in partner_units:
                key = (min(index, other), max(index, other))
                if key in found:
                    continue
                partner = units[other]
                b_hours = dict(partner.teachers)[b]
                if abs(a_hours - b_hours) > goal.slack_hours:
                    continue
                if partner.class_id == unit.class_id and partner.subject_id == unit.subject_id:
                    continue  # pragma: no cover - a unit is one class x subject
                first_after = _qualified(
                    data,
                    main_teacher(rows_after_move(unit.teachers, a, b), rank),
                    unit.subject_id,
                    set(),
                )
                second_after = _qualified(
                    data,
                    main_teacher(rows_after_move(partner.teachers, b, a), rank),
                    partner.subject_id,
                    set(),
                )
                if not first_after or (covered[other] and not second_after):
                    continue
                if index < other:
                    cand = _SwapCandidate(
                        index, other, a, b, a_hours, b_hours, first_after, second_after
                    )
                else:
                    cand = _SwapCandidate(
                        other, index, b, a, b_hours, a_hours, second_after, first_after
                    )
                found[key] = cand
    return [found[key] for key in sorted(found)]


def _scaled(value: Decimal) -> float:
    return float((value * SCALE).to_integral_value(rounding=ROUND_HALF_UP))


# --- the MILP --------------------------------------------------------------------


class _Rows:
    """A sparse constraint matrix built row by row."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, entries: Iterable[tuple[int, float]], lo: float, hi: float) -> None:
        r = len(self.lower)
        for col, val in entries:
            self.rows.append(r)
            self.cols.append(col)
            self.vals.append(val)
        self.lower.append(lo)
        self.upper.append(hi)

    def constraint(self, n: int) -> LinearConstraint:
        matrix = coo_array((self.vals, (self.rows, self.cols)), shape=(len(self.lower), n)).tocsr()
        return LinearConstraint(matrix, np.array(self.lower), np.array(self.upper))


@dataclass
class _Solution:
    status: str
    picked: set[int]
    swapped: set[int]
    #: HiGHS's proven relative gap of the answer (0: optimal); None: greedy.
    gap: float | None = None


def _solve_milp(data: PlannerInput, goal: Goal, prep: _Prepared) -> _Solution:
    """The chosen course and swap candidates.

    Columns: one integer per group of interchangeable courses (same price,
    same covered hours, no unit in any swap: which of them is taken does not
    matter, and counting them instead of choosing each removes the symmetry
    that makes branch and bound slow), a binary per other course and per
    swap, and c[u] per unit a course or swap in the model could cover.
    """
    greedy = _solve_greedy(data, goal, prep)
    in_swaps = {u for sw in prep.swaps for u in (sw.first, sw.second)}
    groups: dict[tuple[Decimal, Decimal], list[int]] = defaultdict(list)
    single: list[int] = []
    for k, cand in enumerate(prep.candidates):
        if in_swaps.isdisjoint(cand.units):
            groups[(cand.option.price, cand.gain)].append(k)
        else:
            single.append(k)
    group_keys = sorted(groups)
    n_g, n_x, n_z = len(group_keys), len(single), len(prep.swaps)
    x0, z0 = n_g, n_g + n_x  # first column of each kind
    covering: dict[int, list[int]] = defaultdict(list)  # unit -> columns that cover it
    losing: dict[int, list[int]] = defaultdict(list)  # unit -> swaps that take it uncovered
    per_unit: dict[int, list[int]] = defaultdict(list)  # unit -> its swaps
    for i, k in enumerate(single):
        for unit in prep.candidates[k].units:
            covering[unit].append(x0 + i)
    for s, swap in enumerate(prep.swaps):
        for unit, after in ((swap.first, swap.first_after), (swap.second, swap.second_after)):
            per_unit[unit].append(z0 + s)
            if not prep.covered[unit]:
                (covering if after else losing)[unit].append(z0 + s)
    c_units = sorted(covering)
    c0 = z0 + n_z
    n = c0 + len(c_units)
    if n == 0:
        return greedy

    prices = np.zeros(n)
    prices[:n_g] = [float(price) for price, _gain in group_keys]
    prices[x0:z0] = [float(prep.candidates[k].option.price) for k in single]
    weights = np.zeros(n)
    weights[:n_g] = [_scaled(gain) for _price, gain in group_keys]
    weights[c0:] = [_scaled(data.units[u].weight) for u in c_units]
    upper = np.ones(n)
    upper[:n_g] = [len(groups[key]) for key in group_keys]

    rows = _Rows()
    for columns in per_unit.values():
        if len(columns) > 1:
            rows.add(((col, 1.0) for col in columns), -np.inf, 1.0)  # a unit swaps at most once
    for i, unit in enumerate(c_units):
        rows.add([(c0 + i, 1.0), *((c, -1.0) for c in covering[unit])], -np.inf, 0.0)
        if losing[unit]:
            rows.add([(c0 + i, 1.0), *((c, 1.0) for c in losing[unit])], -np.inf, 1.0)
    if goal.slack_hours:
        balance: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for s, swap in enumerate(prep.swaps):
            if swap.first_hours != swap.second_hours:
                diff = _scaled(swap.second_hours - swap.first_hours)
                balance[swap.first_main].append((z0 + s, diff))  # takes the second's hours
                balance[swap.second_main].append((z0 + s, -diff))
        slack = _scaled(goal.slack_hours)
        for entries in balance.values():
            rows.add(entries, -slack, slack)
    if goal.budget is not None:
        rows.add(((col, prices[col]) for col in range(z0)), -np.inf, float(goal.budget))
    base = rows.constraint(n)

    integrality = np.zeros(n)
    # c too, though it could be continuous: with every variable of the target
    # row integer, HiGHS tightens the row (coefficients in steps of 30 hours)
    # and proves the optimum in seconds instead of stalling at a gap.
    integrality[:] = 1
    bounds = Bounds(np.zeros(n), upper)
    deadline = time.perf_counter() + goal.time_limit

    def run(
        objective: np.ndarray, extra: list[LinearConstraint]
    ) -> tuple[int, np.ndarray | None, float]:
        remaining = max(1.0, deadline - time.perf_counter())
        result = milp(
            objective,
            constraints=[base, *extra],
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": remaining, "mip_rel_gap": goal.mip_gap},
        )
        gap = getattr(result, "mip_gap", None)
        return int(result.status), result.x, float(gap) if gap is not None else 0.0

    def row(coefficients: np.ndarray, lo: float, hi: float) -> LinearConstraint:
        return LinearConstraint(coefficients.reshape(1, -1), lo, hi)

    def chosen(x: np.ndarray) -> tuple[set[int], set[int]]:
        v = np.round(x).astype(int)
        picked = {k for g, key in enumerate(group_keys) for k in groups[key][: v[g]]}
        picked.update(k for i, k in enumerate(single) if v[x0 + i] == 1)
        return picked, {s for s in range(n_z) if v[z0 + s] == 1}

    greedy_gain = _scaled(sum((prep.candidates[k].gain for k in greedy.picked), ZERO))
    if goal.target is not None:
        need = goal.target * prep.hours / HUNDRED - prep.covered_hours
        need_scaled = float((need * SCALE).to_integral_value(rounding=ROUND_CEILING))
        cuts = [row(weights, need_scaled - 1e-6, np.inf)]
        if greedy.status == Status.OPTIMAL:  # the greedy plan reaches the target
            greedy_cost = float(sum((prep.candidates[k].option.price for k in greedy.picked), ZERO))
            cuts.append(row(prices, -np.inf, greedy_cost + 1e-6))
        status, x, gap = run(prices, cuts)
        if x is not None:
            return _Solution(Status.OPTIMAL if status == 0 else Status.TIME_LIMIT, *chosen(x), gap)
        if status == 1:  # the time limit, nothing found: the greedy plan
            greedy.status = (
                Status.TIME_LIMIT if greedy.status == Status.OPTIMAL else Status.UNREACHABLE
            )
            return greedy
        # infeasible: the target cannot be reached within the budget
    # Maximum coverage (within the budget), then the cheapest such plan.
    status, x, gap = run(-weights, [row(weights, greedy_gain - 0.5, np.inf)])
    if x is None:  # the time limit, nothing found: the greedy plan
        greedy.status = Status.TIME_LIMIT if goal.target is None else Status.UNREACHABLE
        return greedy
    best = float(weights @ np.round(x))
    status2, x2, gap2 = run(prices, [row(weights, best - 0.5, np.inf)])
    if x2 is not None:
        x, gap = x2, max(gap, gap2)
    if goal.target is not None:
        final = Status.UNREACHABLE
    else:
        final = Status.OPTIMAL if status == 0 and status2 == 0 else Status.TIME_LIMIT
    return _Solution(final, *chosen(x), gap)


# --- the greedy rule --------------------------------------------------------------


def _solve_greedy(data: PlannerInput, goal: Goal, prep: _Prepared) -> _Solution:
    def ratio(k: int) -> tuple[int, Decimal, Decimal, int]:
        cand = prep.candidates[k]
        price = cand.option.price
        per_krone = cand.gain / price if price else ZERO
        return (0 if price == 0 else 1, -per_krone, -cand.gain, k)

    chosen: set[int] = set()
    spent, covered = ZERO, prep.covered_hours
    for k in sorted(range(len(prep.candidates)), key=ratio):
        if goal.target is not None and Coverage(prep.hours, covered).reaches(goal.target):
            break
        cand = prep.candidates[k]
        if goal.budget is not None and spent + cand.option.price > goal.budget:
            continue
        chosen.add(k)
        spent += cand.option.price
        covered += cand.gain
    if goal.target is not None and not Coverage(prep.hours, covered).reaches(goal.target):
        return _Solution(Status.UNREACHABLE, chosen, set())
    return _Solution(Status.OPTIMAL, chosen, set())


# --- solve -------------------------------------------------------------------------


def solve(data: PlannerInput, goal: Goal, method: str = Method.MILP) -> Plan:
    """The plan for ``goal`` by the MILP (exact) or the greedy rule."""
    started = time.perf_counter()
    prep = _prepare(data, goal, goal.allow_swaps and method == Method.MILP)
    if method == Method.MILP:
        solution = _prune_swaps(data, goal, prep, _solve_milp(data, goal, prep))
    elif method == Method.GREEDY:
        solution = _solve_greedy(data, goal, prep)
    else:
        raise ValueError(f"Unknown method {method!r}")
    seconds = time.perf_counter() - started
    return _plan(data, goal, prep, str(method), solution, seconds)


def _prune_swaps(data: PlannerInput, goal: Goal, prep: _Prepared, solution: _Solution) -> _Solution:
    """Drop the swaps the plan does not need: swaps are free in the model, so
    the solver may keep one that adds nothing (its unit is also covered by a
    course) or more than the target needs. Only with slack 0, where each swap
    balances on its own."""
    if goal.slack_hours or not solution.swapped:
        return solution
    courses = {
        (prep.candidates[k].teacher_id, prep.candidates[k].subject_id) for k in solution.picked
    }

    rank = _ranks(data)

    def marginal(s: int) -> Decimal:
        """Covered hours lost if the swap is dropped (negative: gained), with
        the plan's courses (of the teachers who give and who take the units)."""
        swap = prep.swaps[s]
        total = ZERO
        for unit_index, to in _swap_moves(swap):
            unit = data.units[unit_index]
            main = prep.mains[unit_index]
            after = main_teacher(rows_after_move(unit.teachers, main, to), rank) if main else None
            with_swap = _qualified(data, after, unit.subject_id, courses)
            without = _qualified(data, main, unit.subject_id, courses)
            total += unit.weight * (int(with_swap) - int(without))
        return total

    kept = set(solution.swapped)
    covered = coverage_of(
        data,
        courses,
        [(u, to) for s in kept for u, to in _swap_moves(prep.swaps[s])],
    ).covered_hours
    hours = prep.hours
    for s in sorted(kept, key=lambda s: (marginal(s), s)):
        loss = marginal(s)
        if loss <= 0 or (
            goal.target is not None and (covered - loss) * HUNDRED >= goal.target * hours
        ):
            kept.discard(s)
            covered -= loss
    return _Solution(solution.status, solution.picked, kept, solution.gap)


def _swap_moves(swap: _SwapCandidate) -> tuple[tuple[int, int], tuple[int, int]]:
    return ((swap.first, swap.second_main), (swap.second, swap.first_main))


def _leg(
    data: PlannerInput,
    prep: _Prepared,
    unit_index: int,
    main: int,
    to: int,
    hours: Decimal,
    after: bool,
) -> Leg:
    unit = data.units[unit_index]
    return Leg(
        class_id=unit.class_id,
        class_name=unit.class_name,
        subject_id=unit.subject_id,
        subject=data.subjects.get(unit.subject_id, str(unit.subject_id)),
        from_id=main,
        from_name=data.teachers[main].name,
        to_id=to,
        to_name=data.teachers[to].name,
        planned_hours=hours,
        weight=unit.weight,
        covered_before=prep.covered[unit_index],
        covered_after=after,
    )


def _plan(
    data: PlannerInput,
    goal: Goal,
    prep: _Prepared,
    method: str,
    solution: _Solution,
    seconds: float,
) -> Plan:
    chosen_swaps = [prep.swaps[s] for s in sorted(solution.swapped)]
    moves = {}
    for sw in chosen_swaps:
        moves[sw.first] = sw.second_main
        moves[sw.second] = sw.first_main
    # After the swaps: each unit's main teacher; a course covers the units
    # in its subject whose main teacher (after the swaps) is its teacher.
    rank = _ranks(data)
    mains_after = list(prep.mains)
    for unit_index, to in moves.items():
        main = prep.mains[unit_index]
        if main is not None:
            rows = rows_after_move(data.units[unit_index].teachers, main, to)
            mains_after[unit_index] = main_teacher(rows, rank)
    by_course: dict[tuple[int, int], list[Unit]] = defaultdict(list)
    for unit, main in zip(data.units, mains_after, strict=True):
        if main is not None and not _qualified(data, main, unit.subject_id, set()):
            by_course[(main, unit.subject_id)].append(unit)
    upskillings = []
    for k in sorted(solution.picked):
        cand = prep.candidates[k]
        kept = sorted(
            by_course.get((cand.teacher_id, cand.subject_id), []),
            key=lambda u: (u.grade, u.class_name),
        )
        if not kept:
            continue  # every unit swapped away: the course adds nothing
        upskillings.append(
            Upskilling(
                teacher_id=cand.teacher_id,
                teacher=data.teachers[cand.teacher_id].name,
                subject_id=cand.subject_id,
                subject=data.subjects.get(cand.subject_id, str(cand.subject_id)),
                option=cand.option,
                hours=sum((u.weight for u in kept), ZERO),
                classes=tuple(u.class_name for u in kept),
                school_ids=tuple(sorted({u.school_id for u in kept})),
            )
        )
    upskillings.sort(key=lambda u: (-u.hours, u.cost, u.teacher, u.subject))
    swaps = [
        Swap(
            school_id=data.units[sw.first].school_id,
            first=_leg(
                data, prep, sw.first, sw.first_main, sw.second_main, sw.first_hours, sw.first_after
            ),
            second=_leg(
                data,
                prep,
                sw.second,
                sw.second_main,
                sw.first_main,
                sw.second_hours,
                sw.second_after,
            ),
        )
        for sw in chosen_swaps
    ]
    swaps.sort(key=lambda s: (s.school_id, s.first.class_name, s.first.subject))
    after = coverage_of(data, [(u.teacher_id, u.subject_id) for u in upskillings], moves.items())
    coverable = {u for cand in prep.candidates for u in cand.units}
    for sw in prep.swaps:
        coverable.update(
            u for u, a in ((sw.first, sw.first_after), (sw.second, sw.second_after)) if a
        )
    ceiling = prep.covered_hours + sum(
        (data.units[u].weight for u in coverable if not prep.covered[u]), ZERO
    )
    return Plan(
        method=method,
        status=solution.status,
        goal=goal,
        before=Coverage(prep.hours, prep.covered_hours),
        after=after,
        upskillings=tuple(upskillings),
        swaps=tuple(swaps),
        seconds=seconds,
        ceiling=Coverage(prep.hours, ceiling),
        gap=solution.gap,
    )


# --- explanations --------------------------------------------------------------------

KIND_SHORT = {
    KIU: gettext_noop("KiU"),
    SUPPLEMENTARY: gettext_noop("supplerende kursus"),
    COMPETENCE_EXAM: gettext_noop("kompetencemålsprøve"),
}


def danish_number(value: Decimal, decimals: int = 0) -> str:
    """45000 -> '45.000', 67.5 -> '67,5' (the pure fallback of core.formatting)."""
    quantized = value.quantize(Decimal(1) if decimals == 0 else Decimal(1).scaleb(-decimals))
    text = f"{quantized:,f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def hours_text(value: Decimal) -> str:
    return danish_number(value, 0 if value == value.to_integral_value() else 1)


def kr_text(value: Decimal) -> str:
    return f"{danish_number(value, 0 if value == value.to_integral_value() else 2)} kr."


def _identity(message: str) -> str:
    return message


def join_classes(names: Sequence[str], tr: Callable[[str], str] | None = None) -> str:
    """'4.a', '4.a og 5.b', '4.a, 5.b og 6.b'; more than six: '4.a-9.c (8 klasser)'."""
    tr = tr or _identity
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) > 6:
        return tr(gettext_noop("%(first)s-%(last)s (%(count)d klasser)")) % {
            "first": names[0],
            "last": names[-1],
            "count": len(names),
        }
    return tr(gettext_noop("%(list)s og %(last)s")) % {
        "list": ", ".join(names[:-1]),
        "last": names[-1],
    }


def explain_upskilling(item: Upskilling, tr: Callable[[str], str] | None = None) -> str:
    """'Uddan Mette Hansen i natur/teknologi (KiU, 45.000 kr.): dækker 240 timer i 4.a og 6.b'."""
    tr = tr or _identity
    return tr(
        gettext_noop(
            "Uddan %(teacher)s i %(subject)s (%(kind)s, %(price)s): dækker %(hours)s timer i %(classes)s"
        )
    ) % {
        "teacher": item.teacher,
        "subject": item.subject,
        "kind": tr(KIND_SHORT.get(item.option.kind, item.option.kind)),
        "price": kr_text(item.cost),
        "hours": hours_text(item.hours),
        "classes": join_classes(item.classes, tr),
    }


def explain_swap(item: Swap, tr: Callable[[str], str] | None = None) -> str:
    """'Byt: Søren Jensen overtager historie i 5.b fra Anne Larsen (60 timer), og
    Anne Larsen overtager musik i 6.a (60 timer): dækker 60 timer uden kursus'."""
    tr = tr or _identity
    first, second = item.first, item.second
    return tr(
        gettext_noop(
            "Byt: %(to)s overtager %(subject)s i %(class)s fra %(from)s (%(hours)s timer), "
            "og %(from)s overtager %(other_subject)s i %(other_class)s (%(other_hours)s timer): "
            "dækker %(gained)s timer uden kursus"
        )
    ) % {
        "to": first.to_name,
        "subject": first.subject,
        "class": first.class_name,
        "from": first.from_name,
        "hours": hours_text(first.planned_hours),
        "other_subject": second.subject,
        "other_class": second.class_name,
        "other_hours": hours_text(second.planned_hours),
        "gained": hours_text(item.gained),
    }
