"""Writes for the calendar: issuing and renewing a user's feed addresses.

The change log never stores a token (it is the credential): snapshots leave
it out, so the history shows that an address was renewed, and when, but not
the address.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.models import Institution

from .choices import FeedKind
from .errors import CalendarError
from .models import CalendarFeed, new_token

#: Left out of every change-log snapshot of a feed.
SECRET_FIELDS = ("token",)


def _owner(actor: Actor) -> User:
    """A feed belongs to a signed-in user of a municipality (never the system)."""
    if not isinstance(actor, User) or actor.municipality_id is None:
        raise CalendarError.FEED_NO_MUNICIPALITY.error()
    return actor


def _check_feed(*, owner: User, kind: str, institution: Institution | None) -> None:
    if owner.municipality_id is None:
        raise CalendarError.FEED_NO_MUNICIPALITY.error()
    if kind not in FeedKind.values:
        raise CalendarError.FEED_KIND.error()
    if kind != FeedKind.INSTITUTION:
        return
    if institution is None:
        raise CalendarError.FEED_INSTITUTION_REQUIRED.error()
    if institution.municipality_id != owner.municipality_id:
        raise CalendarError.FEED_INSTITUTION_MUNICIPALITY.error()
    leads = owner.role == Role.LEADER and institution.pk in owner.institution_ids
    if not (owner.role == Role.ADMINISTRATOR or leads):
        raise CalendarError.FEED_INSTITUTION_NOT_ALLOWED.error()


def feed_create(*, actor: Actor, kind: str, institution: Institution | None = None) -> CalendarFeed:
    """The actor's own address for the ``kind`` calendar (of ``institution``):
    created with a fresh token, or the one the actor already has."""
    owner = _owner(actor)
    if kind != FeedKind.INSTITUTION:
        institution = None
    _check_feed(owner=owner, kind=kind, institution=institution)
    municipality_id = owner.municipality_id
    assert municipality_id is not None  # checked by _owner
    lookup = {"owner": owner, "kind": kind, "institution": institution}
    with transaction.atomic():
        existing = CalendarFeed.objects.filter(**lookup).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(municipality_id=municipality_id, **lookup)
        except IntegrityError:  # a parallel request created it first
            return CalendarFeed.objects.get(**lookup)
        log_saved(actor=owner, obj=feed, before=None, exclude=SECRET_FIELDS)
    return feed


def feed_renew(*, actor: Actor, feed: CalendarFeed) -> CalendarFeed:
    """Give ``feed`` a new secret address; the old one answers 404 from now on.
    The caller fetched ``feed`` through the gate (the actor's own feed)."""
    with transaction.atomic():
        locked = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        before = snapshot(locked, exclude=SECRET_FIELDS)
        locked.token = new_token()
        locked.renewed_at = timezone.now()
        locked.save(update_fields=["token", "renewed_at"])
        log_saved(
            actor=actor,
            obj=locked,
            before=before,
            exclude=SECRET_FIELDS,
            note="Ny adresse; den gamle virker ikke længere.",
        )
    return locked
