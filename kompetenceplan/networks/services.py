"""The networks' rules (docs/networks.md): every write goes through here,
inside a transaction, through the change log; the refusals' Danish messages
are in :mod:`.errors`. Meetings and members send calendar invitations
(:mod:`.invitations`) in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula
from kompetenceplan.organisation.models import Institution, Person, ResourceFunction

from .choices import NetworkKind
from .errors import NetworkError
from .invitations import record_for_meeting, record_for_member
from .models import Meeting, Membership, Network, WheelEntry

#: Who may be a network's coordinator in the application.
COORDINATOR_ROLES = (Role.COORDINATOR, Role.CONSULTANT)
#: What a meeting's SEQUENCE follows (calendars replace the event on a change).
_SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "online_url", "agenda")


def _check_coordinator(municipality_id: int, coordinator: User | None) -> None:
    if coordinator is None:
        return
    if coordinator.municipality_id != municipality_id or coordinator.role not in COORDINATOR_ROLES:
        raise NetworkError.COORDINATOR_ROLE.error()


def _check_network(municipality_id: int, fields: dict[str, Any], pk: int | None = None) -> None:
    name = fields["name"]
    if not name:
        raise NetworkError.NAME_REQUIRED.error()
    check_no_formula(name, field="name")
    taken = Network.objects.filter(municipality_id=municipality_id, name__iexact=name)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise NetworkError.NAME_TAKEN.error(name=name)
    per_year = fields.get("meetings_per_year")
    if per_year is not None and not 1 <= per_year <= 52:
        raise NetworkError.MEETINGS_PER_YEAR.error()
    _check_coordinator(municipality_id, fields.get("coordinator"))


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in ("name", "description", "coordinator_title"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def network_create(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    kind: str = NetworkKind.FIXED,
    sector: str = "school",
    description: str = "",
    coordinator_title: str = "",
    coordinator: User | None = None,
    meetings_per_year: int | None = None,
    plan: Any = None,
) -> Network:
    fields = _clean(
        {
            "name": name,
            "kind": kind,
            "sector": sector,
            "description": description,
            "coordinator_title": coordinator_title,
            "coordinator": coordinator,
            "meetings_per_year": meetings_per_year,
            "plan": plan,
        }
    )
    _check_network(municipality.pk, fields)
    with transaction.atomic():
        network = Network.objects.create(municipality=municipality, **fields)
        log_saved(actor=actor, obj=network, before=None)
    return network


def network_update(*, actor: Actor, network: Network, **fields: Any) -> Network:
    """Change the network's name, kind, description, coordinator ..."""
    fields = _clean(fields)
    with transaction.atomic():
        locked = Network.objects.select_for_update().get(pk=network.pk)
        merged = {
            "name": locked.name,
            "meetings_per_year": locked.meetings_per_year,
            "coordinator": locked.coordinator,
            **fields,
        }
        _check_network(locked.municipality_id, merged, pk=locked.pk)
        before = snapshot(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        log_saved(actor=actor, obj=locked, before=before)
    return locked


def network_delete(*, actor: Actor, network: Network) -> None:
    """Delete the network with its members, meetings and wheel; coming
    meetings are cancelled in the members' calendars first."""
    with transaction.atomic():
        locked = Network.objects.select_for_update().get(pk=network.pk)
        for meeting in locked.meetings.filter(cancelled=False, ends_at__gt=timezone.now()):
            meeting.cancelled = True
            meeting.sequence += 1
            record_for_meeting(meeting)
        delete_logged(actor=actor, objects=[locked])


# --- members --------------------------------------------------------------------------


def membership_add(
    *,
    actor: Actor,
    network: Network,
    person: Person,
    institution: Institution | None = None,
    resource_function: ResourceFunction | None = None,
) -> Membership:
    """Add a member; they are invited to the network's coming meetings."""
    municipality_id = network.municipality_id
    if person.municipality_id != municipality_id:
        raise NetworkError.PERSON_MUNICIPALITY.error()
    if institution is not None and institution.municipality_id != municipality_id:
        raise NetworkError.INSTITUTION_MUNICIPALITY.error()
    if resource_function is not None and resource_function.municipality_id != municipality_id:
        raise NetworkError.FUNCTION_MUNICIPALITY.error()
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
        if Membership.objects.filter(network=network, person=person).exists():
            raise NetworkError.ALREADY_MEMBER.error(name=person.full_name)
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    network=network,
                    person=person,
                    institution=institution,
                    resource_function=resource_function,
                )
        except IntegrityError:  # pragma: no cover - the lock above prevents it
            raise NetworkError.ALREADY_MEMBER.error(name=person.full_name) from None
        log_saved(actor=actor, obj=membership, before=None, related=network)
        record_for_member(network, person, joined=True)
    return membership


