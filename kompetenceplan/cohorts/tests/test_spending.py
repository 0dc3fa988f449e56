"""Spending (docs/cohorts.md, "Udgifter"; docs/funding.md, "Forbrug"): a
cohort's expenses against its initiative's allocations, exact to the krone
in the budget; the substitute cost estimate; the cohort page."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.models import Enrolment, Expense, SubstituteRate
from kompetenceplan.cohorts.selectors_spending import (
    ATTENDED,
    MIXED,
    PLANNED,
    substitute_estimate,
)
from kompetenceplan.cohorts.services_spending import (
    expense_create,
    expense_delete,
    expense_update,
    substitute_rate_set,
)
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.selectors import budget_overview
from kompetenceplan.funding.tests.factories import make_source
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.testing.html import table_rows

from .factories import aware, make_session

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 9, 1)


@pytest.fixture
def money(world, cw):
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    allocation = Allocation.objects.create(
        source=source, initiative=cw.initiative, year=2025, amount=D(40_000)
    )
    return source, allocation


def spend(world, cw, allocation, amount, kind="provider_fee", cohort=None):
    return expense_create(
        actor=world.users.admin,
        cohort=cohort or cw.cohort,
        allocation=allocation,
        kind=kind,
        amount=D(amount),
        date=DAY,
    )


def test_budget_is_exact_to_the_krone(world, cw, money):
    source, allocation = money
    first = spend(world, cw, allocation, "12500.50")
    second = spend(world, cw, allocation, "27499.50", kind="venue")
    assert first.warnings == [] and second.warnings == []

    overview = budget_overview(user=world.users.admin)
    (line,) = overview.initiatives
    assert (line.total, line.spent, line.remaining, line.overspent) == (
        D("40000.00"),
        D("40000.00"),
        D("0.00"),
        False,
    )
    (summary,) = [s for s in overview.sources if s.source == source]
    (row,) = summary.rows
    assert (row.amount, row.allocated, row.spent, row.spent_remaining) == (
        D(100_000),
        D(40_000),
        D("40000.00"),
        D("60000.00"),
    )

    # One krone more: warned (with the figures), not refused.
    third = spend(world, cw, allocation, "1")
    assert third.warnings == ["Forbruget 40.001 kr. overstiger bevillingen 40.000 kr. med 1 kr."]
    overview = budget_overview(user=world.users.admin)
    (line,) = overview.initiatives
    assert (line.spent, line.remaining, line.overspent) == (D("40001.00"), D("-1.00"), True)
    (row,) = [s for s in overview.sources if s.source == source][0].rows
    assert row.overspent_spending and row.spent_remaining == D("59999.00")
    entry = ChangeLogEntry.objects.filter(object_id=str(third.expense.pk)).get()
    assert "overstiger bevillingen" in entry.note


def test_update_and_delete_are_logged_and_move_the_spending(world, cw, money):
    source, allocation = money
    other = Allocation.objects.create(
        source=source, initiative=cw.initiative, year=2025, amount=D(1_000)
    )
    result = spend(world, cw, allocation, "500")
    moved = expense_update(
        actor=world.users.admin,
        expense=result.expense,
        allocation=other,
        kind="materials",
        amount=D("1000.01"),
        date=DAY,
        note="Bøger",
    )
    assert moved.warnings == [
        "Forbruget 1.000,01 kr. overstiger bevillingen 1.000 kr. med 0,01 kr."
    ]
    expense_delete(actor=world.users.admin, expense=moved.expense)
    assert not Expense.objects.exists()
    actions = list(
        ChangeLogEntry.objects.filter(object_id=str(result.expense.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_refusals(world, cw, money):
    source, allocation = money
    theirs = Allocation.objects.create(
        source=source, initiative=cw.other, year=2025, amount=D(1_000)
    )
    with pytest.raises(ValidationError) as error:
        spend(world, cw, theirs, "10")
    assert "allocation" in error.value.message_dict
    h_source = make_source(world.horsens, "Horsens-puljen")
    h_allocation = Allocation.objects.create(
        source=h_source, initiative=cw.initiative, year=2025, amount=D(1)
    )
    with pytest.raises(ValidationError):
        spend(world, cw, h_allocation, "10")
    for amount, field in ((D("-1"), "amount"), (D("1.001"), "amount")):
        with pytest.raises(ValidationError) as error:
            spend(world, cw, allocation, amount)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        expense_create(
            actor=None,
            cohort=cw.cohort,
            allocation=allocation,
            kind="materials",
            amount=D(1),
            date=DAY,
            note="=HYPERLINK(1)",
        )
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        expense_create(
            actor=None,
            cohort=cw.cohort,
            allocation=allocation,
            kind="bribes",
            amount=D(1),
            date=DAY,
        )
    assert not Expense.objects.exists()


def _enrol(cohort, person):
    from django.utils import timezone

    return Enrolment.objects.create(
        cohort=cohort,
        person=person,
        status=EnrolmentStatus.ENROLLED,
        status_changed_at=timezone.now(),
    )


def test_substitute_estimate_is_exact(world, cw):
    """Planned: hours x seated; after attendance: the present participants'
    hours, each at their job role's rate for the session's year."""
    teacher = JobRole.objects.get(name="Lærer")
    pedagogue = JobRole.objects.get(name="Pædagog")
    substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=teacher, year=2025, hourly_rate=D("385.50")
    )
    substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=teacher, year=2026, hourly_rate=D("400")
    )
    cohort = cw.cohort  # one 5-hour session on 3 September 2025
    second = make_session(cohort, start=aware(2026, 1, 14), hours=2.5)
    _enrol(cohort, world.person_a)  # a teacher
    _enrol(cohort, cw.pedagogue)  # no rate for pædagog
    estimate = substitute_estimate(cohort)
    assert estimate.basis == PLANNED
    # (5 x 385,50) + (2,5 x 400) for the teacher; the pedagogue's 7,5 h without rate.
    assert estimate.total == D("2927.50")
    assert (estimate.hours, estimate.hours_without_rate) == (D("15.0"), D("7.5"))
    assert estimate.roles_without_rate == ["Pædagog"]

    services.attendance_record(
        actor=None, session=cw.session, absent_person_ids=[world.person_a.pk]
    )
    estimate = substitute_estimate(cohort)
    assert estimate.basis == MIXED
    assert estimate.total == D("1000.00")  # only the planned second session
    substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=pedagogue, year=2025, hourly_rate=D("300")
    )
    services.attendance_record(actor=None, session=second, absent_person_ids=[])
    estimate = substitute_estimate(cohort)
    assert estimate.basis == ATTENDED
    # The pedagogue at both (5 x 300, 2,5 x no 2026 rate), the teacher at the second.
    assert estimate.total == D("1500.00") + D("1000.00")
    assert estimate.hours_without_rate == D("2.5")
    assert SubstituteRate.objects.count() == 3


def test_substitute_rate_set_changes_the_years_rate(world):
    teacher = JobRole.objects.get(name="Lærer")
    first = substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=teacher, year=2025, hourly_rate=D(300)
    )
    again = substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=teacher, year=2025, hourly_rate=D(310)
    )
    assert first.pk == again.pk and again.hourly_rate == D(310)
    with pytest.raises(ValidationError):
        substitute_rate_set(
            actor=None, municipality=world.ishoj, job_role=teacher, year=2025, hourly_rate=None
        )


def test_a_substitute_rate_is_deleted_from_its_page(client, world, django_assert_num_queries):
    teacher = JobRole.objects.get(name="Lærer")
    rate = substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=teacher, year=2025, hourly_rate=D("385.50")
    )
    kept = substitute_rate_set(
        actor=None, municipality=world.ishoj, job_role=teacher, year=2026, hourly_rate=D(400)
    )
    client.force_login(world.users.consultant)
    assert "/slet/" not in client.get(reverse("cohorts:substitute_rates")).content.decode()
    client.force_login(world.users.admin)
    rows = table_rows(client.get(reverse("cohorts:substitute_rates")), "rates-table")
    assert rows[1:] == [
        ["2026", "Lærer", "400 kr.", "Slet Lærer 2026"],
        ["2025", "Lærer", "385,50 kr.", "Slet Lærer 2025"],
    ]
    url = reverse("cohorts:substitute_rate_delete", args=[rate.pk])
    client.get(url)
    # The confirm page: a fixed number of queries.
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert "Vil du slette vikartimesatsen?" in page
    assert "Lærer" in page and "385,50 kr." in page and "2025" in page
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cohorts:substitute_rates")
    assert "Vikartimesatsen er slettet." in response.content.decode()
    assert list(SubstituteRate.objects.values_list("pk", flat=True)) == [kept.pk]
    entry = ChangeLogEntry.objects.get(object_id=str(rate.pk), action="delete")
    assert (entry.actor, entry.before["hourly_rate"]) == (world.users.admin, "385.50")


def test_cohort_page_and_the_add_form(client, world, cw, money):
    _source, allocation = money
    client.force_login(world.users.consultant)
    url = reverse("cohorts:expense_create", args=[cw.cohort.pk])
    response = client.post(
        url,
        {
            "allocation": allocation.pk,
            "kind": "provider_fee",
            "amount": "40.000,50",
            "date": "2025-09-10",
            "note": "Udbyderen",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Udgiften er gemt." in page
    assert "Forbruget 40.000,50 kr. overstiger bevillingen 40.000 kr. med 0,50 kr." in page
    rows = table_rows(response, "expenses-table")
    assert rows[0][:5] == ["Dato", "Beløb", "Art", "Bevilling", "Bemærkning"]
    assert rows[1][:5] == [
        "10. september 2025",
        "40.000,50 kr.",  # second, so a phone shows it without scrolling
        "honorar til udbyder",
        "Puljen 2025",
        "Udbyderen",
    ]
    assert rows[2][:2] == ["I alt", "40.000,50 kr."]
    assert "Anslået vikarudgift" in page
    # Staff see neither the expenses nor the form.
    client.force_login(world.users.staff)
    page = client.get(reverse("cohorts:cohort_detail", args=[cw.cohort.pk])).content.decode()
    assert "Udgifter" not in page and "Tilføj udgift" not in page


def test_budget_page_and_export_show_spent(client, world, cw, money):
    _source, allocation = money
    spend(world, cw, allocation, "12500.50")
    client.force_login(world.users.admin)
    response = client.get(reverse("funding:overview"))
    rows = table_rows(response, "initiatives-table")
    assert rows[0][-3:] == ["I alt", "Forbrugt", "Rest"]
    assert rows[2][-3:] == ["40.000 kr.", "12.500,50 kr.", "27.499,50 kr."]
    sources = table_rows(response, "sources-table")
    assert sources[1][-2:] == ["12.500,50 kr.", "87.499,50 kr."]
    # The chart draws spent next to amount and allocated; its table says the same.
    assert table_rows(response, "chart-table")[1] == [
        "Puljen 2025",
        "100.000 kr.",
        "40.000 kr.",
        "12.500,50 kr.",
    ]
    assert response.context["overview"].chart == [
        {"label": "Puljen 2025", "amount": 100000.0, "allocated": 40000.0, "spent": 12500.5}
    ]
    response = client.get(reverse("funding:overview"), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    initiatives = list(workbook["Indsatser pr. år"].values)
    assert initiatives[1][-3:] == (40000, 12500.5, 27499.5)
    spend(world, cw, allocation, "30000")
    response = client.get(reverse("funding:overview"))
    assert table_rows(response, "chart-table")[1][-1] == "42.500,50 kr. forbrug over bevilget"


def test_demo_spending_shows_in_the_budget(capsys):
    from django.core.management import call_command

    from kompetenceplan.accounts.models import User

    call_command("load_demo")
    assert "Udgifter: vikartimesatser" in capsys.readouterr().out
    # Teacher and pædagog in 2025, 2026 and 2027 (the coming cohorts' year).
    assert Expense.objects.count() == 3 and SubstituteRate.objects.count() == 6
    call_command("load_demo")
    assert Expense.objects.count() == 3 and SubstituteRate.objects.count() == 6
    overview = budget_overview(user=User.objects.get(username="ishoj-admin"))
    assert sum(line.spent for line in overview.initiatives) == D("57375.50")
