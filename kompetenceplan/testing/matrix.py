"""The permission matrix: one declarative case per page or endpoint, checked in one call.

Every page and endpoint answers the same five questions (docs/permissions.md,
ARCHITECTURE.md habit 3)::

    anonymous                              -> redirect to the login page
    a role that may not do this at all     -> 403
    a role that may                        -> 200 (or the redirect of a saved form)
    another municipality's object          -> 404 (nobody learns that it exists)
    another municipality's reference data  -> never shown (``absent``: its methods and
                                              resource functions in a choice list)
    another institution's object (leader)  -> 404
    a user without a municipality          -> 403 (sees nothing)

A case names the URL (a string, or a callable that builds it from the test's
objects) and sorts the roles of the ``world`` fixture (kompetenceplan/conftest.py)
into ``allowed``, ``forbidden`` and ``not_found``; every one of the six Ishøj
roles must be sorted, so a case cannot forget one::

    CASES = [
        Case(
            "plans:plan_detail",
            url=lambda o: reverse("plans:plan_detail", args=[o.plan.pk]),
            allowed=ALL_ROLES,
            contains="Plan A",
            other_municipality_url=lambda o: reverse("plans:plan_detail", args=[o.h_plan.pk]),
        ),
        Case(
            "plans:plan_copy",
            method="POST",
            url=...,
            data={"title": "Kopi", "slug": "kopi", "period_start": 2027},
            allowed={"admin"},
            forbidden=ALL_ROLES - {"admin"},
            state=lambda o: Plan.objects.count(),
        ),
    ]

    @pytest.mark.parametrize("case", matrix_params(CASES))
    def test_permission_matrix(client, objects, case):
        assert_matrix(client, objects, case)

Each request runs inside a savepoint that is rolled back afterwards, so every
role meets the same data (a permitted delete does not turn the next role's
answer into a 404). Every refused request (anonymous, 403, 404) is asserted to
have changed nothing: the number of change-log entries and, if given, the
case's ``state(objects)`` snapshot are the same before and after it.

Every permitted answer is also checked against the read log (ADR 0012): each
person whose name the page (or the CSV file) shows must be among the people the
request logged as read, so a new page cannot show personal data unlogged; a
refused request logs no read.

All mismatches of a case are collected and reported together, each naming the
role, the method and URL, what was expected and what came back.

A test module named ``tests/test_permission_matrix.py`` in each app holds its
``CASES``; ``kompetenceplan/testing/tests/test_url_coverage.py`` fails when a
named URL of ``config.urls`` has no case.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import resolve, reverse

from kompetenceplan.core import registry
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import ChangeLogEntry, ReadLogEntry, ReadLogSubject

from .factories import make_user

#: The roles of the ``world`` fixture's Ishøj (attribute names of ``world.users``).
ROLE_ORDER = ("admin", "consultant", "leader", "staff", "coordinator", "viewer", "horsens_admin")
ALL_ROLES = frozenset(ROLE_ORDER[:6])
#: Horsens' administrator: a permitted role, but of another municipality.
OTHER_MUNICIPALITY_ADMIN = "horsens_admin"
#: An administrator without a municipality, made for the request (and rolled back).
NO_MUNICIPALITY = "administrator without a municipality"

Builder = str | Callable[[Any], str]
DataBuilder = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None


@dataclass(frozen=True)
class Case:
    """One page or endpoint and who may use it (see the module docstring)."""

    name: str
    """The URL's name (``app:page``); checked against the URL and used for coverage."""
    url: Builder
    method: str = "GET"
    data: DataBuilder = None
    """POST data (or a callable building it from the objects, e.g. a fresh upload)."""
    allowed: Iterable[str] | Mapping[str, str] = ()
    """Roles that get ``ok_status``; a mapping gives each role a text its page must show."""
    forbidden: Iterable[str] = ()
    """Roles whose role may not do this at all: 403."""
    not_found: Iterable[str] = ()
    """Roles that may use the page, but not for this object (outside their scope): 404."""
    ok_status: int | None = None
    """200 for GET, 302 (a saved form's redirect) for POST unless given."""
    contains: str | None = None
    """A text every permitted role's page must show (GET answers with 200)."""
    absent: Iterable[str] = ()
    """Texts no permitted role's page may show: another municipality's data, such
    as its methods and resource functions among a form's or filter's choices
    (docs/adr/0013-reference-data-per-municipality.md)."""
    other_municipality_url: Builder | None = None
    """The same page for another municipality's object: 404 for every permitted role
    (and this case's URL is 404 for Horsens' administrator)."""
    other_institution_url: Builder | None = None
    """The same page for another institution's object: 404 for the leader."""
    state: Callable[[Any], Any] | None = None
    """A snapshot of what a refused request must not change (besides the change log)."""
    without_municipality: int | None = 403
    """The answer to a signed-in administrator who belongs to no municipality
    (docs/permissions.md: such a user sees nothing); ``None`` skips the check."""
    public: bool = False
    """Anonymous visitors get ``ok_status`` instead of the login page."""
    label: str = ""
    """Tells apart several cases of the same URL name (e.g. ``export``)."""
    xfail: str | None = None
    """Why this case is known to disagree with docs/permissions.md (a strict xfail)."""
    _allowed: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.allowed, Mapping):
            allowed = dict(self.allowed)
        else:
            allowed = dict.fromkeys(self.allowed)
        object.__setattr__(self, "_allowed", allowed)
        object.__setattr__(self, "method", self.method.upper())
        object.__setattr__(self, "forbidden", frozenset(self.forbidden))
        object.__setattr__(self, "not_found", frozenset(self.not_found))
        object.__setattr__(self, "absent", tuple(self.absent))
        groups = [set(allowed), set(self.forbidden), set(self.not_found)]
        known = ALL_ROLES | {OTHER_MUNICIPALITY_ADMIN}
        for group in groups:
            if unknown := group - known:
                raise ValueError(f"{self.id}: unknown roles {sorted(unknown)}")
        for role in sorted(known):
            count = sum(role in group for group in groups)
            if count > 1:
                raise ValueError(f"{self.id}: role {role!r} is in more than one group")
            if count == 0 and role in ALL_ROLES:
                raise ValueError(
                    f"{self.id}: role {role!r} is neither allowed, forbidden nor not_found"
                )
        if self.other_institution_url is not None and "leader" not in allowed:
            raise ValueError(f"{self.id}: other_institution_url is checked for the leader")
        if self.method not in ("GET", "POST"):
            raise ValueError(f"{self.id}: method must be GET or POST")

    @property
    def id(self) -> str:
        parts = [self.name, self.method]
        if self.label:
            parts.append(self.label)
        return " ".join(parts)

    @property
    def expected_ok(self) -> int:
        if self.ok_status is not None:
            return self.ok_status
        return 302 if self.method == "POST" else 200