def membership_remove(*, actor: Actor, membership: Membership) -> None:
    """Remove a member; the coming meetings leave their calendar."""
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("network", "person")
            .get(pk=membership.pk)
        )
        record_for_member(locked.network, locked.person, joined=False)
        delete_logged(actor=actor, objects=[locked], related=locked.network)


# --- meetings -------------------------------------------------------------------------


def _check_meeting(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise NetworkError.ENDS_BEFORE_START.error()
    if ends_at - starts_at > dt.timedelta(hours=24):
        raise NetworkError.TOO_LONG.error()


def meeting_create(
    *,
    actor: Actor,
    network: Network,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Meeting:
    """A meeting in the calendar; the members are invited."""
    _check_meeting(starts_at, ends_at)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            network=network,
            starts_at=starts_at,
            ends_at=ends_at,
            place=(place or "").strip(),
            online_url=online_url or "",
            agenda=(agenda or "").strip(),
        )
        log_saved(actor=actor, obj=meeting, before=None, related=network)
        record_for_meeting(meeting)
    return meeting


def meeting_update(
    *,
    actor: Actor,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Meeting:
    """Change a meeting: a new time, place or agenda raises its ``sequence``
    and the members get the change. A cancelled meeting cannot be changed."""
    _check_meeting(starts_at, ends_at)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("network").get(pk=meeting.pk)
        if locked.cancelled:
            raise NetworkError.CANCELLED.error()
        before = snapshot(locked, exclude=("updated_at",))
        old = [getattr(locked, f) for f in _SCHEDULE_FIELDS]
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.place, locked.online_url = (place or "").strip(), online_url or ""
        locked.agenda = (agenda or "").strip()
        changed = [getattr(locked, f) for f in _SCHEDULE_FIELDS] != old
        if changed:
            locked.sequence += 1
            locked.save()
            record_for_meeting(locked)
            log_saved(
                actor=actor,
                obj=locked,
                before=before,
                related=locked.network,
                exclude=("updated_at",),
            )
    return locked


def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Cancel a coming meeting: it stays in the calendar as cancelled and the
    members' calendars drop it. A held or cancelled meeting is refused."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("network").get(pk=meeting.pk)
        if locked.cancelled:
            raise NetworkError.ALREADY_CANCELLED.error()
        if locked.ends_at <= timezone.now():
            raise NetworkError.PAST.error()
        before = snapshot(locked, exclude=("updated_at",))
        locked.cancelled = True
        locked.sequence += 1
        locked.save()
        record_for_meeting(locked)
        log_saved(
            actor=actor, obj=locked, before=before, related=locked.network, exclude=("updated_at",)
        )
    return locked


# --- the annual wheel -----------------------------------------------------------------


def wheel_entry_set(
    *,
    actor: Actor,
    network: Network,
    school_year: str,
    month: int,
    theme: str,
    activity: str = "",
    competence_development: str = "",
) -> WheelEntry:
    """Set one month of the network's annual wheel (creates or replaces it)."""
    from kompetenceplan.cohorts.dates import school_year_valid

    if not school_year_valid(school_year or ""):
        raise NetworkError.SCHOOL_YEAR.error()
    if month not in range(1, 13):
        raise NetworkError.MONTH.error()
    theme = (theme or "").strip()
    if not theme:
        raise NetworkError.THEME_REQUIRED.error()
    check_no_formula(theme, field="theme")
    fields = {
        "theme": theme,
        "activity": (activity or "").strip(),
        "competence_development": (competence_development or "").strip(),
    }
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
        entry = WheelEntry.objects.filter(
            network=network, school_year=school_year, month=month
        ).first()
        before = None
        if entry is None:
            entry = WheelEntry(network=network, school_year=school_year, month=month, **fields)
        else:
            before = snapshot(entry)
            for name, value in fields.items():
                setattr(entry, name, value)
        entry.save()
        log_saved(actor=actor, obj=entry, before=before, related=network)
    return entry


def wheel_entry_delete(*, actor: Actor, entry: WheelEntry) -> None:
    with transaction.atomic():
        locked = WheelEntry.objects.select_for_update().select_related("network").get(pk=entry.pk)
        delete_logged(actor=actor, objects=[locked], related=locked.network)
