"""The coverage planner on a generated municipality of 75 schools: the MILP
(scipy.optimize.milp, HiGHS), the MILP without swaps and the greedy rule
(covered hours per krone first), side by side: cost, coverage before and
after, courses, swaps, solve time (docs/coverage.md "Planlægning").

    make bench-planner     # or: .venv/bin/python bench/planner.py --schools 75 --seed 1

Pure Python: no database. Prints one line per run; nothing is asserted (the
tests in coverage/tests/test_planner.py assert that the MILP is never worse).
"""

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kompetenceplan.coverage import planner as P  # noqa: E402
from kompetenceplan.coverage.planner_synthetic import municipality  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=75)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", type=Decimal, default=Decimal(95))
    parser.add_argument("--budget", type=Decimal, default=Decimal(5_000_000))
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()

    started = time.perf_counter()
    data = municipality(schools=args.schools, seed=args.seed)
    classes = len({u.class_id for u in data.units})
    print(
        f"municipality: {args.schools} schools, {classes} classes, {len(data.units)} class x subject "
        f"units, {len(data.teachers)} teachers, {len(data.options)} course options "
        f"(generated in {time.perf_counter() - started:.2f} s)"
    )
    goals = {
        f"min cost to {args.target} %": P.Goal(target=args.target, time_limit=args.time_limit),
        f"max coverage for {P.kr_text(args.budget)}": P.Goal(
            budget=args.budget, time_limit=args.time_limit
        ),
    }
    header = f"{'goal':<32} {'method':<16} {'status':<12} {'before':>7} {'after':>7} {'cost (kr.)':>14} {'courses':>8} {'swaps':>6} {'gap':>9} {'seconds':>8}"
    print(header)
    print("-" * len(header))
    for label, goal in goals.items():
        runs = [
            ("MILP", P.solve(data, goal)),
            ("MILP, no swaps", P.solve(data, P.Goal(**{**goal.__dict__, "allow_swaps": False}))),
            ("greedy", P.solve(data, goal, P.Method.GREEDY)),
        ]
        for method, plan in runs:
            gap = "-" if plan.gap is None else f"{plan.gap:.2e}"
            print(
                f"{label:<32} {method:<16} {plan.status:<12} {plan.before.coverage!s:>7} "
                f"{plan.after.coverage!s:>7} {P.danish_number(plan.cost):>14} "
                f"{len(plan.upskillings):>8} {len(plan.swaps):>6} {gap:>9} {plan.seconds:>8.2f}"
            )
        milp, _no_swaps, greedy = (plan for _method, plan in runs)
        if goal.target is not None and greedy.reached and milp.reached:
            saved = greedy.cost - milp.cost
            print(f"  MILP saves {P.kr_text(saved)} against greedy ({saved / greedy.cost:.1%})")
        elif goal.target is None:
            gained = milp.after.covered_hours - greedy.after.covered_hours
            print(f"  MILP covers {P.hours_text(gained)} more hours than greedy")


if __name__ == "__main__":
    main()
