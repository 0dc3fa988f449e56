"""What the networks' pages (and later the overviews and the status report,
issue 10 items 7 and 8) read. Everything goes through the gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.organisation.models import Institution, Person, ResourceFunction

from .choices import MONTH_NAMES, SCHOOL_YEAR_MONTHS
from .models import Meeting, Membership, Network, WheelEntry
from .permissions import OPEN
from .services import COORDINATOR_ROLES


def network_list(*, user: User) -> QuerySet[Network]:
    """The municipality's networks with their member count and next meeting."""
    now = timezone.now()
    return (
        restrict(Network.objects.all(), user, Action.VIEW)
        .select_related("coordinator")
        .annotate(
            member_count=Count("memberships", distinct=True),
            next_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__starts_at__gte=now, meetings__cancelled=False),
            ),
        )
        .order_by("name")
    )


def openable_network_ids(*, user: User) -> set[int]:
    """The networks whose page ``user`` may open (one query)."""
    return set(restrict(Network.objects.all(), user, OPEN).values_list("pk", flat=True))


def network_get(*, user: User, pk: int, action: str = OPEN) -> Network:
    return get_restricted_or_404(
        Network.objects.select_related("coordinator", "plan", "municipality"),
        user,
        action,
        pk=pk,
    )


def network_members(network: Network) -> list[Membership]:
    return list(
        network.memberships.select_related("person", "institution", "resource_function").order_by(
            "institution__name", "person__last_name", "person__first_name"
        )
    )


@dataclass(frozen=True)
class MeetingRows:
    coming: list[Meeting]
    past: list[Meeting]


def network_meetings(network: Network, *, now: dt.datetime | None = None) -> MeetingRows:
    moment = now or timezone.now()
    meetings = list(network.meetings.order_by("starts_at", "pk"))
    return MeetingRows(
        coming=[m for m in meetings if m.ends_at > moment],
        past=[m for m in meetings if m.ends_at <= moment][::-1],
    )


def meeting_get(*, user: User, pk: int, action: str = Action.CHANGE) -> Meeting:
    return get_restricted_or_404(Meeting.objects.select_related("network"), user, action, pk=pk)


def membership_get(*, user: User, pk: int, action: str = Action.DELETE) -> Membership:
    return get_restricted_or_404(
        Membership.objects.select_related("network", "person", "institution"),
        user,
        action,
        pk=pk,
    )


# --- the annual wheel -----------------------------------------------------------------


def school_year_of(day: dt.date) -> str:
    """The school year (1 August – 31 July) of ``day``: 2026-11-30 -> "2026/27"."""
    from kompetenceplan.cohorts.dates import school_year_of as of

    return of(day)


@dataclass(frozen=True)
class WheelMonth:
    month: int
    name: str
    year: int  # the calendar year of the month in the school year
    entry: WheelEntry | None
    meetings: tuple[Meeting, ...]


def wheel(network: Network, school_year: str) -> list[WheelMonth]:
    """The twelve months of ``school_year`` (August first) with their entry
    and the network's meetings in them (two queries)."""
    first = int(school_year[:4])
    entries = {
        e.month: e for e in WheelEntry.objects.filter(network=network, school_year=school_year)
    }
    start = timezone.make_aware(dt.datetime(first, 8, 1))
    end = timezone.make_aware(dt.datetime(first + 1, 8, 1))
    by_month: dict[int, list[Meeting]] = {}
    for meeting in network.meetings.filter(starts_at__gte=start, starts_at__lt=end).order_by(
        "starts_at"
    ):
        by_month.setdefault(timezone.localtime(meeting.starts_at).month, []).append(meeting)
    return [
        WheelMonth(
            month=month,
            name=str(MONTH_NAMES[month]),
            year=first if month >= 8 else first + 1,
            entry=entries.get(month),
            meetings=tuple(by_month.get(month, ())),
        )
        for month in SCHOOL_YEAR_MONTHS
    ]


def wheel_school_years(network: Network, *, today: dt.date | None = None) -> list[str]:
    """The school years the network has a wheel for, and the current one."""
    years = set(
        WheelEntry.objects.filter(network=network).values_list("school_year", flat=True).distinct()
    )
    years.add(school_year_of(today or timezone.localdate()))
    return sorted(years)


# --- choices for the forms ------------------------------------------------------------


def coordinator_choices(municipality_id: int) -> QuerySet[User]:
    return User.objects.filter(
        municipality_id=municipality_id, role__in=COORDINATOR_ROLES, is_active=True
    ).order_by("first_name", "last_name", "username")


def person_choices(network: Network) -> QuerySet[Person]:
    """The municipality's people who are not members yet."""
    return (
        Person.objects.filter(municipality_id=network.municipality_id)
        .exclude(network_memberships__network=network)
        .order_by("first_name", "last_name", "employee_number")
    )


def institution_choices(municipality_id: int) -> QuerySet[Institution]:
    return Institution.objects.filter(municipality_id=municipality_id).order_by("name")


def resource_function_choices(municipality_id: int) -> QuerySet[ResourceFunction]:
    return ResourceFunction.objects.filter(municipality_id=municipality_id).order_by("name")


# --- for the overviews and the status report (issue 10, items 7 and 8) -----------------


def networks_of_person(*, user: User, person: Person) -> QuerySet[Network]:
    """The networks ``person`` is a member of, as ``user`` may open them."""
    return restrict(Network.objects.filter(memberships__person=person), user, OPEN).order_by("name")


def meetings_between(
    *, user: User, start: dt.datetime, end: dt.datetime, **filters: Any
) -> QuerySet[Meeting]:
    """The meetings ``user`` may see that start in ``[start, end)``."""
    return restrict(
        Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end, **filters),
        user,
        Action.VIEW,
    ).select_related("network")


def wheel_entry_get(*, user: User, pk: int, action: str = Action.DELETE) -> WheelEntry:
    return get_restricted_or_404(WheelEntry.objects.select_related("network"), user, action, pk=pk)


def network_history(network: Network) -> QuerySet[Any]:
    """The network's change-log entries with those of its members, meetings
    and wheel (related to it)."""
    from kompetenceplan.core.selectors import history_for

    return history_for(network)


def my_networks(*, user: User) -> list[Network]:
    """The networks ``user`` coordinates or (through their staff record) is a
    member of, with the next meeting (one query): the front page's panel."""
    mine = Q(coordinator=user)
    if user.person_id:
        mine |= Q(memberships__person_id=user.person_id)
    now = timezone.now()
    return list(
        restrict(Network.objects.filter(mine), user, OPEN)
        .annotate(
            next_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__starts_at__gte=now, meetings__cancelled=False),
            )
        )
        .distinct()
        .order_by("name")
    )
