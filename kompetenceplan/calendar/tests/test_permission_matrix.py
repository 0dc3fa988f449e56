"""The permission matrix of every calendar page (kompetenceplan/testing/matrix.py):
everyone signed in within the municipality sees the calendar and manages their
own feed addresses; a user renews only their own address (anyone else's is
404); the feed itself needs no login (the token is the credential) and an
unknown token is 404."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.calendar import services
from kompetenceplan.calendar.choices import FeedKind
from kompetenceplan.calendar.models import CalendarFeed
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db


def feeds(o):
    return sorted(CalendarFeed.objects.values_list("pk", "owner_id", "kind", "token"))


CASES = [
    Case(
        "calendar:month",
        url=reverse("calendar:month") + "?maaned=2025-12",
        allowed=ALL_ROLES,
        contains="uge 52",
    ),
    Case(
        "calendar:week",
        url=reverse("calendar:week") + "?uge=2025-W31",
        allowed=ALL_ROLES,
        contains="Uge 31, 2025",
    ),
    Case(
        "calendar:list",
        url=reverse("calendar:list") + "?fra=2025-12-20",
        allowed=ALL_ROLES,
        contains="Juledag",
    ),
    Case(
        "calendar:feeds",
        url=reverse("calendar:feeds"),
        allowed=ALL_ROLES,
        contains="Abonnér fra internettet",
    ),
    Case(
        "calendar:feed_create",
        method="POST",
        url=reverse("calendar:feed_create"),
        data={"kind": FeedKind.MUNICIPALITY},
        allowed=ALL_ROLES,
        state=feeds,
    ),
    Case(
        "calendar:feed_renew",
        method="POST",
        url=lambda o: reverse("calendar:feed_renew", args=[o.staff_feed.pk]),
        allowed={"staff"},
        not_found=ALL_ROLES - {"staff"},
        other_municipality_url=lambda o: reverse("calendar:feed_renew", args=[o.h_feed.pk]),
        state=feeds,
    ),
    Case(
        "calendar:feed",
        url=lambda o: reverse("calendar:feed", args=[o.staff_feed.token]),
        allowed=ALL_ROLES,
        public=True,
        contains="BEGIN:VCALENDAR",
        state=feeds,
    ),
    Case(
        "calendar:feed",
        label="unknown token",
        url=reverse("calendar:feed", args=["ukendt-" + "x" * 36]),
        allowed=ALL_ROLES,
        public=True,
        ok_status=404,
        state=feeds,
    ),
]


@pytest.fixture
def objects(world):
    return SimpleNamespace(
        **vars(world),
        staff_feed=services.feed_create(actor=world.users.staff, kind=FeedKind.PERSONAL),
        h_feed=services.feed_create(actor=world.users.horsens_admin, kind=FeedKind.MUNICIPALITY),
    )


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)
