"""Factories for the tenant world (municipality, institutions, people, users)
and a helper that runs callables in real threads for concurrency tests."""

from __future__ import annotations

import datetime as dt
import itertools
import threading

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import Municipality
from kompetenceplan.organisation.models import Employment, Institution, JobRole, Person
from kompetenceplan.organisation.reference import reference_data_ensure

_seq = itertools.count(1)
PASSWORD = "test-password-123"


def make_municipality(code: str = "183", name: str = "Ishøj") -> Municipality:
    municipality = Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]
    reference_data_ensure(municipality)
    return municipality


def make_institution(
    municipality, name: str, *, kind: str = "skole", sector: str = "school", number=None
):
    return Institution.objects.create(
        municipality=municipality,
        name=name,
        kind=kind,
        sector=sector,
        number=number or f"{next(_seq):06d}",
    )


def make_person(
    institution,
    *,
    first="Anne",
    last="Jensen",
    role="Lærer",
    start=dt.date(2020, 8, 1),
    end=None,
    number=None,
) -> Person:
    person = Person.objects.create(
        municipality=institution.municipality,
        employee_number=number or f"E{next(_seq):05d}",
        first_name=first,
        last_name=last,
        email=f"p{next(_seq)}@example.dk",
    )
    Employment.objects.create(
        person=person,
        institution=institution,
        job_role=JobRole.objects.get(name=role),
        start_date=start,
        end_date=end,
    )
    return person


def make_user(
    municipality, role: str = Role.ADMINISTRATOR, *, institutions=(), person=None, username=None
) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}",
        password=PASSWORD,
        municipality=municipality,
        role=role,
        person=person,
    )
    user.institutions.set(institutions)
    return user


def run_in_threads(*targets):
    """Start every target in its own thread at the same moment (a barrier) and
    return (results, errors). For concurrency tests on PostgreSQL."""
    from django.db import connections

    results, errors = [], []
    barrier = threading.Barrier(len(targets))

    def wrap(target):
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results, errors