def matrix_params(cases: Iterable[Case]) -> list:
    """``pytest.param`` per case, with the case's id and its strict xfail, if any."""
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def _build(value, objects):
    return value(objects) if callable(value) else value


@dataclass
class _Expect:
    who: str  # "anonymous" or a role name
    url: str
    status: int
    why: str
    contains: str | None = None
    absent: tuple[str, ...] = ()


def _expectations(case: Case, objects, url: str) -> list[_Expect]:
    ok = case.expected_ok
    login = reverse("account_login")
    out: list[_Expect] = []
    if case.public:
        out.append(_Expect("anonymous", url, ok, "a public page", case.contains))
    else:
        out.append(_Expect("anonymous", url, 302, f"redirect to {login}"))
    for role, text in sorted(case._allowed.items(), key=lambda item: ROLE_ORDER.index(item[0])):
        wanted = text if text is not None else case.contains
        out.append(_Expect(role, url, ok, "permitted", wanted, tuple(case.absent)))
    for role in sorted(case.forbidden, key=ROLE_ORDER.index):
        out.append(_Expect(role, url, 403, "the role may not do this"))
    for role in sorted(case.not_found, key=ROLE_ORDER.index):
        out.append(_Expect(role, url, 404, "outside the user's scope"))
    if case.without_municipality is not None and not case.public:
        status = case.without_municipality
        why = "a user without a municipality sees nothing" if status == 403 else "as declared"
        out.append(_Expect(NO_MUNICIPALITY, url, status, why))
    if case.other_municipality_url is not None:
        other = _build(case.other_municipality_url, objects)
        for role in sorted(case._allowed, key=ROLE_ORDER.index):
            if role != OTHER_MUNICIPALITY_ADMIN:
                out.append(_Expect(role, other, 404, "another municipality's object"))
        known = set(case._allowed) | set(case.forbidden) | set(case.not_found)
        if OTHER_MUNICIPALITY_ADMIN not in known:
            out.append(_Expect(OTHER_MUNICIPALITY_ADMIN, url, 404, "another municipality's object"))
    if case.other_institution_url is not None:
        other = _build(case.other_institution_url, objects)
        out.append(_Expect("leader", other, 404, "another institution's object"))
    return out


