"""The permission matrix of every follow-up page (kompetenceplan/testing/matrix.py,
docs/followup.md, docs/permissions.md):

- the list answers everyone signed in (their own meetings; the administration
  may also list all);
- a meeting and its edit form (agenda, notes, moving it): its participants
  (here the school A leader) and the municipality's administrators; anyone
  else 404, also the leader for another school's meeting, and everyone for
  another municipality's;
- cancelling, reinstating and deleting a meeting: its participants and the
  administrators; staff, coordinators and viewers 403, anyone else 404;
- generating a school year: administrators only (403 for the other roles).
- the kinds (list, create, detail, edit, delete, generate one kind's year):
  administrators only (403 for the other roles, consultants too: kinds are
  read by administrators only, followup/permissions.py); another
  municipality's kind 404.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.followup.models import FollowupKind, FollowupMeeting
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

VIEWERS = {"admin", "leader"}
NOT_PARTICIPANTS = ALL_ROLES - VIEWERS


@pytest.fixture
def objects(world, fw):
    school_b = FollowupMeeting.objects.create(
        municipality=world.ishoj,
        kind=fw.one,
        school_year=2025,
        institution=world.school_b,
        slot="manual:school-b",
        title="1:1-samtale – Skole B",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timezone.timedelta(hours=1),
    )
    school_b.participants.set([world.users.admin, world.users.consultant])
    soon = timezone.now() + timezone.timedelta(days=30)

    def coming(slot, **extra):
        meeting = FollowupMeeting.objects.create(
            municipality=world.ishoj,
            kind=fw.one,
            school_year=2026,
            institution=world.school_a,
            slot=slot,
            title="Kommende 1:1 – Skole A",
            starts_at=soon,
            ends_at=soon + timezone.timedelta(hours=1),
            **extra,
        )
        meeting.participants.set([world.users.admin, world.users.leader])
        return meeting

    return SimpleNamespace(
        **vars(world),
        **vars(fw),
        school_b_meeting=school_b,
        coming=coming("manual:coming"),
        cancelled=coming("manual:cancelled", cancelled=True, cancel_reason="Sygdom"),
    )


def url(name, attr=None, query=""):
    def build(o):
        path = reverse(name, args=[getattr(o, attr).pk] if attr else [])
        return path + (f"?{query}" if query else "")

    return build


def state(o):
    return (
        sorted(FollowupMeeting.objects.values_list("pk", "agenda", "notes", "location")),
        FollowupMeeting.objects.count(),
    )


def meeting_state(o):
    return sorted(
        FollowupMeeting.objects.values_list("pk", "cancelled", "cancel_reason", "sequence")
    )


#: Cancelling, reinstating and deleting a meeting: its participants (the
#: leader) and the administration; the roles that take no part in follow-up
#: 403; the consultant (not a participant) 404, another school's meeting 404
#: for the leader, another municipality's for everyone.
def meeting_action(name, attr, *, method="GET", data=None, contains=None):
    return Case(
        name,
        url=url(name, attr),
        method=method,
        data=data,
        state=meeting_state,
        allowed=VIEWERS,
        forbidden={"staff", "coordinator", "viewer"},
        not_found={"consultant"},
        contains=contains,
        other_municipality_url=url(name, "h_meeting"),
        other_institution_url=url(name, "school_b_meeting"),
    )


def kind_state(o):
    return (
        sorted(FollowupKind.objects.values_list("pk", "name", "times_min", "times_max", "active")),
        FollowupMeeting.objects.count(),
    )


ADMIN_ONLY = {"allowed": {"admin"}, "forbidden": ALL_ROLES - {"admin"}}
KIND_DATA = {
    "name": "Ny type",
    "category": "one_to_one",
    "scope": "per_school",
    "times_min": "2",
    "times_max": "3",
    "duration_minutes": "60",
    "text": "",
    "active": "on",
}


def kind_case(name, attr=None, *, method="GET", data=None, **extra):
    return Case(
        name,
        url=url(name, attr),
        method=method,
        data=data,
        state=kind_state,
        other_municipality_url=url(name, "h_kind") if attr else None,
        **ADMIN_ONLY,
        **extra,
    )


MEETING_DATA = {"agenda": "1. Status", "notes": "Noter", "goals": "", "location": "Skole A"}


def time_state(o):
    return sorted(FollowupMeeting.objects.values_list("pk", "starts_at", "ends_at", "sequence"))


def move_data(o):
    """The coming meeting a day later, 14.00-15.00 (the edit page's fields)."""
    day = timezone.localtime(o.coming.starts_at).date() + timezone.timedelta(days=1)
    return {**MEETING_DATA, "date": day.isoformat(), "starts_at": "14:00", "ends_at": "15:00"}


def both(name, *, data, **common):
    return [
        Case(name, state=state, **common),
        Case(name, method="POST", data=data, state=state, **common),
    ]


CASES = [
    Case(
        "followup:meeting_list",
        url=url("followup:meeting_list"),
        allowed=ALL_ROLES,
        contains="Opfølgning",
    ),
    Case(
        "followup:meeting_list",
        label="all",
        url=url("followup:meeting_list", query="visning=alle"),
        allowed={"admin": "1:1-samtale – Skole B", **dict.fromkeys(ALL_ROLES - {"admin"})},
        absent=["Horsens 1:1"],
    ),
    Case(
        "followup:meeting_detail",
        url=url("followup:meeting_detail", "meeting"),
        allowed=VIEWERS,
        not_found=NOT_PARTICIPANTS,
        contains="1:1-samtale – Skole A (1/6)",
        other_municipality_url=url("followup:meeting_detail", "h_meeting"),
        other_institution_url=url("followup:meeting_detail", "school_b_meeting"),
    ),
    *both(
        "followup:meeting_edit",
        data=MEETING_DATA,
        url=url("followup:meeting_edit", "meeting"),
        allowed=VIEWERS,
        not_found=NOT_PARTICIPANTS,
        other_municipality_url=url("followup:meeting_edit", "h_meeting"),
        other_institution_url=url("followup:meeting_edit", "school_b_meeting"),
    ),
    # Moving a meeting (same page): the participant leader moves their own
    # meeting still to come; another school's meeting is 404 for the leader.
    Case(
        "followup:meeting_edit",
        label="move",
        method="POST",
        data=move_data,
        url=url("followup:meeting_edit", "coming"),
        state=time_state,
        allowed=VIEWERS,
        not_found=NOT_PARTICIPANTS,
        other_municipality_url=url("followup:meeting_edit", "h_meeting"),
        other_institution_url=url("followup:meeting_edit", "school_b_meeting"),
    ),
    meeting_action("followup:meeting_cancel", "coming", contains="Aflys mødet"),
    meeting_action("followup:meeting_cancel", "coming", method="POST", data={"reason": "Sygdom"}),
    meeting_action("followup:meeting_reinstate", "cancelled", contains="Genoptag mødet"),
    meeting_action("followup:meeting_reinstate", "cancelled", method="POST", data={}),
    meeting_action("followup:meeting_delete", "coming", contains="Slet mødet"),
    meeting_action("followup:meeting_delete", "coming", method="POST", data={}),
    *both(
        "followup:generate",
        data=lambda o: {
            "school_year": "2026",
            "kinds": [str(o.one.pk)],
            "host": str(o.users.admin.pk),
        },
        url=url("followup:generate"),
        allowed={"admin"},
        forbidden=ALL_ROLES - {"admin"},
        absent=["Horsens 1:1"],
    ),
    kind_case("followup:kind_list", contains="Teamudviklingssamtale", absent=["Horsens 1:1"]),
    kind_case("followup:kind_create", contains="Ny opfølgningstype"),
    kind_case("followup:kind_create", method="POST", data=KIND_DATA),
    kind_case("followup:kind_detail", "one", contains="4-6 gange om året"),
    kind_case("followup:kind_edit", "one", contains="Redigér 1:1-samtale"),
    kind_case(
        "followup:kind_edit", "one", method="POST", data={**KIND_DATA, "name": "1:1-samtale"}
    ),
    kind_case("followup:kind_delete", "ongoing", contains="Slet opfølgningstypen"),
    kind_case("followup:kind_delete", "ongoing", method="POST", data={}),
    kind_case("followup:kind_generate", "one", contains="Generér møder: 1:1-samtale"),
    kind_case(
        "followup:kind_generate",
        "one",
        method="POST",
        data=lambda o: {"school_year": "2026", "host": str(o.users.admin.pk)},
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, case):
    assert_matrix(client, objects, case)
