"""Small cohort worlds for the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kompetenceplan.cohorts.models import Cohort, Session
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.plans.models import Initiative, number_sort_key


def aware(year, month, day, hour=9, minute=0) -> dt.datetime:
    """A Copenhagen time."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def make_target_initiative(
    plan, number="2.2", *, title="Sprogudviklende didaktik", responsible_user=None
) -> Initiative:
    """A teachers' course at schools, 3 x 5 hours, 25 per cohort."""
    initiative = Initiative.objects.create(
        plan=plan,
        number=number,
        sort_key=number_sort_key(number),
        title=title,
        responsible_user=responsible_user,
        target_institution_kinds=["skole"],
        sessions=3,
        hours_per_session=Decimal(5),
        cohort_size=25,
    )
    initiative.target_roles.set([JobRole.objects.get(name="Lærer")])
    return initiative


def make_cohort(initiative, name="Hold 1", *, capacity=2, minimum=0, **fields) -> Cohort:
    return Cohort.objects.create(
        municipality_id=initiative.plan.municipality_id,
        initiative=initiative,
        name=name,
        school_year=fields.pop("school_year", "2025/26"),
        capacity=capacity,
        minimum=minimum,
        **fields,
    )


def make_session(cohort, start=None, hours=5, **fields) -> Session:
    start = start or aware(2025, 9, 3)
    return Session.objects.create(
        cohort=cohort,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        hours=Decimal(hours),
        **fields,
    )
