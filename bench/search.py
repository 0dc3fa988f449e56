"""Benchmark: catalogue search on the demo data (security issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kompetenceplan make bench-search
    # or: DATABASE_URL=... .venv/bin/python bench/search.py --repeat 20

Creates a throw-away database beside DATABASE_URL's (``bench_<name>``, dropped
at the end; the database itself is not touched), loads the demo data (and ANALYZEs it), and times
a 12-word catalogue search through the selector and through the page, and a
1,000-word search through the page (bounded to the first 12 words), each as the
median of ``--repeat`` runs beside the 100 ms limit. Then it prints the scans
of the query plan: which indexes the planner uses, and, when it prefers a
sequential scan (a small table), the plan with ``enable_seqscan = off`` to show
that the indexes are usable. Without a PostgreSQL DATABASE_URL it runs on a
temporary SQLite database (times only: the indexes are PostgreSQL's).
Nothing is asserted; the query-plan check of the suite is
``plans/tests/test_search.py::test_postgres_search_can_use_the_indexes``.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LIMIT_MS = 100
INDEXES = (
    "plans_initiative_search_fts",
    "plans_initiative_search_trgm",
    "plans_initiative_title_trgm",
    "plans_method_name_trgm",
    "plans_focusarea_title_trgm",
)


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm up (caches, prepared plans, the session)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def report(name: str, ms: float) -> None:
    verdict = ("within" if ms < LIMIT_MS else "OVER") + f" the {LIMIT_MS} ms limit"
    print(f"{name:<58} median {ms:8.1f} ms   {verdict}")


def scans(plan: str) -> list[str]:
    return [line.strip() for line in plan.splitlines() if "Scan" in line or "Time:" in line]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--full-plan", action="store_true", help="print the whole EXPLAIN")
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
        # A database of its own beside DATABASE_URL's, dropped at the end.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
            f"bench_{settings.DATABASES['default']['NAME']}"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args, postgres)
    finally:
        if postgres:
            connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def run(args: argparse.Namespace, postgres: bool) -> None:
    import io

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    if not postgres:
        call_command("migrate", verbosity=0)
    call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
    if postgres:
        # Statistics, as autovacuum keeps them on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from kompetenceplan.accounts.models import User
    from kompetenceplan.core.choices import Role
    from kompetenceplan.core.search import search_terms
    from kompetenceplan.plans.models import Initiative
    from kompetenceplan.plans.selectors import CATALOGUE_WORD, catalogue, catalogue_search

    # The administrator of the municipality with the most initiatives.
    counts: dict[int, int] = {}
    for municipality_id in Initiative.objects.values_list("plan__municipality_id", flat=True):
        counts[municipality_id] = counts.get(municipality_id, 0) + 1
    municipality_id = max(counts, key=lambda m: counts[m])
    user = User.objects.filter(municipality_id=municipality_id, role=Role.ADMINISTRATOR).first()
    assert user is not None, "the demo data has no administrator"

    # Twelve words of one initiative's own text: the search finds it.
    source = max(
        Initiative.objects.filter(plan__municipality_id=municipality_id),
        key=lambda i: len(i.background),
    )
    words: list[str] = []
    for word in search_terms(
        f"{source.title} {source.background}",
        pattern=CATALOGUE_WORD,
        max_words=10_000,
        max_chars=1_000_000,
    ).words:
        if len(word) >= 4 and word.lower() not in {w.lower() for w in words}:
            words.append(word)
    twelve = " ".join(words[:12])
    thousand = twelve + " " + " ".join(["kompetenceudvikling"] * 988)

    print(f"database: {connection.vendor}, {Initiative.objects.count()} initiatives in all,")
    print(f"  {counts[municipality_id]} readable by {user.username}, repeat {args.repeat}")
    print(f"12 words: {twelve!r}")

    def selector(text: str) -> Callable[[], int]:
        return lambda: len(
            catalogue_search(catalogue(user=user), search_terms(text, pattern=CATALOGUE_WORD))
        )

    found = selector(twelve)()
    print(f"found: {found} initiative(s)")
    baseline = median_ms(lambda: len(catalogue(user=user)), args.repeat)
    print(f"{'selector, no search (baseline)':<58} median {baseline:8.1f} ms")
    report("selector, 12 words", median_ms(selector(twelve), args.repeat))
    report("selector, 1,000 words (bounded to 12)", median_ms(selector(thousand), args.repeat))
    client = Client()
    client.force_login(user)
    url = reverse("plans:catalogue")

    def page(text: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url, {"q": text})
            assert response.status_code == 200, response.status_code

        return get

    # The page without a search is the baseline: the limit is on what the search adds.
    base = median_ms(page(""), args.repeat)
    print(f"{'page /katalog/ without a search (baseline)':<58} median {base:8.1f} ms")
    for name, text in (("12 words", twelve), ("1,000 words (bounded to 12)", thousand)):
        ms = median_ms(page(text), args.repeat)
        print(f"{'page /katalog/?q=<' + name + '>':<58} median {ms:8.1f} ms", end="")
        added = ms - base
        verdict = "within" if added < LIMIT_MS else "OVER"
        print(f"   the search adds {added:.1f} ms: {verdict} the {LIMIT_MS} ms limit")

    if not postgres:
        print("EXPLAIN: skipped (the indexes are PostgreSQL's)")
        return
    queryset = catalogue_search(catalogue(user=user), search_terms(twelve, pattern=CATALOGUE_WORD))
    plan = queryset.explain(analyze=True)
    used = [name for name in INDEXES if name in plan]
    print("\nEXPLAIN ANALYZE of the 12-word search, its scans:")
    print("\n".join(f"  {line}" for line in (plan.splitlines() if args.full_plan else scans(plan))))
    print(f"search indexes used: {', '.join(used) or 'none'}")
    if len(used) < len(INDEXES):
        print(
            "\nThe planner chose sequential scans for the rest (the demo tables are small)."
            "\nWith enable_seqscan = off, to show that the indexes are usable:"
        )
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            forced = queryset.explain()
        print("\n".join(f"  {line}" for line in scans(forced)))
        print(f"search indexes usable: {', '.join(n for n in INDEXES if n in forced) or 'none'}")


if __name__ == "__main__":
    main()