def _snapshot(case: Case, objects):
    state = case.state(objects) if case.state is not None else None
    return (ChangeLogEntry.objects.count(), ReadLogEntry.objects.count(), state)


def _names(obj) -> set[str]:
    """How a page or a CSV file may show a person."""
    names = {str(obj)}
    first, last = getattr(obj, "first_name", ""), getattr(obj, "last_name", "")
    if first and last:
        names |= {f"{first} {last}", f"{last}, {first}", f"{first};{last}"}
    return names | {html.escape(name) for name in names}


def people_shown(body: str) -> set[tuple[str, int]]:
    """(model label, pk) of every registered personal-data subject whose name is in ``body``."""
    shown = set()
    for item in registry.personal_data:
        if item.subject_field != "pk":
            continue
        for obj in item.model._default_manager.all():
            if any(name in body for name in _names(obj)):
                shown.add((item.model._meta.label, obj.pk))
    return shown


def people_logged(after_entry_id: int) -> set[tuple[str, int]]:
    """(model label, pk) of the people the read log recorded after ``after_entry_id``."""
    rows = ReadLogSubject.objects.filter(entry_id__gt=after_entry_id).values_list(
        "entry__subject_type__app_label", "entry__subject_type__model", "object_id"
    )
    return {(apps.get_model(app, model)._meta.label, pk) for app, model, pk in rows}


def _last_read_id() -> int:
    last = ReadLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def _body(response) -> str:
    """The response's text, also of a streamed file (a download)."""
    if response.streaming:
        if not hasattr(response, "_matrix_body"):
            response._matrix_body = b"".join(response.streaming_content)
        return response._matrix_body.decode(errors="replace")
    return response.content.decode(errors="replace")


def _request(client, case: Case, objects, expect: _Expect, world) -> list[str]:
    """Make one request inside a rolled-back savepoint; return the problems found."""
    problems: list[str] = []
    where = f"{expect.who}: {case.method} {expect.url}"
    with transaction.atomic():
        client.logout()
        if expect.who == NO_MUNICIPALITY:
            client.force_login(make_user(None, Role.ADMINISTRATOR, username="matrix-nobody"))
        elif expect.who != "anonymous":
            client.force_login(getattr(world.users, expect.who))
        before = _snapshot(case, objects)
        last_read = _last_read_id()
        data = _build(case.data, objects) if case.method == "POST" else None
        if case.method == "POST":
            response = client.post(expect.url, data or {})
        else:
            response = client.get(expect.url)
        refused = expect.status in (403, 404) or (expect.who == "anonymous" and not case.public)
        status = response.status_code
        if status != expect.status:
            problems.append(f"{where}: expected {expect.status} ({expect.why}), got {status}")
        elif expect.who == "anonymous" and not case.public:
            location = response.get("Location", "")
            login = reverse("account_login")
            if not location.startswith(login):
                problems.append(f"{where}: expected a redirect to {login}, got {location!r}")
        elif (
            expect.contains is not None and status == 200 and expect.contains not in _body(response)
        ):
            problems.append(f"{where}: the page does not show {expect.contains!r}")
        if status == 200 and not refused:
            unlogged = people_shown(_body(response)) - people_logged(last_read)
            if unlogged:
                problems.append(
                    f"{where}: shows personal data the read log did not record: {sorted(unlogged)}"
                )
        if status == 200 and expect.absent:
            body = _body(response)
            problems += [
                f"{where}: the page shows another municipality's {text!r}"
                for text in expect.absent
                if text in body
            ]
        if refused:
            after = _snapshot(case, objects)
            if after != before:
                problems.append(
                    f"{where}: a refused request changed data "
                    f"(change-log entries, read-log entries, state) {before!r} -> {after!r}"
                )
        if response.streaming:
            # The test client closes a streamed response (a download) once it is read.
            _body(response)
        transaction.set_rollback(True)
    client.logout()
    return problems


def assert_matrix(client, world, case: Case, objects=None) -> None:
    """Check every role of ``world`` against ``case`` (see the module docstring).

    ``objects`` (default: ``world``) is what the case's callables receive.
    """
    objects = world if objects is None else objects
    url = _build(case.url, objects)
    path = url.split("?", 1)[0]
    view_name = resolve(path).view_name
    assert view_name == case.name, f"{case.id}: {url} is the page {view_name!r}, not {case.name!r}"
    problems: list[str] = []
    for expect in _expectations(case, objects, url):
        problems += _request(client, case, objects, expect, world)
    if problems:
        lines = "\n  - ".join(problems)
        raise AssertionError(
            f"Permission matrix of {case.id} ({url}): {len(problems)} mismatch(es)\n  - {lines}"
        )
