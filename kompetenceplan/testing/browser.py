"""Browser test helpers: screenshots and axe-core (WCAG 2.1 AA) in Debian's
Chromium via Playwright. The `browser` and `page` fixtures are in conftest.py."""

import os
from pathlib import Path

from django.urls import reverse

from kompetenceplan.testing.factories import PASSWORD

SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "var" / "screenshots")
)
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def check_page(page, name: str):
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    errors = getattr(page, "console_errors", [])
    assert not errors, f"console errors or failed requests on {name}: {errors}"


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
