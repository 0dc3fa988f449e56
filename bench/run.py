"""Benchmarks: import throughput and list-page latency on synthetic data.

    make bench            # or: .venv/bin/python bench/run.py --people 5000

Runs against a throw-away SQLite database in a temporary folder (or DATABASE_URL
if it is set to PostgreSQL, in which case the test database is created and
dropped). Prints one line per measurement; nothing is asserted.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A throwaway key for this run (settings refuse to start without one, debug off).
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from kompetenceplan.core.choices import Role
    from kompetenceplan.core.tabular import Table
    from kompetenceplan.organisation.services import people_import
    from kompetenceplan.testing.factories import make_institution, make_municipality, make_user

    municipality = make_municipality("999", "Benchmark")
    schools = [make_institution(municipality, f"Skole {i}", number=f"9{i:05d}") for i in range(20)]
    rows = [
        (
            i + 2,
            {
                "medarbejdernummer": f"B{i}",
                "fornavn": "Navn",
                "efternavn": f"Nr{i}",
                "email": "",
                "institutionsnummer": schools[i % 20].number,
                "stilling": "Lærer",
                "ansat_fra": "01-08-2020",
                "ansat_til": "",
            },
        )
        for i in range(args.people)
    ]
    table = Table(header=list(rows[0][1]), rows=rows)
    start = time.perf_counter()
    people_import(actor=None, municipality=municipality, table=table)
    first = time.perf_counter() - start
    start = time.perf_counter()
    people_import(actor=None, municipality=municipality, table=table)
    second = time.perf_counter() - start
    print(f"import {args.people} people: {first:.2f} s (new), {second:.2f} s (unchanged re-import)")

    client = Client()
    client.force_login(make_user(municipality, Role.ADMINISTRATOR, username="bench"))
    for name, url in [
        ("people list", "/organisation/medarbejdere/"),
        ("people search", "/organisation/medarbejdere/?q=Nr42"),
        ("institution list", "/organisation/institutioner/"),
    ]:
        timings = []
        for _ in range(10):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"{name}: median {statistics.median(timings):.0f} ms over 10 requests ({args.people} people)"
        )


if __name__ == "__main__":
    main()
