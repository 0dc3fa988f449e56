"""Demo organisation: Ishøj (183) with the schools its plans name, plus
Horsens (615), Viborg (791) and the demo municipality Demo-Sjælland (998, for
seed 004, whose municipality the text does not name). Staff are synthetic (deterministic), loaded
through the same import services a municipality uses, so loading twice changes
nothing.

Institution numbers and people are invented; only the names of Ishøj's
schools, Kompetencecenter Ishøjgård and Center for Dagtilbud og Uddannelse come
from the plans in shared/seeds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from kompetenceplan.core.models import Municipality
from kompetenceplan.core.services import municipality_create
from kompetenceplan.core.tabular import Table

from .choices import SECTOR_WORDS
from .models import Institution, Person
from .selectors import team_member_choices
from .services import (
    institutions_import,
    people_import,
    person_functions_assign,
    resource_functions_ensure,
    team_create,
)

FIRST_NAMES = (
    "Anne Mette Hanne Lene Susanne Camilla Louise Maria Julie Sofie Ida Emma Line Pernille Charlotte "
    "Helle Tina Marianne Birgitte Kirsten Rikke Signe Maja Laura Cecilie Stine Nanna Trine Katrine Lise "
    "Peter Jens Lars Henrik Søren Michael Thomas Morten Martin Anders Jesper Rasmus Mads Christian "
    "Kasper Jakob Mikkel Frederik Nikolaj Jonas Simon Niels Ole Torben Kim Bo Ahmed Fatima Yasmin Ali "
    "Zainab Mohammed Sara Aylin Emre Leyla Omar"
).split()
LAST_NAMES = (
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen "
    "Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Knudsen Jakobsen "
    "Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Holm Kristiansen Clausen Simonsen "
    "Svendsen Andreasen Iversen Østergaard Jeppesen Vestergaard Nissen Lauridsen Kjær Jespersen Mogensen "
    "Yilmaz Hussein Khan Ali Demir Bach Dam Winther Kjeldsen Skov Friis"
).split()


@dataclass(frozen=True)
class DemoInstitution:
    number: str
    name: str
    kind: str
    sector: str
    staff: tuple[tuple[str, int], ...]  # (job role, count)
    functions: tuple[str, ...] = ()  # resource functions among the staff


def _school(number, name):
    return DemoInstitution(
        number,
        name,
        "skole",
        "skole",
        (
            ("Skoleleder", 1),
            ("Afdelingsleder", 2),
            ("Lærer", 44),
            ("Pædagog", 8),
            ("Pædagogmedhjælper", 2),
        ),
        (
            "Læsevejleder",
            "Matematikvejleder",
            "DSA-vejleder",
            "AKT-vejleder",
            "PLC-vejleder",
            "IT-vejleder",
            "Ordblinderessourcelærer",
            "Talentvejleder",
            "Naturfagsvejleder",
        ),
    )


def _sfo(number, name):
    return DemoInstitution(
        number, name, "sfo", "skole", (("SFO-leder", 1), ("Pædagog", 8), ("Pædagogmedhjælper", 4))
    )


def _daycare(number, name):
    return DemoInstitution(
        number,
        name,
        "dagtilbud",
        "dagtilbud",
        (
            ("Dagtilbudsleder", 1),
            ("Pædagogisk leder", 1),
            ("Pædagog", 12),
            ("Pædagogmedhjælper", 6),
            ("PAU", 2),
        ),
        ("Sprogpædagog", "ICDP-træner"),
    )


ISHOJ = [
    _school("183101", "Gildbroskolen"),
    _school("183102", "Ishøj Skole"),
    _school("183103", "Strandgårdskolen"),
    _school("183104", "Vejlebroskolen"),
    _school("183105", "Vibeholmskolen"),
    _sfo("183201", "SFO Gildbro"),
    _sfo("183202", "SFO Ishøj Skole"),
    _sfo("183203", "SFO Strandgård"),
    _sfo("183204", "SFO Vejlebro"),
    _sfo("183205", "SFO Vibeholm"),
    _daycare("183301", "Børnehuset Solsikken"),
    _daycare("183302", "Børnehuset Regnbuen"),
    _daycare("183303", "Børnehuset Ishøj Landsby"),
    _daycare("183304", "Børnehuset Vejleåen"),
    _daycare("183305", "Børnehuset Strandparken"),
    _daycare("183306", "Børnehuset Tranegilde"),
    DemoInstitution(
        "183401",
        "Dagplejen Ishøj",
        "dagpleje",
        "dagtilbud",
        (("Dagtilbudsleder", 1), ("Dagplejer", 20)),
    ),
    DemoInstitution(
        "183501", "Ishøj Ungdomsskole", "ungdomsskole", "skole", (("Skoleleder", 1), ("Lærer", 6))
    ),
    DemoInstitution(
        "183601",
        "Kompetencecenter Ishøjgård",
        "kompetencecenter",
        "tværgående",
        (("Afdelingsleder", 1), ("Pædagog", 6), ("Psykolog", 2)),
    ),
    DemoInstitution(
        "183701",
        "Center for Dagtilbud og Uddannelse",
        "forvaltning",
        "tværgående",
        (("Konsulent", 6), ("Tale-høre-konsulent", 1)),
    ),
]
HORSENS = [
    _school("615101", "Lundskolen"),
    _school("615102", "Egebjergskolen"),
    _daycare("615301", "Dagtilbud Stensballe"),
    DemoInstitution(
        "615701", "Børn og Unge, Horsens Kommune", "forvaltning", "tværgående", (("Konsulent", 4),)
    ),
]
VIBORG = [
    _school("791101", "Vestervangsskolen"),
    _school("791102", "Overlund Skole"),
    _school("791103", "Ørum Skole"),
    DemoInstitution(
        "791701",
        "Skole og Dagtilbud, Viborg Kommune",
        "forvaltning",
        "tværgående",
        (("Konsulent", 4),),
    ),
]
#: Seed 004's municipality is not named in the text: its plan lives in this
#: clearly-labelled demo municipality (998 is no real kommunekode; issue 10).
DEMO_SJAELLAND = [
    _school("998101", "Nordskolen"),
    _school("998102", "Søskolen"),
    _school("998103", "Bakkeskolen"),
    DemoInstitution(
        "998701",
        "Skolecentret, Demo-Sjælland",
        "forvaltning",
        "tværgående",
        (("Konsulent", 3),),
    ),
]
MUNICIPALITIES = [
    ("183", "Ishøj", ISHOJ),
    ("615", "Horsens", HORSENS),
    ("791", "Viborg", VIBORG),
    ("998", "Demo-Sjælland", DEMO_SJAELLAND),
]


def _institution_table(institutions: list[DemoInstitution]) -> Table:
    rows = [
        (
            i + 2,
            {"institutionsnummer": d.number, "navn": d.name, "type": d.kind, "område": d.sector},
        )
        for i, d in enumerate(institutions)
    ]
    return Table(header=["institutionsnummer", "navn", "type", "område"], rows=rows)


def _people_rows(code: str, institutions: list[DemoInstitution]):
    """Deterministic synthetic staff: same input, same people, every time."""
    rng = random.Random(f"kompetenceplan-demo-{code}")
    today = dt.date(2026, 8, 1)
    rows: list[dict[str, str]] = []
    functions: dict[str, list[str]] = {}
    serial = 0
    for inst in institutions:
        people_here = []
        for role, count in inst.staff:
            for _ in range(count):
                serial += 1
                number = f"{code}{serial:05d}"
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                # About one in ten started within the last year (new-hire rules need them).
                if rng.random() < 0.1:
                    start = today - dt.timedelta(days=rng.randint(0, 330))
                else:
                    start = dt.date(rng.randint(1995, 2024), rng.choice([1, 2, 4, 8, 9, 10]), 1)
                email = f"{first}.{last}.{serial}@{code}.demo.kompetenceplan.dk".lower()
                email = email.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
                rows.append(
                    {
                        "medarbejdernummer": number,
                        "fornavn": first,
                        "efternavn": last,
                        "email": email,
                        "institutionsnummer": inst.number,
                        "stilling": role,
                        "ansat_fra": start.strftime("%d-%m-%Y"),
                        "ansat_til": "",
                    }
                )
                if role in ("Lærer", "Pædagog"):
                    people_here.append(number)
        for function, number in zip(inst.functions, people_here, strict=False):
            functions.setdefault(number, []).append(function)
    return [(i + 2, r) for i, r in enumerate(rows)], functions


def load(stdout=None) -> dict[str, Municipality]:
    """Load (or refresh) the demo organisation. Returns municipalities by code."""
    result = {}
    with transaction.atomic():
        for code, name, institutions in MUNICIPALITIES:
            municipality, _created = municipality_create(actor=None, code=code, name=name)
            result[code] = municipality
            report = institutions_import(
                actor=None, municipality=municipality, table=_institution_table(institutions)
            )
            _raise_on_errors(report, f"{name}: institutioner")
            rows, functions = _people_rows(code, institutions)
            table = Table(header=list(rows[0][1]), rows=rows)
            report = people_import(actor=None, municipality=municipality, table=table)
            _raise_on_errors(report, f"{name}: medarbejdere")
            by_name = resource_functions_ensure(
                actor=None,
                municipality=municipality,
                functions=[
                    (f, SECTOR_WORDS[d.sector].value) for d in institutions for f in d.functions
                ],
            )
            people = {
                p.employee_number: p
                for p in Person.objects.filter(
                    municipality=municipality, employee_number__in=list(functions)
                )
            }
            person_functions_assign(
                actor=None,
                assignments={people[n]: [by_name[f] for f in fs] for n, fs in functions.items()},
            )
            _load_teams(municipality)
            if stdout:
                stdout.write(
                    f"  {name}: {Institution.objects.filter(municipality=municipality).count()} "
                    f"institutioner, {Person.objects.filter(municipality=municipality).count()} medarbejdere"
                )
    return result


TEAMS = {
    "skole": [
        "Indskolingen (0.-3. årgang)",
        "Mellemtrinnet (4.-6. årgang)",
        "Udskolingen (7.-9. årgang)",
    ],
    "dagtilbud": ["Vuggestuen", "Børnehaven"],
}


def _load_teams(municipality) -> None:
    """Teams at schools and daycare institutions, staff split between them (idempotent)."""
    institutions = Institution.objects.filter(
        municipality=municipality, kind__in=list(TEAMS)
    ).prefetch_related("teams")
    for institution in institutions:
        existing = {t.name for t in institution.teams.all()}
        names = TEAMS[institution.kind]
        staff = list(
            team_member_choices(institution=institution)
            .filter(employments__job_role__category__in=["teaching", "pedagogical", "assistant"])
            .distinct()
        )
        for index, name in enumerate(names):
            if name not in existing:
                team_create(
                    actor=None,
                    institution=institution,
                    name=name,
                    members=staff[index :: len(names)],
                )


def _raise_on_errors(report, label: str) -> None:
    if not report.ok:
        details = "; ".join(f"række {e.row}: {e.message}" for e in report.errors[:5])
        raise RuntimeError(f"Demo data is invalid ({label}): {details}")
