"""Real browser (Debian's /usr/bin/chromium via Playwright) with axe-core:
every main page is rendered, screenshotted and checked for WCAG 2.1 AA."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from kompetenceplan.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[3] / "var" / "screenshots")
)
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from kompetenceplan.conftest import chromium_path

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
    yield page
    context.close()


def check_page(page, name: str):
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def test_login_page(page, live_server, world):
    page.goto(live_server.url + reverse("account_login"))
    assert page.title().startswith("Log ind")
    check_page(page, "login")


def test_main_pages_as_admin(page, live_server, world):
    log_in(page, live_server, "admin")
    assert "Ishøj Kommune" in page.inner_text("header")
    check_page(page, "home")
    for name, url in [
        ("institutions", reverse("organisation:institution_list")),
        ("institution", reverse("organisation:institution_detail", args=[world.school_a.pk])),
        ("people", reverse("organisation:person_list")),
        ("person", reverse("organisation:person_detail", args=[world.person_a.pk])),
        ("person-edit", reverse("organisation:person_edit", args=[world.person_a.pk])),
        ("import", reverse("organisation:import_people")),
        ("accessibility", reverse("core:accessibility")),
    ]:
        page.goto(live_server.url + url)
        check_page(page, name)


def test_import_preview_and_errors_in_browser(page, live_server, world, tmp_path):
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("organisation:import_people"))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til\n"
        "1;=cmd;X;;100001;Lærer;01-08-2024;\n",
        encoding="utf-8",
    )
    page.set_input_files("input[type=file]", str(bad))
    page.click("main button[type=submit]")
    assert "Række 2: Fornavn må ikke begynde med" in page.inner_text("main")
    check_page(page, "import-errors")


def test_leader_sees_only_own_people_and_english_switch(page, live_server, world):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("organisation:person_list"))
    text = page.inner_text("main")
    assert "Andersen, Anne" in text and "Christensen" not in text
    page.click("button[name=language]")
    assert page.inner_text("h1") == "Employees"
    check_page(page, "people-en")
