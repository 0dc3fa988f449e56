"""Issue 7, findings 2 and 3: e-mail addresses are unique per account, and the
failed-login limit counts per account whichever login string is typed."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse

from kompetenceplan.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

TAKEN = "Denne e-mailadresse kan ikke bruges. Vælg en anden adresse."


@pytest.fixture
def emails(world):
    users = world.users
    for user, email in (
        (users.admin, "ishoj-admin@demo.kompetenceplan.dk"),
        (users.viewer, "ishoj-udvalg@demo.kompetenceplan.dk"),
        (users.horsens_admin, "horsens-admin@demo.kompetenceplan.dk"),
    ):
        user.email = email
        user.save(update_fields=["email"])
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return world


def _log_in(client, login):
    cache.clear()
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 302


def _addresses():
    return sorted(EmailAddress.objects.values_list("user__username", "email", "primary"))


@pytest.mark.parametrize(
    "email",
    [
        "ishoj-admin@demo.kompetenceplan.dk",
        "ISHOJ-Admin@Demo.Kompetenceplan.DK",
        "horsens-admin@demo.kompetenceplan.dk",
    ],
)
def test_another_accounts_address_cannot_be_added(client, emails, email):
    _log_in(client, "viewer")
    before = _addresses()
    response = client.post(reverse("account_email"), {"email": email, "action_add": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert TAKEN in html
    assert "admin" not in html.split(TAKEN)[0][-200:]  # the holder is not named
    assert _addresses() == before


def test_an_address_held_only_as_user_email_cannot_be_added(client, emails):
    EmailAddress.objects.filter(user=emails.users.admin).delete()
    _log_in(client, "viewer")
    before = _addresses()
    response = client.post(
        reverse("account_email"), {"email": "Ishoj-Admin@demo.kompetenceplan.dk", "action_add": ""}
    )
    assert TAKEN in response.content.decode()
    assert _addresses() == before


def test_a_free_address_can_be_added_but_not_made_primary_unverified(client, emails):
    _log_in(client, "viewer")
    client.post(reverse("account_email"), {"email": "ny@demo.kompetenceplan.dk", "action_add": ""})
    added = EmailAddress.objects.get(email="ny@demo.kompetenceplan.dk")
    assert added.user == emails.users.viewer and not added.verified and not added.primary
    response = client.post(
        reverse("account_email"),
        {"email": "ny@demo.kompetenceplan.dk", "action_primary": ""},
        follow=True,
    )
    assert "Kun en bekræftet e-mailadresse kan gøres til den primære." in response.content.decode()
    assert EmailAddress.objects.get(user=emails.users.viewer, primary=True).email == (
        "ishoj-udvalg@demo.kompetenceplan.dk"
    )
    emails.users.viewer.refresh_from_db()
    assert emails.users.viewer.email == "ishoj-udvalg@demo.kompetenceplan.dk"


def test_another_accounts_address_cannot_be_made_primary(client, emails):
    _log_in(client, "viewer")
    client.post(
        reverse("account_email"),
        {"email": "ishoj-admin@demo.kompetenceplan.dk", "action_primary": ""},
    )
    assert (
        EmailAddress.objects.filter(email__iexact="ishoj-admin@demo.kompetenceplan.dk").count() == 1
    )
    emails.users.viewer.refresh_from_db()
    assert emails.users.viewer.email == "ishoj-udvalg@demo.kompetenceplan.dk"


def _fail(client, login, times):
    for _ in range(times):
        client.post(reverse("account_login"), {"login": login, "password": "forkert"})


@pytest.mark.parametrize(
    ("wrong_as", "right_as"),
    [
        ("viewer", "ishoj-udvalg@demo.kompetenceplan.dk"),
        ("ishoj-udvalg@demo.kompetenceplan.dk", "viewer"),
        ("viewer", "ISHOJ-UDVALG@demo.kompetenceplan.dk"),
        ("VIEWER", "viewer"),
    ],
)
def test_login_limit_is_the_accounts_whichever_string_is_typed(client, emails, wrong_as, right_as):
    cache.clear()
    _fail(client, wrong_as, 5)
    response = client.post(reverse("account_login"), {"login": right_as, "password": PASSWORD})
    assert response.status_code == 200
    assert "Der er for mange mislykkede logonforsøg. Prøv igen senere." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_limit_split_between_username_and_email_still_counts_five(client, emails):
    cache.clear()
    _fail(client, "viewer", 3)
    _fail(client, "ishoj-udvalg@demo.kompetenceplan.dk", 2)
    response = client.post(reverse("account_login"), {"login": "viewer", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_other_accounts_are_not_locked_by_one_accounts_failures(client, emails):
    cache.clear()
    _fail(client, "viewer", 5)
    response = client.post(reverse("account_login"), {"login": "admin", "password": PASSWORD})
    assert response.status_code == 302


def test_login_limit_per_ip(client, emails, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "6/15m/ip,5/15m/key"}
    cache.clear()
    _fail(client, "viewer", 3)
    _fail(client, "admin", 3)
    response = client.post(reverse("account_login"), {"login": "leader", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
