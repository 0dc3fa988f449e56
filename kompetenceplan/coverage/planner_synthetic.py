"""A synthetic municipality for the planner's benchmark and property tests
(pure: no database). Seeded, so a seed always gives the same municipality.

Each school has two or three normal classes per klassetrin 1-9 and a team of
teachers per grade band; a teacher holds two to four competences (dansk and
matematik most often); a class x subject goes to a qualified team member
about four times in five, otherwise to any team member; one unit in ten is
co-taught; a few teachers are registered with seven competences (excluded by
the ">6" rule, so they are left out of the units). Weights are the planned
hours, close to the 2014 guideline table.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .planner import COMPETENCE_EXAM, KIU, SUPPLEMENTARY, CourseOption, PlannerInput, Teacher, Unit

# subject id -> (name, {grade: hours})
SUBJECTS: dict[int, tuple[str, dict[int, int]]] = {
    1: ("dansk", {1: 330, 2: 300, 3: 270, 4: 210, 5: 210, 6: 210, 7: 210, 8: 210, 9: 210}),
    2: ("matematik", {1: 150, 2: 150, 3: 150, 4: 150, 5: 150, 6: 150, 7: 150, 8: 150, 9: 150}),
    3: ("engelsk", {1: 30, 2: 30, 3: 60, 4: 60, 5: 90, 6: 90, 7: 90, 8: 90, 9: 90}),
    4: ("kristendomskundskab", {1: 30, 2: 30, 3: 30, 4: 30, 5: 30, 6: 30, 8: 30, 9: 30}),
    5: ("historie", {3: 30, 4: 60, 5: 60, 6: 60, 7: 60, 8: 60, 9: 30}),
    6: ("natur/teknologi", {1: 30, 2: 60, 3: 60, 4: 90, 5: 60, 6: 60}),
    7: ("idræt", {1: 60, 2: 60, 3: 60, 4: 90, 5: 90, 6: 90, 7: 60, 8: 60, 9: 60}),
    8: ("musik", {1: 60, 2: 60, 3: 60, 4: 60, 5: 60, 6: 30}),
    9: ("billedkunst", {1: 30, 2: 60, 3: 60, 4: 60, 5: 30}),
    10: ("håndværk og design", {4: 60, 5: 90, 6: 90, 7: 60}),
    11: ("madkundskab", {4: 60, 5: 60, 6: 30, 7: 30}),
    12: ("geografi", {7: 60, 8: 30, 9: 30}),
    13: ("biologi", {7: 60, 8: 60, 9: 30}),
    14: ("fysik/kemi", {7: 60, 8: 60, 9: 90}),
    15: ("samfundsfag", {8: 60, 9: 60}),
    16: ("tysk", {5: 30, 6: 60, 7: 90, 8: 90, 9: 90}),
}
SUBJECT_WEIGHTS = {
    1: 6,
    2: 6,
    3: 3,
    4: 1,
    5: 1,
    6: 1,
    7: 2,
    8: 1,
    9: 1,
    10: 1,
    11: 1,
    12: 1,
    13: 1,
    14: 2,
    15: 1,
    16: 1,
}
BANDS = ((1, 2, 3), (4, 5, 6), (7, 8, 9))
FIRST_NAMES = ("Mette", "Søren", "Anne", "Lars", "Hanne", "Jens", "Karen", "Peter", "Lene", "Ole")
LAST_NAMES = ("Hansen", "Jensen", "Nielsen", "Larsen", "Pedersen", "Andersen", "Madsen", "Berg")


def course_options() -> tuple[CourseOption, ...]:
    """KiU per subject (45.000 kr., natur/teknologi and fysik/kemi 52.000 kr.),
    a supplementary course (18.000 kr., any subject) and a kompetencemålsprøve
    (9.500 kr.) in dansk, matematik and engelsk."""
    options = [
        CourseOption(
            id=subject_id,
            name=f"KiU {name}",
            kind=KIU,
            subject_id=subject_id,
            price=Decimal(52000 if subject_id in (6, 14) else 45000),
            duration_hours=Decimal(250),
        )
        for subject_id, (name, _grades) in SUBJECTS.items()
    ]
    options.append(
        CourseOption(100, "Supplerende kursus", SUPPLEMENTARY, None, Decimal(18000), Decimal(90))
    )
    for subject_id in (1, 2, 3):
        options.append(
            CourseOption(
                100 + subject_id,
                f"Kompetencemålsprøve {SUBJECTS[subject_id][0]}",
                COMPETENCE_EXAM,
                subject_id,
                Decimal(9500),
                Decimal(30),
            )
        )
    return tuple(options)


def municipality(
    *,
    schools: int = 75,
    seed: int = 1,
    qualified_share: float = 0.8,
    classes_per_grade: tuple[int, int] = (2, 3),
) -> PlannerInput:
    rng = random.Random(seed)
    units: list[Unit] = []
    teachers: dict[int, Teacher] = {}
    next_teacher, next_class = 1, 1
    subject_ids = list(SUBJECTS)
    subject_weights = [SUBJECT_WEIGHTS[s] for s in subject_ids]
    for school in range(1, schools + 1):
        for band in BANDS:
            n_classes = sum(rng.randint(*classes_per_grade) for _grade in band)
            team = []
            for _member in range(max(3, round(n_classes * 1.6))):
                count = rng.choice((2, 3, 3, 4))
                held: set[int] = set()
                while len(held) < count:
                    held.add(rng.choices(subject_ids, subject_weights)[0])
                registered = set(held)
                excluded = rng.random() < 0.02
                if excluded:
                    while len(registered) < 7:
                        registered.add(rng.choice(subject_ids))
                teacher = Teacher(
                    id=next_teacher,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({next_teacher})",
                    rank=next_teacher,
                    competences=frozenset(registered if excluded else held),
                    registered=frozenset(registered),
                )
                teachers[teacher.id] = teacher
                team.append((teacher, excluded))
                next_teacher += 1
            counted = [t for t, excluded in team if not excluded]
            for grade in band:
                for letter in "abc"[: rng.randint(*classes_per_grade)]:
                    class_id = next_class
                    next_class += 1
                    for subject_id, (_name, grades) in SUBJECTS.items():
                        if grade not in grades:
                            continue
                        hours = Decimal(grades[grade])
                        qualified = [t for t in counted if subject_id in t.competences]
                        if qualified and rng.random() < qualified_share:
                            main = rng.choice(qualified)
                        else:
                            main = rng.choice(counted)
                        rows = [(main.id, hours)]
                        if rng.random() < 0.1:
                            other = rng.choice(counted)
                            if other.id != main.id:
                                rows.append((other.id, (hours / 3).quantize(Decimal(1))))
                        units.append(
                            Unit(
                                school_id=school,
                                class_id=class_id,
                                class_name=f"{grade}.{letter}",
                                grade=grade,
                                subject_id=subject_id,
                                weight=hours,
                                teachers=tuple(rows),
                            )
                        )
    return PlannerInput(
        units=tuple(units),
        teachers=teachers,
        options=course_options(),
        subjects={s: name for s, (name, _grades) in SUBJECTS.items()},
        schools={s: f"Skole {s}" for s in range(1, schools + 1)},
    )
