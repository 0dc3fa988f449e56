"""Finding 13 (issue 7): responses holding personal data are never cached.

One middleware (core/middleware.py NoStoreForAuthenticatedMiddleware) marks every
response to a logged-in user `no-store, private` (ASVS 5.0 V14.3.2)."""

import pytest
from django.urls import reverse


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("organisation:person_detail", args=[w.person_a.pk]),
        lambda w: reverse("organisation:person_edit", args=[w.person_a.pk]),
        lambda w: reverse("organisation:person_list"),
        lambda w: reverse("organisation:person_list") + "?export=csv",
        lambda w: reverse("organisation:person_list") + "?export=xlsx",
        lambda w: reverse("core:accessibility"),
    ],
    ids=["person", "person edit", "people list", "people csv", "people xlsx", "accessibility"],
)
def test_every_response_to_a_logged_in_user_is_no_store_private(client, world, url):
    client.force_login(world.users.admin)
    response = client.get(url(world))
    assert response.status_code == 200
    assert _cache_control(response) == {"no-store", "private"}


def test_a_404_to_a_logged_in_user_is_no_store_too(client, world):
    client.force_login(world.users.admin)
    response = client.get(reverse("organisation:person_detail", args=[world.person_h.pk]))
    assert response.status_code == 404
    assert _cache_control(response) == {"no-store", "private"}


def test_the_public_accessibility_statement_is_not_forced(client, db):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "Cache-Control" not in response.headers


def test_the_login_page_is_never_cached_by_allauth_itself(client, db):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert _cache_control(response) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }
