"""The permission matrix of the mandatory rules' and compliance pages
(kompetenceplan/testing/matrix.py, docs/permissions.md, docs/competences.md):

- the rules: administrators and consultants list, create, change and delete
  them; leaders read the list; other roles 403; Horsens' rule 404;
- the compliance lists: planners see every institution's, a leader their own
  institutions' (another institution: 404); other roles 403; the people shown
  are in the read log;
- enrolling from the list: planners and the institution's leader.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.competences.models import MandatoryRule
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

from .rules_factories import make_rules_world

pytestmark = pytest.mark.django_db

PLANNERS = {"admin", "consultant"}
READERS = {"admin", "consultant", "leader"}


@pytest.fixture
def objects(world):
    return SimpleNamespace(**vars(world), **vars(make_rules_world(world)))


def rule_data(o):
    return {
        "name": "ICDP for pædagoger",
        "job_role": JobRole.objects.get(name="Pædagog").pk,
        "trigger": "role_start",
        "deadline_days": 365,
        "qualification_kind": "icdp_1",
        "active": "on",
    }


def rule_count(o):
    return (
        MandatoryRule.objects.count(),
        list(MandatoryRule.objects.values_list("name", "deadline_days")),
    )


CASES = [
    Case(
        "competences:rule_list",
        url=reverse("competences:rule_list"),
        allowed=READERS,
        forbidden=ALL_ROLES - READERS,
        contains="Ordblindekursus for nye lærere",
        absent=["Horsens-regel"],
    ),
    Case(
        "competences:rule_create",
        url=reverse("competences:rule_create"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Ny obligatorisk regel",
        absent=["Horsens-vejleder"],
    ),
    Case(
        "competences:rule_create",
        method="POST",
        url=reverse("competences:rule_create"),
        data=rule_data,
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=rule_count,
    ),
    Case(
        "competences:rule_edit",
        url=lambda o: reverse("competences:rule_edit", args=[o.rule.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Ordblindekursus for nye lærere",
        absent=["Horsens-vejleder"],
        other_municipality_url=lambda o: reverse("competences:rule_edit", args=[o.h_rule.pk]),
    ),
    Case(
        "competences:rule_edit",
        method="POST",
        url=lambda o: reverse("competences:rule_edit", args=[o.rule.pk]),
        data=lambda o: {
            **rule_data(o),
            "name": "Ordblindekursus",
            "job_role": JobRole.objects.get(name="Lærer").pk,
            "trigger": "hire_date",
            "initiative": o.initiative.pk,
            "qualification_kind": "",
        },
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=rule_count,
        other_municipality_url=lambda o: reverse("competences:rule_edit", args=[o.h_rule.pk]),
    ),
    Case(
        "competences:rule_delete",
        url=lambda o: reverse("competences:rule_delete", args=[o.rule.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Vil du slette reglen?",
        other_municipality_url=lambda o: reverse("competences:rule_delete", args=[o.h_rule.pk]),
    ),
    Case(
        "competences:rule_delete",
        method="POST",
        url=lambda o: reverse("competences:rule_delete", args=[o.rule.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=rule_count,
        other_municipality_url=lambda o: reverse("competences:rule_delete", args=[o.h_rule.pk]),
    ),
    Case(
        "competences:compliance_overview",
        url=reverse("competences:compliance_overview"),
        allowed={"admin": "Skole B", "consultant": "Skole B", "leader": "Skole A"},
        forbidden=ALL_ROLES - READERS,
        absent=["Horsens Skole"],
    ),
    Case(
        "competences:compliance_list",
        url=lambda o: reverse("competences:compliance_list", args=[o.school_a.pk]),
        allowed=READERS,
        forbidden=ALL_ROLES - READERS,
        contains="Nina Nygaard",
        other_municipality_url=lambda o: reverse(
            "competences:compliance_list", args=[o.school_h.pk]
        ),
        other_institution_url=lambda o: reverse(
            "competences:compliance_list", args=[o.school_b.pk]
        ),
    ),
    Case(
        "competences:compliance_enrol",
        method="POST",
        url=lambda o: reverse("competences:compliance_enrol", args=[o.school_a.pk]),
        data=lambda o: {"person": o.nina.pk, "rule": o.rule.pk, "cohort": o.open_cohort.pk},
        allowed=READERS,
        forbidden=ALL_ROLES - READERS,
        state=lambda o: Enrolment.objects.count(),
        other_municipality_url=lambda o: reverse(
            "competences:compliance_enrol", args=[o.school_h.pk]
        ),
        other_institution_url=lambda o: reverse(
            "competences:compliance_enrol", args=[o.school_b.pk]
        ),
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, world, case):
    assert_matrix(client, world, case, objects)


def test_enrol_from_the_list_enrols_and_returns_to_the_list(client, world, objects):
    client.force_login(world.users.leader)
    url = reverse("competences:compliance_enrol", args=[world.school_a.pk])
    response = client.post(
        url,
        {
            "person": objects.nina.pk,
            "rule": objects.rule.pk,
            "cohort": objects.open_cohort.pk,
            "back": "status=overdue",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == (
        reverse("competences:compliance_list", args=[world.school_a.pk]) + "?status=overdue"
    )
    assert (
        "Nina Nygaard er tilmeldt Ordblindekursus vinter 2027 (tilmeldt)."
        in response.content.decode()
    )
    assert Enrolment.objects.get(person=objects.nina).cohort == objects.open_cohort
    # Now the list shows the enrolment instead of the button.
    page = client.get(
        reverse("competences:compliance_list", args=[world.school_a.pk])
    ).content.decode()
    assert "Ordblindekursus vinter 2027 (tilmeldt)" in page
    # Carl is at school B: the leader cannot enrol him, even through school A's URL.
    response = client.post(
        url,
        {"person": world.person_b.pk, "rule": objects.rule.pk, "cohort": objects.open_cohort.pk},
        follow=True,
    )
    assert "Tilmeldingen kunne ikke gennemføres" in response.content.decode()
    assert not Enrolment.objects.filter(person=world.person_b).exists()
