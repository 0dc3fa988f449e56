"""Real browser (Debian's /usr/bin/chromium via Playwright) with axe-core:
every main page is rendered, screenshotted and checked for WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in
from kompetenceplan.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page(page, live_server, world):
    page.goto(live_server.url + reverse("account_login"))
    assert page.title().startswith("Log ind")
    check_page(page, "login")


def test_main_pages_as_admin(page, live_server, world):
    from kompetenceplan.organisation.services import team_create

    team = team_create(
        actor=None, institution=world.school_a, name="Indskolingen", members=[world.person_a]
    )
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
        ("team", reverse("organisation:team_detail", args=[team.pk])),
        ("team-edit", reverse("organisation:team_edit", args=[team.pk])),
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


def test_two_factor_pages(page, live_server, world):
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("mfa_index"))
    check_page(page, "mfa")
    page.goto(live_server.url + reverse("mfa_activate_totp"))
    check_page(page, "reauthenticate")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/2fa/totp/activate/")
    assert page.locator("main img").count() == 1  # the QR code
    check_page(page, "mfa-activate")


def test_not_found_page_in_the_shell(page, live_server, world):
    log_in(page, live_server, "admin")
    response = page.goto(live_server.url + "/findes-ikke/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert page.locator("nav[aria-label=Hovedmenu]").count() == 1
    check_page(page, "not-found")


def test_side_navigation_groups_by_keyboard_and_on_a_phone(page, live_server, world):
    """The page's group is open; another opens from the keyboard (a native
    disclosure); axe finds nothing with groups open, on a desktop and a phone."""
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("plans:plan_list"))
    nav = page.locator("nav[aria-label=Hovedmenu]")
    opened = nav.locator("details[open] > summary")
    assert opened.all_inner_texts() == ["Planen"]
    assert nav.locator("[aria-current=page]").inner_text() == "Planer"
    people = nav.locator("summary", has_text="Mennesker og kompetencer")
    assert not nav.get_by_role("link", name="Medarbejdere").is_visible()
    people.focus()
    page.keyboard.press("Enter")
    assert nav.get_by_role("link", name="Medarbejdere").is_visible()
    assert opened.all_inner_texts() == ["Planen", "Mennesker og kompetencer"]
    check_page(page, "navigation-open")
    page.set_viewport_size({"width": 390, "height": 844})
    assert nav.get_by_role("link", name="Medarbejdere").is_visible()
    check_page(page, "navigation-phone")
