"""Copying a plan: the rules are plan_copy's (PlansError on their fields);
the copy form only parses."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.plans.models import Plan
from kompetenceplan.plans.services import plan_copy

pytestmark = pytest.mark.django_db

VALID = {"title": "Plan 2026-2028", "slug": "ny-plan", "period_start": 2026, "period_end": 2027}


def state() -> tuple:
    return (Plan.objects.count(), ChangeLogEntry.objects.count())


@pytest.mark.parametrize(
    ("data", "code", "errors"),
    [
        (
            {"period_start": 2027, "period_end": 2026},
            "period_end_before_start",
            {"period_end": ["Slutåret ligger før startåret."]},
        ),
        (
            {"title": "=HYPERLINK(1)"},
            "formula",
            {"title": ["Må ikke begynde med =, +, - eller @."]},
        ),
        (
            {"slug": "ishoj-skole-2024-2026"},
            "slug_taken",
            {"slug": ["Der findes allerede en plan med kortnavnet “ishoj-skole-2024-2026”."]},
        ),
    ],
)
def test_plan_copy_refuses_with_code_and_field(world, ishoj_plans, data, code, errors):
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    before = state()
    with pytest.raises(ValidationError) as exc:
        plan_copy(actor=world.users.admin, plan=plan, **{**VALID, **data})
    assert (exc.value.code, exc.value.message_dict) == (code, errors)
    assert state() == before


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"period_start": 2027, "period_end": 2026},
            {"period_end": ["Slutåret ligger før startåret."]},
        ),
        ({"title": "+SUM(A1)"}, {"title": ["Må ikke begynde med =, +, - eller @."]}),
        (
            {"slug": "ishoj-skole-2024-2026"},
            {"slug": ["Der findes allerede en plan med kortnavnet “ishoj-skole-2024-2026”."]},
        ),
    ],
)
def test_copy_page_shows_the_services_message_at_its_field(
    client, world, ishoj_plans, data, errors
):
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    client.force_login(world.users.admin)
    before = state()
    response = client.post(reverse("plans:plan_copy", args=[plan.pk]), {**VALID, **data})
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert state() == before


def test_the_copy_form_only_parses():
    from kompetenceplan.plans.forms import PlanCopyForm

    form = PlanCopyForm(data={**VALID, "title": "=1", "period_start": 2027, "period_end": 2026})
    assert form.is_valid(), form.errors
