"""The networks' demo (load_demo, after the plan files have loaded Ishøj's 15
networks through the plan data part): coordinators, members from the demo's
resource persons (one per school or daycare), a year of meetings in 2026/27
(before and after the demo's today, 30 November 2026) and an annual wheel for
a few networks. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Employment, Institution, Person
from kompetenceplan.organisation.permissions import current_employments_q

from . import services
from .models import Meeting, Membership, Network, WheelEntry

SCHOOL_YEAR = "2026/27"

#: Network -> the resource function its members hold (the demo's functions),
#: or the job role of one person per institution, and which institutions.
MEMBERS: dict[str, tuple[str, str, str]] = {
    # name: (kind "function" or "role", function or job role, institution kind)
    "Naturfagskoordinatornetværk": ("function", "Naturfagsvejleder", "skole"),
    "Talentvejledernetværk": ("function", "Talentvejleder", "skole"),
    "Matematikvejledernetværk": ("function", "Matematikvejleder", "skole"),
    "Læsevejledernetværk": ("function", "Læsevejleder", "skole"),
    "DSA-vejledernetværk": ("function", "DSA-vejleder", "skole"),
    "Netværk for PLC-vejledere med ansvar for bøger, læsning og indkøb til biblioteket": (
        "function",
        "PLC-vejleder",
        "skole",
    ),
    "Praktikvejledernetværk for lærerstuderende": ("role", "Lærer", "skole"),
    "Kontaktlærernetværk for elevråd": ("role", "Lærer", "skole"),
    "IT-vejledernetværk": ("function", "IT-vejleder", "skole"),
    "Inklusionsvejledernetværk/AKT": ("function", "AKT-vejleder", "skole"),
    "SSP-netværk": ("role", "Lærer", "skole"),
    "Netværk for SFO-ledere og -koordinatorer": ("role", "SFO-leder", "sfo"),
    "Digitaliseringsledernetværk": ("role", "Afdelingsleder", "skole"),
    "Teknologiforståelsesnetværk": ("role", "Lærer", "skole"),
    "Netværk for sprogpædagoger": ("function", "Sprogpædagog", "dagtilbud"),
}

#: Networks the demo's coordinator (ishoj-tovholder, Strandgårdskolen) runs;
#: the consultant (ishoj-konsulent) runs the others.
COORDINATED_BY_TOVHOLDER = (
    "Praktikvejledernetværk for lærerstuderende",
    "Kontaktlærernetværk for elevråd",
    "Inklusionsvejledernetværk/AKT",
)

#: The months of a fixed school network's meetings, and of the daycare network's four.
SCHOOL_MONTHS = (9, 11, 1, 3, 5)
FOUR_MONTHS = (9, 11, 2, 5)

PLACES = (
    "Ishøj Rådhus, mødelokale 2",
    "Strandgårdskolen, personalerummet",
    "Ishøjgård",
    "Gildbroskolen, PLC",
)

WHEELS: dict[str, list[tuple[int, str, str, str]]] = {
    "Læsevejledernetværk": [
        (8, "Årets start", "Planlægning af læsetest og årshjul", "Oplæg om nye nationale test"),
        (9, "Læseevaluering", "Netværksmøde: resultater fra læsetest", "Dataforståelse"),
        (10, "Ordblindhed", "Screening i 3. og 6. klasse", "Kursus i ordblindetest"),
        (11, "Fagligt læse", "Læsning i fagene", "Sparring om faglig læsning"),
        (12, "Skrivning", "Skrivedidaktik i udskolingen", ""),
        (1, "Læsekultur", "Netværksmøde: læsekampagner", "Oplæg fra biblioteket"),
        (2, "Sprogstøtte", "Samarbejde med DSA-vejlederne", ""),
        (3, "Læsning og AI", "Kunstig intelligens i skriveundervisningen", "Workshop"),
        (4, "Forældre", "Forældresamarbejde om læsning", ""),
        (5, "Opsamling", "Netværksmøde: evaluering af året", "Erfaringsudveksling"),
        (6, "Overlevering", "Overlevering til næste skoleår", ""),
    ],
    "Netværk for sprogpædagoger": [
        (8, "Sprogvurdering", "Planlægning af sprogvurderinger", ""),
        (9, "Dialogisk læsning", "Netværksmøde 1", "Oplæg om dialogisk læsning"),
        (11, "Flersprogethed", "Netværksmøde 2", "Vidensoplæg ved ekstern oplægsholder"),
        (2, "Sprogmiljøer", "Netværksmøde 3", "Observation i hinandens dagtilbud"),
        (3, "Konference", "Årlig konference (12.500 kr.)", "Konferencedeltagelse"),
        (5, "Overgang til skole", "Netværksmøde 4", "Overlevering til skolerne"),
    ],
    "Inklusionsvejledernetværk/AKT": [
        (8, "Årets start", "Fælles årshjul og mødeplan", ""),
        (9, "Handleplaner", "Netværksmøde: gode handleplaner", "Oplæg fra PPR"),
        (10, "Skolefravær", "Fraværsindsatser på skolerne", ""),
        (11, "Forældresamarbejde", "Netværksmøde: svære samtaler", "Workshop om samtaleteknik"),
        (1, "Stærke Fællesskaber", "Netværksmøde: praksisnære forløb", "Erfaringsudveksling"),
        (3, "Tværprofessionelt samarbejde", "Netværksmøde med SSP", "Oplæg fra SSP"),
        (5, "Opsamling", "Netværksmøde: evaluering af året", ""),
        (6, "Overlevering", "Overlevering til næste skoleår", ""),
    ],
    "Matematikvejledernetværk": [
        (8, "Kickoff", "Årets fokus: matematisk opmærksomhed", ""),
        (9, "Talforståelse", "Netværksmøde", "Kursus i talforståelse"),
        (11, "Problemløsning", "Netværksmøde", ""),
        (1, "Test og evaluering", "Netværksmøde", "Dataforståelse"),
        (3, "Matematik i udeskolen", "Netværksmøde", "Oplæg fra Naturcentret"),
        (5, "Opsamling", "Netværksmøde", ""),
    ],
}


def load(run: registry.DemoRun) -> None:
    municipality = run.municipalities.get("183")
    if municipality is None:
        return
    networks = list(Network.objects.filter(municipality=municipality).order_by("pk"))
    if not networks:
        return
    with transaction.atomic():
        consultant = User.objects.filter(username="ishoj-konsulent").first()
        tovholder = User.objects.filter(username="ishoj-tovholder").first()
        for index, network in enumerate(networks):
            _coordinator(
                network, tovholder if network.name in COORDINATED_BY_TOVHOLDER else consultant
            )
            _members(network, index)
            _meetings(network, index)
            for month, theme, activity, development in WHEELS.get(network.name, []):
                if not WheelEntry.objects.filter(
                    network=network, school_year=SCHOOL_YEAR, month=month
                ).exists():
                    services.wheel_entry_set(
                        actor=None,
                        network=network,
                        school_year=SCHOOL_YEAR,
                        month=month,
                        theme=theme,
                        activity=activity,
                        competence_development=development,
                    )
        _demo_teacher(municipality)
    run.write(
        f"  Netværk: {len(networks)} i Ishøj, "
        f"{Meeting.objects.filter(network__municipality=municipality).count()} møder, "
        f"{Membership.objects.filter(network__municipality=municipality).count()} medlemmer"
    )


def _coordinator(network: Network, user: User | None) -> None:
    if user is not None and network.coordinator_id is None:
        services.network_update(actor=None, network=network, coordinator=user)


def _members(network: Network, index: int) -> None:
    spec = MEMBERS.get(network.name)
    if spec is None or network.memberships.exists():
        return
    how, what, kind = spec
    institutions = list(
        Institution.objects.filter(municipality_id=network.municipality_id, kind=kind).order_by(
            "name"
        )
    )
    function = None
    if how == "function":
        from kompetenceplan.organisation.models import ResourceFunction

        function = ResourceFunction.objects.filter(
            municipality_id=network.municipality_id, name=what
        ).first()
    taken = set(
        Membership.objects.filter(network__municipality_id=network.municipality_id).values_list(
            "person_id", flat=True
        )
    )
    for institution in institutions:
        people = Person.objects.filter(
            employments__in=Employment.objects.filter(
                current_employments_q(), institution=institution
            )
        ).distinct()
        if function is not None:
            people = people.filter(resource_functions=function)
        else:
            people = people.filter(
                employments__job_role__name=what, employments__institution=institution
            )
        candidates = list(people.order_by("employee_number"))
        if not candidates:
            continue
        fresh = [p for p in candidates if p.pk not in taken] or candidates
        person = fresh[index % len(fresh)] if function is None else fresh[0]
        taken.add(person.pk)
        services.membership_add(
            actor=None,
            network=network,
            person=person,
            institution=institution,
            resource_function=function,
        )


def _meeting_day(year: int, month: int, index: int) -> dt.date:
    """A weekday in the month's second or third week, different per network."""
    weekday = index % 4  # Monday to Thursday
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (1 + index % 2))


