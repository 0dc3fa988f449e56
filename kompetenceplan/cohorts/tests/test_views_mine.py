"""The people's own pages (views_mine): what each shows, pinned query counts
that do not grow with the number of enrolments or cohorts, and the front-page
panels."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.choices import EnrolmentMode, EnrolmentStatus
from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.testing.factories import make_person

from .factories import aware, make_cohort, make_session
from .test_views import text, warm_content_types

pytestmark = pytest.mark.django_db

NOW = aware(2025, 8, 20, 10)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """20 August 2025, before the cohorts' sessions."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def mine(world, cw):
    return make_mine(world, cw)


def make_mine(world, cw):
    """Anne (the staff user) holds a seat on Hold 1 (two sessions ahead), is nr. 2
    on a full cohort's waitlist, awaits approval on Hold 2, finished a cohort
    last spring and cancelled another."""
    staff, admin = world.users.staff, world.users.admin
    make_session(cw.cohort, aware(2025, 10, 1, 13), hours=3, place="Rådhuset")
    services.enrolment_request(actor=staff, cohort=cw.cohort)
    full = make_cohort(cw.initiative, "Fuldt hold", capacity=1)
    make_session(full, aware(2025, 11, 5))
    services.enrolment_nominate(actor=admin, cohort=full, person=world.person_a2)
    services.enrolment_nominate(actor=admin, cohort=full, person=world.person_b)
    services.enrolment_request(actor=staff, cohort=full)
    services.enrolment_request(actor=staff, cohort=cw.approval)
    spring = make_cohort(cw.initiative, "Forårshold", school_year="2024/25")
    make_session(spring, aware(2025, 3, 4), hours=4)
    make_session(spring, aware(2025, 4, 8), hours=4)
    services.enrolment_nominate(actor=admin, cohort=spring, person=world.person_a)
    Enrolment.objects.filter(cohort=spring).update(status=EnrolmentStatus.COMPLETED)
    dropped = make_cohort(cw.initiative, "Droppet hold")
    enrolment = services.enrolment_request(actor=staff, cohort=dropped)
    services.enrolment_cancel(actor=staff, enrolment=enrolment)
    cw.full = full
    return cw


#: The page (session, user, the user's institutions, navigation ...), the
#: enrolments and their sessions (2), the plans' offers (3), and the read log (2).
MY_COURSES_QUERIES = 12


def test_my_courses_groups_the_enrolments(client, world, mine, django_assert_num_queries):
    client.force_login(world.users.staff)
    warm_content_types()
    with django_assert_num_queries(MY_COURSES_QUERIES):
        page = text(client.get(reverse("cohorts:my_courses")))
    tilmeldt, rest = page.split('<h2 id="venteliste">')
    assert (
        "<strong>3. september 2025</strong>, uge 36 · 09:00–14:00 · Ishøjgård · 5 timer" in tilmeldt
    )
    assert "<strong>1. oktober 2025</strong>, uge 40 · 13:00–16:00 · Rådhuset · 3 timer" in tilmeldt
    assert "I alt 2 kursusgange, 8 timer." in tilmeldt
    waitlist, rest = rest.split('<h2 id="afventer">')
    assert "Fuldt hold" in waitlist and "nr. 2 på ventelisten" in waitlist
    assert "første kursusgang 5. november 2025" in waitlist
    pending, rest = rest.split('<h2 id="gennemfoert">')
    assert "Hold 2" in pending and "din leder skal godkende" in pending
    finished, rest = rest.split('<h2 id="afmeldt">')
    assert "Forårshold: Gennemført · 4. marts 2025 – 8. april 2025 · 8 timer" in finished
    cancelled, offers = rest.split('<h2 id="tilbud">')
    assert "Droppet hold: Afmeldt 20. august 2025" in cancelled
    # The plans offer the teacher the open cohorts they hold no place on
    # (the cancelled one again; not Hold 1, the waitlisted or the pending one).
    assert "Det tilbyder planen dig" in offers
    assert "Droppet hold (2025/26)</a> · 2 ledige pladser" in offers
    assert "Andet hold (2025/26)</a> · 5 ledige pladser" in offers
    assert "Hold 1 (" not in offers and "Fuldt hold" not in offers
    assert "Horsens" not in page


