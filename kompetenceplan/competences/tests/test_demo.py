"""The competences' demo: Ishøj's teachers have 2-4 undervisningsfag, some
tilsvarende kompetence with basis, assessor and date, a few are
over-registered; the pedagogical staff have ICDP, PAU and merit pedagogue
qualifications; the ICDP initiative grants ICDP niveau 1; loaded once."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from kompetenceplan.competences.choices import CompetenceBasis, CompetenceLevel
from kompetenceplan.competences.models import CompletionGrant, Qualification, TeachingCompetence
from kompetenceplan.organisation.models import Employment


@pytest.mark.django_db
def test_demo_competences():
    call_command("load_demo", quiet_logins=True)
    competences = TeachingCompetence.objects.filter(municipality__code="183")
    teachers = set(
        Employment.objects.filter(
            institution__municipality__code="183",
            institution__kind="skole",
            job_role__name="Lærer",
        ).values_list("person_id", flat=True)
    )
    formal = Counter(
        competences.filter(level=CompetenceLevel.FORMAL).values_list("person_id", flat=True)
    )
    assert set(formal) == teachers
    assert set(formal.values()) == {2, 3, 4}
    assert not competences.filter(level=CompetenceLevel.FORMAL).exclude(
        basis=CompetenceBasis.EDUCATION, assessed_on=None
    )
    assessed = competences.filter(level=CompetenceLevel.ASSESSED)
    assert {
        CompetenceBasis.KIU_COURSE,
        CompetenceBasis.DIPLOMA_MODULE,
        CompetenceBasis.EXPERIENCE,
    } <= set(assessed.values_list("basis", flat=True))
    assert not assessed.filter(assessed_on=None) and not assessed.filter(assessed_by_name="")
    # Gildbroskolen's leader is the demo login ishoj-leder.
    assert assessed.filter(assessed_by__username="ishoj-leder").exists()
    # Some assessed during 2025/26 (count then, not in 2024/25).
    assert assessed.filter(assessed_on__range=("2025-08-01", "2026-07-31")).count() >= 3
    over = competences.values("person_id").annotate(n=Count("id")).filter(n__gt=6)
    assert sorted(o["n"] for o in over) == [7, 8, 9]

    kinds = Counter(
        Qualification.objects.filter(municipality__code="183").values_list("kind", flat=True)
    )
    for kind in (
        "icdp_1",
        "icdp_2",
        "icdp_inspired",
        "pau_education",
        "merit_pedagogue",
        "kiu_course",
    ):
        assert kinds[kind] > 0, kind
    grant = CompletionGrant.objects.get(initiative__plan__slug="ishoj-dagtilbud-2024-2026")
    assert (grant.initiative.number, grant.kind) == ("1.3", "icdp_1")

    counts = (competences.count(), Qualification.objects.count(), CompletionGrant.objects.count())
    call_command("load_demo", quiet_logins=True)
    assert counts == (
        competences.count(),
        Qualification.objects.count(),
        CompletionGrant.objects.count(),
    )
