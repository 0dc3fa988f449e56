import pytest
from django.conf import settings
from django.urls import reverse

from kompetenceplan.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_danish(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "Log ind" in html


def test_login_page_in_english_after_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Password" in html


def test_login_and_logout(client, world):
    response = client.post(reverse("account_login"), {"login": "leader", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert "Ishøj Kommune" in home.content.decode()
    assert home.context["summary"]["person_count"] == 2
    client.post(reverse("account_logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Lukket for nye konti" in response.content.decode()


def test_failed_logins_cool_off_not_permanent(client, world, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/15m/ip,3/15m/key"}
    for _ in range(3):
        response = client.post(reverse("account_login"), {"login": "leader", "password": "forkert"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": "leader", "password": PASSWORD})
    # Even the right password is refused during the cool-off, with a Danish message ...
    assert response.status_code == 200
    assert "Der er for mange mislykkede logonforsøg. Prøv igen senere." in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ... and accepted again once the window has passed (the counter lives in the cache).
    from django.core.cache import cache

    cache.clear()
    response = client.post(reverse("account_login"), {"login": "leader", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.users.leader.pk


def test_idle_timeout_settings():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_totp_mfa_can_be_activated(client, world):
    client.post(reverse("account_login"), {"login": "admin", "password": PASSWORD})
    # Activating MFA asks for the password again (allauth reauthentication).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    form = response.context["form"]
    assert len(form.secret) == 32  # base32 TOTP secret shown as QR code and text


def test_accessibility_statement_is_public(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "WCAG 2.1" in response.content.decode()
    # The committee's document is covered too (finding 14).
    assert "mærket dokument (PDF/UA)" in response.content.decode()


def test_security_headers(client):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_danish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="da">' in response.content.decode()
