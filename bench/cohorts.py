"""Benchmarks of the cohorts (issue 8, item 10).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kompetenceplan make bench-cohorts
    # or: DATABASE_URL=... .venv/bin/python bench/cohorts.py --threads 20 --seats 5

1. Enrolment under contention, through the HTTP stack: a threaded WSGI server
   on a free local port serves the application; ``--threads`` staff members,
   each with their own session and CSRF cookie, post "Tilmeld mig" to one
   cohort of ``--seats`` seats at the same moment (a barrier). Prints how many
   were seated and waitlisted (exactly ``--seats`` and the rest, positions 1..n
   without gaps) and the p50/p95 latency beside the latency of one uncontended
   enrolment through the same stack (the limit it is compared with).
2. The municipality's ICS feed for a school year of ``--sessions`` sessions
   (default 2,000 in 200 cohorts): time and query count of the feed request,
   beside the time PostgreSQL (or SQLite) takes to read the same session rows
   with raw SQL (the floor), and the number of queries beside the limit of a
   feed whose queries do not grow with its sessions.

Creates a throw-away database beside DATABASE_URL's (``bench_<name>``, dropped
at the end) or a temporary SQLite file without a PostgreSQL DATABASE_URL (the
contention part then shows SQLite's database-wide write lock, not row locks).
Nothing is asserted; the suite's proof is
``cohorts/tests/test_concurrency.py`` (20 threads, 5 seats, on PostgreSQL).
"""

import argparse
import datetime as dt
import os
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# A feed's queries must not grow with its sessions: the calendar's own queries
# plus the cohorts source's three (docs/calendar.md).
FEED_QUERY_LIMIT = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--seats", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=2000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if postgres:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
            f"bench_{settings.DATABASES['default']['NAME']}"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    try:
        world = build_world(args)
        contention(args, world)
        feed(args, world)
    finally:
        if postgres:
            connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


class World:
    pass


def build_world(args: argparse.Namespace) -> World:
    from decimal import Decimal

    from django.utils import timezone

    from kompetenceplan.cohorts.models import Cohort, Session
    from kompetenceplan.core.choices import Role
    from kompetenceplan.organisation.models import JobRole
    from kompetenceplan.plans.choices import PeriodKind, PlanStatus
    from kompetenceplan.plans.models import Initiative, Plan, number_sort_key
    from kompetenceplan.testing.factories import (
        make_institution,
        make_municipality,
        make_person,
        make_user,
    )

    world = World()
    world.municipality = make_municipality("183", "Ishøj")
    school = make_institution(world.municipality, "Skole A", number="100001")
    plan = Plan.objects.create(
        municipality=world.municipality,
        slug="bench",
        title="Benchmarkplan",
        sectors=["school"],
        period_kind=PeriodKind.CALENDAR_YEARS,
        period_start=2026,
        period_end=2027,
        status=PlanStatus.ADOPTED,
    )
    initiative = Initiative.objects.create(
        plan=plan,
        number="1.1",
        sort_key=number_sort_key("1.1"),
        title="Sprogudviklende didaktik",
        target_institution_kinds=["skole"],
    )
    initiative.target_roles.set([JobRole.objects.get(name="Lærer")])
    world.admin = make_user(world.municipality, Role.ADMINISTRATOR, username="bench-admin")
    world.staff = [
        make_user(
            world.municipality,
            Role.STAFF,
            person=make_person(school, first=f"Lærer{n}", last="Bench"),
            username=f"bench-staff-{n}",
        )
        for n in range(args.threads + 1)
    ]
    world.cohort = Cohort.objects.create(
        municipality=world.municipality,
        initiative=initiative,
        name="Hold under pres",
        school_year="2026/27",
        capacity=args.seats,
    )
    world.solo_cohort = Cohort.objects.create(
        municipality=world.municipality,
        initiative=initiative,
        name="Hold uden pres",
        school_year="2026/27",
        capacity=args.seats,
    )
    # The feed's school year: cohorts of ten sessions from next month on.
    first = timezone.localdate() + dt.timedelta(days=30)
    per_cohort = 10
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            municipality=world.municipality,
            initiative=initiative,
            name=f"Hold {n + 1}",
            school_year="2026/27",
            capacity=25,
        )
        for n in range(max(args.sessions // per_cohort, 1))
    )
    sessions = []
    for n in range(args.sessions):
        day = first + dt.timedelta(days=n % 300)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + n % 6)))
        sessions.append(
            Session(
                cohort=cohorts[n % len(cohorts)],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                hours=Decimal(2),
                place="Kompetencecenter Ishøjgård",
            )
        )
    Session.objects.bulk_create(sessions)
    return world


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve() -> str:
    """The application behind a threaded WSGI server on a free local port."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 128

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}"


def session_cookie(user) -> tuple[str, str]:
    """A logged-in session (as the login page would make it) and a CSRF cookie."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookie = f"{client.cookies['sessionid'].key}={client.cookies['sessionid'].value}"
    return f"{cookie}; csrftoken={csrf}", csrf


