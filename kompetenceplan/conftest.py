"""Fixtures for the whole suite: a small two-municipality world."""

import os
import shutil
from types import SimpleNamespace

import pytest

from kompetenceplan.core.choices import Role
from kompetenceplan.testing.factories import (
    make_institution,
    make_municipality,
    make_person,
    make_user,
)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db):
    """Ishøj with schools A and B (a person at each), Horsens with one school
    and a resource function of its own ("Horsens-vejleder", which no Ishøj page
    may show), and a user of every role in Ishøj (the leader leads school A only)."""
    from kompetenceplan.organisation.models import ResourceFunction

    ishoj = make_municipality("183", "Ishøj")
    horsens = make_municipality("615", "Horsens")
    school_a = make_institution(ishoj, "Skole A", number="100001")
    school_b = make_institution(ishoj, "Skole B", number="100002")
    school_h = make_institution(horsens, "Horsens Skole", number="200001")
    person_a = make_person(school_a, first="Anne", last="Andersen", number="A1")
    person_a2 = make_person(school_a, first="Bo", last="Bach", number="A2")
    person_b = make_person(school_b, first="Carl", last="Christensen", number="B1")
    person_h = make_person(school_h, first="Dorte", last="Dam", number="H1")
    h_function = ResourceFunction.objects.create(
        municipality=horsens, name="Horsens-vejleder", sector="school"
    )
    users = SimpleNamespace(
        admin=make_user(ishoj, Role.ADMINISTRATOR, username="admin"),
        consultant=make_user(ishoj, Role.CONSULTANT, username="consultant"),
        leader=make_user(ishoj, Role.LEADER, institutions=[school_a], username="leader"),
        staff=make_user(ishoj, Role.STAFF, person=person_a, username="staff"),
        coordinator=make_user(ishoj, Role.COORDINATOR, username="coordinator"),
        viewer=make_user(ishoj, Role.VIEWER, username="viewer"),
        horsens_admin=make_user(horsens, Role.ADMINISTRATOR, username="horsens_admin"),
    )
    return SimpleNamespace(
        ishoj=ishoj,
        horsens=horsens,
        school_a=school_a,
        school_b=school_b,
        school_h=school_h,
        person_a=person_a,
        person_a2=person_a2,
        person_b=person_b,
        person_h=person_h,
        h_function=h_function,
        users=users,
    )


def chromium_path():
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError("REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
    skip = pytest.mark.skip(reason="Debian chromium is not installed: browser/axe tests SKIPPED")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not chromium_path():
        terminalreporter.write_line(
            "NOTE: /usr/bin/chromium is missing, so the browser and accessibility tests were skipped "
            "(apt-get install chromium).",
            yellow=True,
        )


# --- Browser fixtures (Playwright driving Debian's /usr/bin/chromium) -------------------


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.console_errors = []  # read by testing.browser.check_page (CSP violations, JS errors)
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and not msg.text.startswith("Failed to load resource")  # reported below, with the URL
            and page.console_errors.append(msg.text)
        ),
    )
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.request.is_navigation_request()  # a page may answer 400 on purpose
            and page.console_errors.append(f"{r.status} {r.url}")
        ),
    )
    yield page
    context.close()


@pytest.fixture
def ishoj_plans(world):
    """The two real Ishøj plans loaded into the `world` fixture's Ishøj."""
    from kompetenceplan.testing.plans import load_plan_file

    return {
        name: load_plan_file(name)
        for name in ("ishoj-skole-2024-2026", "ishoj-dagtilbud-2024-2026")
    }


@pytest.fixture
def all_plans(ishoj_plans):
    """Also Horsens' strategy and Viborg's status table."""
    from kompetenceplan.testing.plans import load_plan_file

    make_municipality("791", "Viborg")
    for name in ("horsens-strategi-2017", "viborg-skole-2014-2020"):
        ishoj_plans[name] = load_plan_file(name)
    return ishoj_plans
