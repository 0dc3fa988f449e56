"""The support pages: forms, messages on the fields, and pinned query counts."""

import pytest
from django.urls import reverse

from kompetenceplan.support.choices import RequestStatus as S
from kompetenceplan.support.models import ResourceRequest

from .conftest import GOOD, make_application, make_request

pytestmark = pytest.mark.django_db

# Pinned query counts (a change means an N+1 or a new read: look before you re-pin).
REQUEST_LIST_QUERIES = 8
REQUEST_DETAIL_QUERIES = 9
APPLICATION_LIST_QUERIES = 7
APPLICATION_DETAIL_QUERIES = 8


def form(o, **extra):
    data = {k: v for k, v in GOOD.items() if k != "whole_community"}
    return {**data, "whole_community": "on", "institution": o.school_a.pk, **extra}


def test_leader_saves_a_draft_then_sends_it(client, world, sw):
    client.force_login(world.users.leader)
    response = client.post(reverse("support:request_create"), form(world, title="Ny"))
    request = ResourceRequest.objects.get(title="Ny")
    assert response.status_code == 302 and request.status == S.DRAFT
    page = client.get(reverse("support:request_detail", args=[request.pk])).content.decode()
    assert "Send til ressourceteamet" in page and "Redigér" in page
    response = client.post(reverse("support:request_submit", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == S.SUBMITTED


def test_sending_shows_the_principles_on_the_fields(client, world, sw):
    client.force_login(world.users.leader)
    data = form(world, title="Uklar", goals="Ro", adult_team="", send="1")
    del data["whole_community"]
    response = client.post(reverse("support:request_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"community", "goals", "adult_team"}
    assert "Voksenteamet er enheden" in errors["adult_team"][0]
    assert not ResourceRequest.objects.filter(title="Uklar").exists()


def test_a_draft_shows_what_is_missing(client, world, sw):
    draft = make_request(world.school_a, world.users.leader, participating_leader="")
    client.force_login(world.users.leader)
    page = client.get(reverse("support:request_detail", args=[draft.pk])).content.decode()
    assert "Før henvendelsen kan sendes" in page and "En leder deltager" in page


def test_decline_without_a_reason_is_shown_on_the_form(client, world, sw):
    client.force_login(world.users.consultant)
    response = client.post(reverse("support:request_decline", args=[sw.sent_b.pk]), {})
    assert response.status_code == 200 and "reason" in response.context["form"].errors


def test_an_illegal_step_shows_the_danish_message(client, world, sw):
    client.force_login(world.users.admin)
    response = client.post(reverse("support:request_complete", args=[sw.sent_b.pk]))
    assert response.status_code == 200
    assert "En henvendelse med status sendt kan ikke afsluttes." in response.content.decode()


def test_plan_page_creates_a_cohort(client, world, sw):
    accepted = make_request(world.school_a, world.users.leader, S.ACCEPTED)
    client.force_login(world.users.admin)
    response = client.post(
        reverse("support:request_plan", args=[accepted.pk]),
        {
            "initiative": sw.initiative.pk,
            "cohort_name": "Forløb 3.a",
            "school_year": "2026/27",
            "capacity": 8,
        },
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == S.PLANNED and accepted.cohort.name == "Forløb 3.a"


def test_approve_page_shows_the_overspend_message(client, world, sw):
    big = make_application(world.school_a, world.users.leader, title="Stor", amount=500_000)
    client.force_login(world.users.consultant)
    response = client.post(
        reverse("support:application_approve", args=[big.pk]),
        {"source": sw.source.pk, "year": 2026, "initiative": sw.initiative.pk},
    )
    assert response.status_code == 200
    assert "100.000" in response.content.decode()
    big.refresh_from_db()
    assert big.status == "submitted"


def _many(world, sw):
    for i in range(5):
        make_request(world.school_a, world.users.leader, S.PLANNED, title=f"R{i}", cohort=sw.cohort)
        make_application(world.school_a, world.users.leader, title=f"A{i}")


def test_request_pages_query_counts(client, world, sw, django_assert_num_queries):
    _many(world, sw)
    client.force_login(world.users.leader)
    client.get(reverse("support:request_list"))  # warm the session and caches
    with django_assert_num_queries(REQUEST_LIST_QUERIES):
        assert client.get(reverse("support:request_list")).status_code == 200
    url = reverse("support:request_detail", args=[sw.draft.pk])
    client.get(url)
    with django_assert_num_queries(REQUEST_DETAIL_QUERIES):
        assert client.get(url).status_code == 200


def test_application_pages_query_counts(client, world, sw, django_assert_num_queries):
    _many(world, sw)
    client.force_login(world.users.admin)
    client.get(reverse("support:application_list"))
    with django_assert_num_queries(APPLICATION_LIST_QUERIES):
        assert client.get(reverse("support:application_list")).status_code == 200
    url = reverse("support:application_detail", args=[sw.application.pk])
    client.get(url)
    with django_assert_num_queries(APPLICATION_DETAIL_QUERIES):
        assert client.get(url).status_code == 200