def post(base: str, path: str, cookie: tuple[str, str]) -> tuple[int, float]:
    header, csrf = cookie
    request = urllib.request.Request(  # noqa: S310 (our own http://127.0.0.1 server)
        base + path,
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": csrf}).encode(),
        headers={"Cookie": header, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    start = time.perf_counter()
    try:
        with opener.open(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:  # a 302 comes back as an "error" here
        status = error.code
    return status, (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def contention(args: argparse.Namespace, world: World) -> None:
    from django.db import connection
    from django.urls import reverse

    from kompetenceplan.cohorts.choices import SEATED_STATUSES, EnrolmentStatus
    from kompetenceplan.cohorts.models import Enrolment

    base = serve()
    cookies = [session_cookie(user) for user in world.staff]
    # One uncontended enrolment through the same stack: the figure to compare with.
    solo = [post(base, reverse("cohorts:enrol_self", args=[world.solo_cohort.pk]), cookies[-1])[1]]
    path = reverse("cohorts:enrol_self", args=[world.cohort.pk])
    barrier = threading.Barrier(args.threads)
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def enrol(cookie: tuple[str, str]) -> None:
        barrier.wait()
        result = post(base, path, cookie)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=enrol, args=(c,)) for c in cookies[: args.threads]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connection.close()
    statuses = sorted({status for status, _ms in results})
    seated = Enrolment.objects.filter(cohort=world.cohort, status__in=SEATED_STATUSES).count()
    positions = list(
        Enrolment.objects.filter(cohort=world.cohort, status=EnrolmentStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    latencies = [ms for _status, ms in results]
    print(f"database: {connection.vendor}")
    print(
        f"enrolment under contention: {args.threads} parallel POSTs on {args.seats} seats "
        f"through HTTP (answers {statuses})"
    )
    expected = list(range(1, args.threads - args.seats + 1))
    verdict = "exact" if seated == args.seats and positions == expected else "WRONG"
    print(
        f"  seated {seated} of {args.seats} seats, waitlisted {len(positions)} "
        f"at positions {positions[0] if positions else '-'}..{positions[-1] if positions else '-'}"
        f" without gaps: {verdict}"
    )
    print(
        f"  latency p50 {percentile(latencies, 0.5):7.1f} ms, p95 {percentile(latencies, 0.95):7.1f}"
        f" ms   beside one uncontended enrolment {solo[0]:7.1f} ms"
    )


def feed(args: argparse.Namespace, world: World) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from kompetenceplan.calendar.services import feed_create
    from kompetenceplan.cohorts.models import Session

    token = feed_create(actor=world.admin, kind="municipality").token
    url = reverse("calendar:feed", args=[token])
    client = Client()
    client.get(url)  # warm up
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    events = response.content.count(b"BEGIN:VEVENT")
    table = Session._meta.db_table
    raw = []
    for _ in range(5):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
            rows = cursor.fetchall()
        raw.append((time.perf_counter() - start) * 1000)
    print(f"municipality ICS feed, {Session.objects.count()} sessions:")
    print(
        f"  {events} events, {len(response.content) / 1024:.0f} KB, "
        f"median {statistics.median(timings):7.1f} ms   beside raw SQL of the same "
        f"{len(rows)} session rows {statistics.median(raw):6.1f} ms"
    )
    verdict = "within" if len(queries) <= FEED_QUERY_LIMIT else "OVER"
    print(f"  {len(queries)} queries: {verdict} the limit of {FEED_QUERY_LIMIT}")


if __name__ == "__main__":
    main()
