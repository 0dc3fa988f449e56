"""The cohorts' demo: held cohorts with attendance and completions, a waitlist,
a request awaiting approval; loaded once."""

import pytest
from django.core.management import call_command

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
    assert statuses("Fyraftensmøder om sprog i fagene") == {"enrolled": 6, "requested": 1}
    assert Attendance.objects.filter(present=False).count() == 8
    # (competences' demo holds a dyslexia course of its own: not counted here)
    ours = CourseCompletion.objects.exclude(
        cohort__name="Ordblindekursus for nye lærere, forår 2026"
    )
    assert ours.count() == 24 + 37 + 8 + 8
    call_command("load_demo", quiet_logins=True)
    assert ours.count() == 77