def _meetings(network: Network, index: int) -> None:
    if network.meetings.exists():
        return
    months = FOUR_MONTHS if network.meetings_per_year == 4 else SCHOOL_MONTHS
    for number, month in enumerate(months):
        year = 2026 if month >= 8 else 2027
        day = _meeting_day(year, month, index)
        starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
        services.meeting_create(
            actor=None,
            network=network,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=2),
            place=PLACES[(index + number) % len(PLACES)],
            agenda="\n".join(
                [
                    "1. Velkomst og nyt fra netværket",
                    f"2. Årshjulets tema i {_month_name(month)}",
                    "3. Erfaringsudveksling fra skolerne"
                    if network.sector == "school"
                    else "3. Erfaringsudveksling fra dagtilbuddene",
                    "4. Eventuelt",
                ]
            ),
        )


def _month_name(month: int) -> str:
    from .choices import MONTH_NAMES

    return str(MONTH_NAMES[month])


def _demo_teacher(municipality) -> None:
    """ishoj-laerer (a teacher at Gildbroskolen) is Gildbroskolen's contact
    teacher for the pupils' council, so the demo's teacher has a network."""
    teacher = User.objects.filter(username="ishoj-laerer").select_related("person").first()
    network = Network.objects.filter(
        municipality=municipality, name="Kontaktlærernetværk for elevråd"
    ).first()
    if teacher is None or teacher.person is None or network is None:
        return
    if Membership.objects.filter(network=network, person=teacher.person).exists():
        return
    gildbro = Institution.objects.filter(municipality=municipality, name="Gildbroskolen").first()
    current = Membership.objects.filter(network=network, institution=gildbro).first()
    if current is not None:
        services.membership_remove(actor=None, membership=current)
    services.membership_add(actor=None, network=network, person=teacher.person, institution=gildbro)
