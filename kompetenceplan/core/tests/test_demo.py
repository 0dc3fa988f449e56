import pytest
from django.core.management import call_command
from django.db.models import F

from kompetenceplan.accounts.models import User
from kompetenceplan.core.models import ChangeLogEntry, Municipality
from kompetenceplan.organisation.models import Employment, Institution, Person


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "ishoj-leder" in out and "demo-kompetence" in out
    counts = (
        Municipality.objects.count(),
        Institution.objects.count(),
        Person.objects.count(),
        Employment.objects.count(),
        User.objects.count(),
        ChangeLogEntry.objects.count(),
    )
    # Ishøj, Horsens, Viborg and the demo municipality Demo-Sjælland (seed 004).
    assert counts[:2] == (4, 32)
    ishoj = Municipality.objects.get(code="183")
    assert set(
        Institution.objects.filter(municipality=ishoj, kind="skole").values_list("name", flat=True)
    ) == {"Gildbroskolen", "Ishøj Skole", "Strandgårdskolen", "Vejlebroskolen", "Vibeholmskolen"}
    teachers = Employment.objects.filter(
        institution__municipality=ishoj, job_role__name="Lærer"
    ).count()
    assert teachers == 5 * 44 + 6
    assert (
        Person.objects.filter(municipality=ishoj, resource_functions__name="Læsevejleder").count()
        == 5
    )
    # Each municipality's own functions and methods (ADR 0013): ICDP-træner only
    # where the demo has daycares; every method in its plans' municipality.
    from kompetenceplan.organisation.models import ResourceFunction
    from kompetenceplan.plans.models import Method

    icdp = ResourceFunction.objects.filter(name="ICDP-træner")
    assert sorted(icdp.values_list("municipality__code", flat=True)) == ["183", "615"]
    assert not Method.objects.exclude(initiatives__plan__municipality=F("municipality")).filter(
        initiatives__isnull=False
    )
    call_command("load_demo", quiet_logins=True)
    assert counts == (
        Municipality.objects.count(),
        Institution.objects.count(),
        Person.objects.count(),
        Employment.objects.count(),
        User.objects.count(),
        ChangeLogEntry.objects.count(),
    )
    leader = User.objects.get(username="ishoj-leder")
    assert sorted(i.name for i in leader.institutions.all()) == ["Gildbroskolen", "SFO Gildbro"]