def test_a_cohort_that_has_begun_is_not_offered(client, world, mine):
    """Open, no deadline, seats free: offered until its first session starts."""
    begun = make_cohort(mine.initiative, "Begyndt hold", capacity=5)
    make_session(begun, aware(2025, 8, 19))  # yesterday
    make_session(begun, aware(2025, 9, 19))
    coming = make_cohort(mine.initiative, "Kommende hold", capacity=5)
    make_session(coming, aware(2025, 9, 1))
    client.force_login(world.users.staff)
    offers = text(client.get(reverse("cohorts:my_courses"))).split('<h2 id="tilbud">')[1]
    assert (
        "Kommende hold (2025/26)</a> · næste kursusgang 1. september 2025 · 5 ledige pladser"
        in offers
    )
    assert "Andet hold (2025/26)</a> · 5 ledige pladser" in offers  # no sessions yet
    assert "Begyndt hold" not in offers


def test_my_courses_queries_do_not_grow(client, world, mine, django_assert_num_queries):
    for n in range(10):
        cohort = make_cohort(mine.initiative, f"Ekstra {n}", capacity=3)
        make_session(cohort, aware(2025, 9, 10 + n))
        make_session(cohort, aware(2025, 10, 10 + n))
        services.enrolment_request(actor=world.users.staff, cohort=cohort)
        make_cohort(mine.other, f"Tilbud {n}")
    client.force_login(world.users.staff)
    warm_content_types()
    with django_assert_num_queries(MY_COURSES_QUERIES):
        page = text(client.get(reverse("cohorts:my_courses")))
    assert "Ekstra 9" in page and "Tilbud 9" in page


def test_my_courses_empty_states(client, world, cw):
    cw.other.target_roles.clear()
    cw.initiative.target_roles.set([cw.pedagogue.employments.get().job_role])
    client.force_login(world.users.staff)
    page = text(client.get(reverse("cohorts:my_courses")))
    assert "Du er ikke tilmeldt nogen kurser endnu." in page
    assert "Planen har ingen indsatser rettet mod din stilling lige nu." in page


@pytest.fixture
def staffed(world, cw):
    """The leader's Anne and Bo on Hold 1, Anne asking for Hold 2; Carl (school
    B, another leader's) on Hold 1 too."""
    for person in (world.person_a, world.person_a2, world.person_b):
        services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=person)
    cw.request = services.enrolment_request(actor=world.users.staff, cohort=cw.approval)
    return cw


#: The page (session, user, institutions, municipality, session save: 5 with
#: its savepoints), the enrolments (1), the initiatives concerning the
#: institutions (employments, institutions, initiatives + 3 target prefetches:
#: 6), the read log (2).
LEADER_QUERIES = 16


def test_leader_courses(client, world, staffed, django_assert_num_queries):
    client.force_login(world.users.leader)
    warm_content_types()
    with django_assert_num_queries(LEADER_QUERIES):
        page = text(client.get(reverse("cohorts:leader_courses")))
    approvals, rest = page.split('<h2 id="tilmeldinger">')
    assert "Anne Andersen" in approvals
    assert f'href="/hold/tilmeldinger/{staffed.request.pk}/godkend/">Godkend' in approvals
    assert f'href="/hold/tilmeldinger/{staffed.request.pk}/afvis/">Afvis' in approvals
    enrolments, initiatives = rest.split('<h2 id="indsatser">')
    assert "Anne Andersen: Tilmeldt" in enrolments and "Bo Bach: Tilmeldt" in enrolments
    assert "Anne Andersen: Afventer godkendelse" in enrolments
    assert "Carl Christensen" not in page
    # Both initiatives target teachers at schools: they concern school A.
    assert "2.2 Sprogudviklende didaktik" in initiatives and "2.3 Andet kursus" in initiatives


def test_leader_courses_queries_do_not_grow(client, world, staffed, django_assert_num_queries):
    for n in range(10):
        person = make_person(world.school_a, first=f"Ekstra{n}", last="Test")
        services.enrolment_nominate(actor=world.users.admin, cohort=staffed.theirs, person=person)
    client.force_login(world.users.leader)
    warm_content_types()
    with django_assert_num_queries(LEADER_QUERIES):
        page = text(client.get(reverse("cohorts:leader_courses")))
    assert "Ekstra0 Test: Tilmeldt" in page and "Ekstra9 Test: nr. 5 på ventelisten" in page


