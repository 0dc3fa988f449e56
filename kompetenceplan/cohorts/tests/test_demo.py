"""The cohorts' demo: held cohorts with attendance and completions, a waitlist,
a request awaiting approval; loaded once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kompetenceplan.cohorts.models import Attendance, Cohort, CourseCompletion, Enrolment


@pytest.mark.django_db
def test_demo_cohorts_are_held_with_attendance_and_completions():
    call_command("load_demo", quiet_logins=True)

    def statuses(name):
        cohort = Cohort.objects.get(municipality__code="183", name=name)
        found = {}
        for status in Enrolment.objects.filter(cohort=cohort).values_list("status", flat=True):
            found[status] = found.get(status, 0) + 1
        return found

    # 25 seats, three waiting; by the 2-of-3 rule 24 completed, one came once.
    assert statuses("Sprogudviklende didaktik, hold 1") == {
        "completed": 24,
        "incomplete": 1,
        "waitlisted": 3,
    }
    assert statuses("Læringsdag 2025") == {"completed": 37, "incomplete": 3}
    assert statuses("Ordblindekursus for nye lærere, efterår 2024") == {"completed": 8}
    # Held since the demo's today moved to 2026/27 (was: 6 enrolled and
    # ishoj-laerer's request, which is now on this year's meetings below).
    assert statuses("Fyraftensmøder om sprog i fagene") == {"completed": 6}
    assert statuses("Fyraftensmøder om sprog i fagene, forår 2027") == {
        "enrolled": 6,
        "requested": 1,
    }
    assert Attendance.objects.filter(present=False).count() == 8
    # (competences' demo holds a dyslexia course of its own: not counted here)
    ours = CourseCompletion.objects.exclude(
        cohort__name="Ordblindekursus for nye lærere, forår 2026"
    )
    assert ours.count() == 24 + 37 + 8 + 8 + 6
    call_command("load_demo", quiet_logins=True)
    assert ours.count() == 83


@pytest.mark.django_db
def test_demo_has_coming_cohorts_in_the_current_school_year(client):
    """2026/27: the language course's second run (open, 15 of 25, ishoj-laerer
    enrolled), a full after-work meeting with three waiting (ishoj-laerer
    first) and this year's after-work meetings (ishoj-laerer's request), all
    after 30 November 2026; "Mine kurser" and "Mine hold" show them."""
    import datetime as dt

    from kompetenceplan.accounts.models import User
    from kompetenceplan.cohorts.models import Session

    call_command("load_demo", quiet_logins=True)
    # (competences' demo of the mandatory rules adds an ICDP and a dyslexia
    # cohort of its own this year: not counted here)
    coming = Cohort.objects.filter(municipality__code="183", school_year="2026/27").exclude(
        name__in=["ICDP niveau 1, forår 2027", "Ordblindekursus for nye lærere, vinter 2027"]
    )
    assert sorted(coming.values_list("name", "capacity", "enrolment_mode")) == [
        ("Fyraftensmøde om sprog i matematik", 12, "open"),
        ("Fyraftensmøder om sprog i fagene, forår 2027", 40, "approval"),
        ("Sprogudviklende didaktik, hold 2", 25, "open"),
    ]
    first = Session.objects.filter(cohort__in=coming).order_by("starts_at").first()
    assert first.starts_at.date() == dt.date(2026, 12, 9)
    days = sorted(
        s.starts_at.date()
        for s in Session.objects.filter(cohort__name="Sprogudviklende didaktik, hold 2")
    )
    assert days == [dt.date(2027, 1, 26), dt.date(2027, 3, 9), dt.date(2027, 4, 20)]

    def statuses(name):
        found = {}
        for status in Enrolment.objects.filter(cohort__name=name).values_list("status", flat=True):
            found[status] = found.get(status, 0) + 1
        return found

    assert statuses("Sprogudviklende didaktik, hold 2") == {"enrolled": 15}
    assert statuses("Fyraftensmøde om sprog i matematik") == {"enrolled": 12, "waitlisted": 3}
    teacher = User.objects.get(username="ishoj-laerer")
    mine = dict(
        Enrolment.objects.filter(person=teacher.person, cohort__in=coming).values_list(
            "cohort__name", "status"
        )
    )
    assert mine == {
        "Sprogudviklende didaktik, hold 2": "enrolled",
        "Fyraftensmøde om sprog i matematik": "waitlisted",
        "Fyraftensmøder om sprog i fagene, forår 2027": "requested",
    }
    assert Enrolment.objects.get(person=teacher.person, status="waitlisted").waitlist_position == 1
    client.force_login(teacher)
    page = client.get(reverse("cohorts:my_courses")).content.decode()
    assert "Sprogudviklende didaktik, hold 2" in page
    assert "Fyraftensmøde om sprog i matematik" in page
    client.force_login(User.objects.get(username="ishoj-konsulent"))
    page = client.get(reverse("cohorts:responsible_cohorts")).content.decode()
    assert "Fyraftensmøde om sprog i matematik" in page
    assert "Sprogudviklende didaktik, hold 2" in page
