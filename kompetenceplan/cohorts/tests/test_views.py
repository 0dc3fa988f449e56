"""The cohorts' pages: exact content per role and pinned query counts."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.models import Cohort, Session
from kompetenceplan.testing.factories import make_person

from .factories import aware, make_session

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def full(world, cw):
    """Hold 1 full (Anne, Bo) with Carl waiting; a prøvehandling between two sessions."""
    for person in (world.person_a, world.person_a2, world.person_b):
        services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=person)
    cw.session.practice_after = "Afprøv i egen klasse"
    cw.session.save()
    make_session(cw.cohort, aware(2025, 12, 25), kind="online")
    return cw


def warm_content_types():
    """The read log names the person's content type; Django caches it per
    process, so the first test to need it would count one query more."""
    from django.contrib.contenttypes.models import ContentType

    from kompetenceplan.organisation.models import Person

    ContentType.objects.get_for_model(Person)


def test_cohort_page_for_the_consultant(client, world, full, django_assert_num_queries):
    client.force_login(world.users.consultant)
    url = reverse("cohorts:cohort_detail", args=[full.cohort.pk])
    warm_content_types()
    # 15 for the page, 2 for the read log of its participants (entry, people),
    # 6 for "Udgifter" (the expenses; the estimate's sessions, attendance,
    # seated, employments and rates), 1 for the evaluation panel's surveys.
    with django_assert_num_queries(24):
        page = text(client.get(url))
    assert "2 af 2 besat" in page
    assert "onsdag 3. september 2025</strong>, uge 36 · 09:00–14:00 · 5 timer · Kursusdag" in page
    assert "torsdag 25. december 2025</strong>, uge 52 · 09:00–14:00 · 5 timer · Online" in page
    assert "25. december 2025 er en helligdag (Juledag)." in page
    assert "<strong>Prøvehandling</strong> (3. september – 25. december 2025)" in page
    assert "Afprøv i egen klasse" in page
    assert '<li value="1">Carl Christensen' in page
    assert "Anne Andersen" in page and "Bo Bach" in page
    assert "Redigér hold" in page and "Tilmeld medarbejder" in page


def test_cohort_page_for_staff_shows_only_their_own(client, world, full):
    client.force_login(world.users.staff)
    page = text(client.get(reverse("cohorts:cohort_detail", args=[full.cohort.pk])))
    assert "Din status: Tilmeldt" in page
    assert "Anne Andersen" in page
    assert "Bo Bach" not in page and "Carl Christensen" not in page
    assert "Redigér hold" not in page and "Tilmeld medarbejder" not in page
    assert "Historik" not in page


def test_cohort_page_for_the_leader_shows_their_staff(client, world, full):
    client.force_login(world.users.leader)
    page = text(client.get(reverse("cohorts:cohort_detail", args=[full.cohort.pk])))
    assert "Anne Andersen" in page and "Bo Bach" in page
    assert "Carl Christensen" not in page  # school B


def test_cohort_page_queries_do_not_grow_with_participants(
    client, world, full, django_assert_num_queries
):
    for n in range(10):
        services.enrolment_nominate(
            actor=world.users.admin,
            cohort=full.cohort,
            person=make_person(world.school_a, first=f"Ekstra{n}", last="Test"),
        )
    client.force_login(world.users.consultant)
    warm_content_types()
    with django_assert_num_queries(24):  # 17 + 6 for "Udgifter" + 1 evaluation panel
        client.get(reverse("cohorts:cohort_detail", args=[full.cohort.pk]))


def test_cohort_list_with_fill_filter(client, world, full, django_assert_num_queries):
    client.force_login(world.users.viewer)
    url = reverse("cohorts:cohort_list")
    with django_assert_num_queries(10):
        page = text(client.get(url))
    assert "2 af 2" in page and "0 af 5" in page
    page = text(client.get(url, {"fill": "waitlist"}))
    assert "Hold 1" in page and "Andet hold" not in page
    page = text(client.get(url, {"fill": "open"}))
    assert "Hold 1" not in page and "Andet hold" in page


def test_export_lists_the_counts(client, world, full):
    client.force_login(world.users.admin)
    response = client.get(reverse("cohorts:cohort_list"), {"export": "csv", "fill": "waitlist"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Hold;Indsats;Skoleår;Pladser;Tilmeldte;Venteliste;Tilmelding;Frist"
    assert lines[1] == ("Hold 1;2.2 Sprogudviklende didaktik;2025/26;2;2;1;Åben for målgruppen;")


def test_initiative_page_lists_its_cohorts(client, world, full, django_assert_max_num_queries):
    client.force_login(world.users.consultant)
    page = text(client.get(reverse("plans:initiative_detail", args=[full.initiative.pk])))
    assert "Indsatsens hold" in page
    assert f'href="/hold/{full.cohort.pk}/">Hold 1</a>' in page
    assert f"/hold/nyt/?initiative={full.initiative.pk}" in page
    client.force_login(world.users.staff)
    page = text(client.get(reverse("plans:initiative_detail", args=[full.initiative.pk])))
    assert "Hold 1" in page and "/hold/nyt/" not in page


def test_session_form_warns_about_a_holiday(client, world, cw):
    client.force_login(world.users.consultant)
    url = reverse("cohorts:session_create", args=[cw.cohort.pk])
    response = client.post(
        url,
        {"kind": "course_day", "date": "2025-12-25", "starts_at": "09:00", "ends_at": "14:30"},
        follow=True,
    )
    page = text(response)
    assert "Kursusgangen er gemt." in page
    assert "25. december 2025 er en helligdag (Juledag)." in page
    session = Session.objects.get(cohort=cw.cohort, starts_at=aware(2025, 12, 25))
    assert session.hours == D("5.50")
    edit = text(client.get(reverse("cohorts:session_edit", args=[session.pk])))
    assert "25. december 2025 er en helligdag (Juledag)." in edit


def test_session_form_shows_the_service_error_at_its_field(client, world, cw):
    client.force_login(world.users.consultant)
    response = client.post(
        reverse("cohorts:session_edit", args=[cw.session.pk]),
        {"kind": "course_day", "date": "2025-09-03", "starts_at": "14:00", "ends_at": "09:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ends_at": ["Kursusgangen skal slutte efter, den starter."]
    }


def test_create_from_the_estimate(client, world, cw):
    client.force_login(world.users.consultant)
    url = reverse("cohorts:cohort_create") + f"?initiative={cw.initiative.pk}"
    form = text(client.get(url))
    assert "Indsatsen er estimeret til 3 gange à 5 timer." in form
    response = client.post(
        url,
        {
            "name": "Hold 3",
            "school_year": "2026/27",
            "capacity": "25",
            "enrolment_mode": "nomination",
            "starts": "02-09-2026 09:00\n07-10-2026 09:00\n04-11-2026 09:00",
            "practice_between": "Prøvehandling",
        },
    )
    cohort = Cohort.objects.get(name="Hold 3")
    assert response["Location"] == reverse("cohorts:cohort_detail", args=[cohort.pk])
    assert [s.practice_after for s in cohort.sessions.all()] == [
        "Prøvehandling",
        "Prøvehandling",
        "",
    ]


def test_staff_enrol_and_are_told_their_waitlist_place(client, world, cw):
    for person in (world.person_a2, world.person_b, make_person(world.school_b)):
        services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=person)
    client.force_login(world.users.staff)
    response = client.post(reverse("cohorts:enrol_self", args=[cw.cohort.pk]), follow=True)
    page = text(response)
    assert "Anne Andersen er på venteliste som nr. 2." in page
    assert "Du er nr. 2 på ventelisten" in page


def test_nominate_form_offers_the_leaders_staff_only(client, world, cw):
    client.force_login(world.users.leader)
    response = client.get(reverse("cohorts:nominate", args=[cw.cohort.pk]))
    names = [str(p) for p in response.context["form"].fields["person"].queryset]
    assert names == ["Anne Andersen", "Bo Bach", "Pia Pædagog"]
    assert "override_reason" not in response.context["form"].fields
    response = client.post(
        reverse("cohorts:nominate", args=[cw.cohort.pk]), {"person": cw.pedagogue.pk}
    )
    assert response.context["form"].errors == {
        "person": ["Pia Pædagog er ikke i indsatsens målgruppe (Lærer, skole)."]
    }


def test_below_minimum_on_the_front_page(client, world, cw):
    cw.cohort.minimum, cw.cohort.enrolment_deadline = 2, dt.date(2025, 8, 1)
    cw.cohort.save()
    client.force_login(world.users.consultant)
    page = text(client.get(reverse("core:home")))
    assert "Hold under minimum" in page and "0 tilmeldte, minimum 2" in page
    client.force_login(world.users.staff)
    assert "Hold under minimum" not in text(client.get(reverse("core:home")))


def test_leader_sees_the_pending_request_with_approve_and_decline(client, world, cw):
    request = services.enrolment_request(actor=world.users.staff, cohort=cw.approval)
    client.force_login(world.users.leader)
    page = text(client.get(reverse("cohorts:cohort_detail", args=[cw.approval.pk])))
    assert "Afventer godkendelse (1)" in page
    assert reverse("cohorts:enrolment_approve", args=[request.pk]) in page
    assert reverse("cohorts:enrolment_decline", args=[request.pk]) in page
    response = client.post(reverse("cohorts:enrolment_approve", args=[request.pk]), follow=True)
    assert "Anne Andersen: tilmeldt." in text(response)


def test_school_holidays_page_and_the_warning_it_gives(client, world, cw):
    client.force_login(world.users.admin)
    response = client.post(
        reverse("cohorts:holiday_create"),
        {"name": "Vinterferie", "start": "2026-02-09", "end": "2026-02-13"},
        follow=True,
    )
    page = text(response)
    assert "Skoleferien er gemt." in page
    assert "<td>Vinterferie</td><td>9. februar 2026</td><td>13. februar 2026</td>" in page
    response = client.post(
        reverse("cohorts:holiday_create"),
        {"name": "Baglæns", "start": "2026-02-13", "end": "2026-02-09"},
    )
    assert response.context["form"].errors == {"end": ["Ferien kan ikke slutte, før den begynder."]}
    response = client.post(
        reverse("cohorts:session_create", args=[cw.cohort.pk]),
        {"kind": "morning", "date": "2026-02-11", "starts_at": "09:00", "ends_at": "12:00"},
        follow=True,
    )
    assert (
        "11. februar 2026 ligger i skoleferien Vinterferie (9. februar 2026 – 13. februar 2026)."
        in text(response)
    )


def test_cohort_page_logs_the_participants_the_reader_sees(client, world, full):
    """The participants on a cohort page are personal data: one read-log entry
    naming exactly the people shown (the leader sees their own staff only)."""
    from kompetenceplan.core.models import ReadLogEntry
    from kompetenceplan.core.selectors import reads_of

    client.force_login(world.users.leader)
    page = text(client.get(reverse("cohorts:cohort_detail", args=[full.cohort.pk])))
    assert "Anne Andersen" in page and "Carl Christensen" not in page
    entry = ReadLogEntry.objects.get(label="Holdets deltagere")
    assert (entry.actor, entry.subject_count) == (world.users.leader, 2)
    assert list(reads_of(world.person_a)) == [entry]
    assert list(reads_of(world.person_b)) == []