def test_initiatives_concerning_follow_the_target_group(world, cw):
    from kompetenceplan.cohorts.selectors import initiatives_concerning
    from kompetenceplan.organisation.models import Institution

    leader = world.users.leader
    assert initiatives_concerning(user=leader) == [cw.initiative, cw.other]
    cw.other.target_institutions.set([Institution.objects.get(pk=world.school_b.pk)])
    cw.initiative.target_roles.set([cw.pedagogue.employments.get().job_role])
    # 2.2 now targets pædagoger (school A has one); 2.3 only school B.
    assert initiatives_concerning(user=leader) == [cw.initiative]
    cw.initiative.target_institution_kinds = ["dagtilbud"]
    cw.initiative.save()
    assert initiatives_concerning(user=leader) == []


#: The page (5 with the session's save) and the cohorts with counts (1).
RESPONSIBLE_QUERIES = 7


def test_responsible_cohorts_with_fill(client, world, staffed, django_assert_num_queries):
    below = make_cohort(
        staffed.other,
        "Lille hold",
        capacity=10,
        minimum=6,
        enrolment_deadline=dt.date(2025, 8, 1),
        responsible_user=world.users.consultant,
    )
    make_session(below, aware(2025, 8, 25))
    client.force_login(world.users.consultant)
    with django_assert_num_queries(RESPONSIBLE_QUERIES):
        page = text(client.get(reverse("cohorts:responsible_cohorts")))
    rows = page.split("<tr>")[2:]
    # The next session first: Lille hold (25 August), Hold 1 (3 September), then those without.
    assert "Lille hold" in rows[0] and "25. august 2025, uge 35" in rows[0]
    assert "Under minimum (6)" in rows[0] and "0 af 10" in rows[0]
    assert "Hold 1" in rows[1] and "2 af 2" in rows[1] and '<td class="kp-num">1</td>' in rows[1]
    assert "Hold 2" in page and "1 afventer godkendelse" in page
    assert "Andet hold" not in page


def test_responsible_cohorts_queries_do_not_grow(client, world, cw, django_assert_num_queries):
    for n in range(10):
        cohort = make_cohort(cw.initiative, f"Ekstra {n}", enrolment_mode=EnrolmentMode.APPROVAL)
        make_session(cohort, aware(2025, 9, 10 + n))
    client.force_login(world.users.consultant)
    with django_assert_num_queries(RESPONSIBLE_QUERIES):
        page = text(client.get(reverse("cohorts:responsible_cohorts")))
    assert "Ekstra 9" in page


# --- the front-page panels --------------------------------------------------------------


def test_front_page_panels_per_role(client, world, mine):
    home = reverse("core:home")
    client.force_login(world.users.staff)
    page = text(client.get(home))
    assert "Mine næste kursusgange" in page
    assert page.count("kursusgange</h2>") == 1
    assert "<strong>3. september 2025</strong>, uge 36" in page
    assert "<strong>1. oktober 2025</strong>, uge 40" in page
    assert "Fuldt hold" not in page  # waitlisted, no seat
    client.force_login(world.users.leader)
    page = text(client.get(home))
    assert "Afventer din godkendelse" in page
    assert "1 anmodning om plads på et hold afventer din godkendelse." in page
    assert "Mine næste kursusgange" not in page
    client.force_login(world.users.consultant)
    page = text(client.get(home))
    assert "Mine hold</h2>" in page and "Hold 1 (2025/26)</a>: 1 af 2" in page
    assert "Afventer din godkendelse" not in page
    client.force_login(world.users.viewer)
    page = text(client.get(home))
    assert "Mine hold</h2>" not in page and "Mine næste kursusgange" not in page


def test_next_sessions_panel_shows_three(world, mine):
    from kompetenceplan.cohorts.selectors import my_next_sessions

    extra = make_cohort(mine.initiative, "Ekstra")
    for day in (2, 9, 16):
        make_session(extra, aware(2025, 9, day))
    services.enrolment_request(actor=world.users.staff, cohort=extra)
    days = [line.starts.day for line in my_next_sessions(user=world.users.staff)]
    assert days == [2, 3, 9]


def test_offers_without_open_cohorts_are_listed_apart(client, world, cw):
    cw.theirs.enrolment_mode = EnrolmentMode.NOMINATION
    cw.theirs.save()
    client.force_login(world.users.staff)
    offers = text(client.get(reverse("cohorts:my_courses"))).split('<h2 id="tilbud">')[1]
    opened, closed = offers.split("Ingen hold er åbne for tilmelding lige nu</h3>")
    assert "2.2 Sprogudviklende didaktik" in opened and "Hold 1 (2025/26)" in opened
    assert "2.3 Andet kursus" in closed and "Andet hold" not in offers
