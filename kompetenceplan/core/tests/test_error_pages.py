"""Finding 12 (issue 7): 403, 404 and 500 in Danish inside the DKFDS shell, with a
link back; the 500 page runs no database query (ASVS 5.0 V16.5.1: generic error
messages, no internals)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.testing.factories import PASSWORD


def test_404_is_danish_inside_the_shell_with_navigation(client, world):
    client.force_login(world.users.admin)
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<title>Siden findes ikke – Kompetenceplan</title>" in body
    assert "<h1>Siden findes ikke</h1>" in body
    assert "Vi kan ikke finde den side, du leder efter." in body
    assert '<a href="/">Gå til forsiden</a>' in body
    assert 'aria-label="Hovedmenu"' in body  # the shell's side navigation
    assert "Log ud" in body
    assert "Page not found" not in body and "Not Found" not in body


def test_404_for_another_municipalitys_person_shows_no_details(client, world):
    client.force_login(world.users.admin)
    response = client.get(reverse("organisation:person_detail", args=[world.person_h.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in body
    assert "Dorte" not in body and "Dam" not in body


def test_404_for_an_anonymous_visitor_has_no_navigation(client, db):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in body
    assert 'aria-label="Hovedmenu"' not in body


def test_403_is_danish_inside_the_shell_with_navigation(client, world):
    client.force_login(world.users.staff)
    response = client.get(reverse("organisation:import_people"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "<title>Du har ikke adgang til siden – Kompetenceplan</title>" in body
    assert "<h1>Du har ikke adgang til siden</h1>" in body
    assert "Kontakt kommunens administrator" in body
    assert '<a href="/">Gå til forsiden</a>' in body
    assert 'aria-label="Hovedmenu"' in body
    assert "403 Forbidden" not in body


@pytest.mark.urls("kompetenceplan.core.tests.urls_server_error")
def test_500_is_danish_standalone_and_runs_no_query(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/test-fejl/")
    assert response.status_code == 500
    assert len(queries) == 0
    body = response.content.decode()
    assert "<title>Der opstod en fejl – Kompetenceplan</title>" in body
    assert "<h1>Der opstod en fejl</h1>" in body
    assert "Der skete en uventet fejl, og siden kunne ikke vises." in body
    assert '<a href="/">Gå til forsiden</a>' in body
    assert "dkfds.min.css" in body
    assert "boom" not in body and "RuntimeError" not in body and "Server Error" not in body


@pytest.mark.urls("kompetenceplan.core.tests.urls_server_error")
def test_500_for_a_logged_in_user_shows_no_shell_data(client, world, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.login(username="admin", password=PASSWORD)
    response = client.get("/test-fejl/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Der opstod en fejl</h1>" in body
    assert "Hovedmenu" not in body and "Ishøj" not in body and "admin" not in body
