"""Reads of follow-up, through the gate. Named for the later overviews and
the committee's status report (issue 10, items 7 and 8): ``meetings_of``,
``meetings_for_school``, ``kinds_of``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.plans.models import Initiative

from .models import FollowupKind, FollowupMeeting
from .permissions import participant_q


def _count(siblings: QuerySet[FollowupMeeting]) -> Coalesce:
    counted = siblings.order_by().values("kind_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_numbers(meetings: QuerySet[FollowupMeeting]) -> QuerySet[FollowupMeeting]:
    """Annotate ``number`` and ``number_of`` for ``FollowupMeeting.display_title``:
    among the meetings of the same kind, school year and school (all schools:
    none) that are not cancelled, this one's place in date order and how many
    there are. Two correlated subqueries in the same query (no query per row);
    they read every such meeting, whatever filters the outer query has."""
    siblings = FollowupMeeting.objects.annotate(
        school_key=Coalesce("institution_id", Value(0))
    ).filter(
        kind_id=OuterRef("kind_id"),
        school_year=OuterRef("school_year"),
        school_key=Coalesce(OuterRef("institution_id"), Value(0)),
        cancelled=False,
    )
    before = siblings.filter(
        Q(starts_at__lt=OuterRef("starts_at"))
        | Q(starts_at=OuterRef("starts_at"), pk__lte=OuterRef("pk"))
    )
    return meetings.annotate(number=_count(before), number_of=_count(siblings))


def _meetings(user: ActingUser, action: str = Action.VIEW) -> QuerySet[FollowupMeeting]:
    return with_numbers(restrict(FollowupMeeting.objects.all(), user, action)).select_related(
        "kind", "institution"
    )


def meetings_of(
    *, user: ActingUser, school_year: int | None = None, mine: bool = True
) -> QuerySet[FollowupMeeting]:
    """The meetings ``user`` takes part in (``mine``), or every meeting the user
    may see (the administration: the municipality's), in time order, with
    their participants (two queries)."""
    meetings = _meetings(user)
    if mine:
        meetings = meetings.filter(participant_q(user))  # type: ignore[arg-type]
    if school_year is not None:
        meetings = meetings.filter(school_year=school_year)
    return meetings.prefetch_related(
        Prefetch("participants", queryset=User.objects.order_by("first_name", "username"))
    ).order_by("starts_at", "pk")


def meetings_for_school(*, user: ActingUser, institution_id: int) -> QuerySet[FollowupMeeting]:
    """One school's meetings the user may see (for the leader's overview)."""
    return _meetings(user).filter(institution_id=institution_id).order_by("starts_at", "pk")


def meeting_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> FollowupMeeting:
    """One meeting through the gate: 404 for a non-participant (not of the
    administration) and for another municipality's meeting."""
    queryset = (
        with_numbers(FollowupMeeting.objects.all())
        .select_related("kind__plan", "institution", "municipality")
        .prefetch_related(
            Prefetch("participants", queryset=User.objects.order_by("first_name", "username")),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.select_related("plan").order_by(
                    "plan__period_start", "sort_key"
                ),
            ),
        )
    )
    return get_restricted_or_404(queryset, user, action, pk=pk)


def meeting_contents(meeting: FollowupMeeting) -> list[str]:
    """What keeps a meeting from being deleted: what it has written or linked,
    in Danish words ("en dagsorden", "noter", "mål", "tilknyttede indsatser");
    empty when nothing. Uses prefetched initiatives when there are any."""
    found = [
        str(label)
        for name, label in (
            ("agenda", _("en dagsorden")),
            ("notes", _("noter")),
            ("goals", _("mål")),
        )
        if getattr(meeting, name)
    ]
    linked = meeting.initiatives.all() if _prefetched(meeting) else meeting.initiatives.exists()
    if linked:
        found.append(_("tilknyttede indsatser"))
    return found


def _prefetched(meeting: FollowupMeeting) -> bool:
    return "initiatives" in getattr(meeting, "_prefetched_objects_cache", {})


def school_years_of(*, user: ActingUser) -> list[int]:
    """The school years of the meetings the user may see, newest first."""
    return list(
        restrict(FollowupMeeting.objects.all(), user, Action.VIEW)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def kinds_of(*, user: ActingUser) -> QuerySet[FollowupKind]:
    """The municipality's follow-up kinds with their number of meetings
    (administrators)."""
    return (
        restrict(FollowupKind.objects.all(), user, Action.VIEW)
        .select_related("plan")
        .annotate(meeting_count=Count("meetings"))
        .order_by("first_year", "order", "pk")
    )


def plan_kinds(*, plan) -> QuerySet[FollowupKind]:
    """A plan's follow-up column (its kinds in file order): plan text, read
    with the plan (the caller has the plan through the gate)."""
    return FollowupKind.objects.filter(plan=plan).order_by("order", "pk")


def generatable_kinds(*, user: ActingUser) -> QuerySet[FollowupKind]:
    """The kinds with a fixed cadence: those the generate form offers."""
    return kinds_of(user=user).filter(times_max__isnull=False, active=True)


def kind_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> FollowupKind:
    """One kind through the gate (administrators of its municipality; else 404
    or 403 by the page's gate)."""
    return get_restricted_or_404(FollowupKind.objects.select_related("plan"), user, action, pk=pk)


def kind_years(*, kind: FollowupKind) -> list[dict[str, Any]]:
    """Per school year of the kind's meetings: how many, and how many have
    notes (one query), newest first."""
    rows = (
        FollowupMeeting.objects.filter(kind=kind)
        .values("school_year")
        .annotate(
            count=Count("pk"),
            with_notes=Count("pk", filter=~Q(notes="")),
        )
        .order_by("-school_year")
    )
    return [dict(row) for row in rows]


def hosts_of(*, user: User) -> QuerySet[User]:
    """Who may hold the meetings: the municipality's administrators and consultants."""
    from kompetenceplan.core.choices import Role

    if user.municipality_id is None:
        return User.objects.none()
    return User.objects.filter(
        municipality_id=user.municipality_id,
        is_active=True,
        role__in=[Role.ADMINISTRATOR, Role.CONSULTANT],
    ).order_by("first_name", "username")


def initiatives_of(*, municipality_id: int) -> QuerySet[Initiative]:
    """The initiatives a meeting of this municipality may follow up."""
    return (
        Initiative.objects.filter(plan__municipality_id=municipality_id)
        .select_related("plan")
        .order_by("plan__period_start", "plan__title", "sort_key")
    )
