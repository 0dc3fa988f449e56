"""Resource functions belong to their municipality (security issue, finding 11)."""

import pytest
from django.urls import reverse

from kompetenceplan.organisation.models import ResourceFunction

pytestmark = pytest.mark.django_db


def _ishoj_function(world) -> ResourceFunction:
    return ResourceFunction.objects.create(
        municipality=world.ishoj, name="Ishøjs egen vejleder", sector="school"
    )


def _labels(field) -> set[str]:
    return {str(label) for value, label in field.choices if value != ""}


def test_person_form_shows_only_own_resource_functions(client, world):
    _ishoj_function(world)
    client.force_login(world.users.horsens_admin)
    response = client.get(reverse("organisation:person_edit", args=[world.person_h.pk]))
    assert response.status_code == 200
    assert "Ishøjs egen vejleder" not in _labels(
        response.context["form"].fields["resource_functions"]
    )
    assert "Ishøjs egen vejleder" not in response.content.decode()


def test_people_filter_shows_only_own_resource_functions(client, world):
    _ishoj_function(world)
    client.force_login(world.users.horsens_admin)
    response = client.get(reverse("organisation:person_list"))
    assert response.status_code == 200
    shown = _labels(response.context["filter"].form.fields["resource_function"])
    assert "Ishøjs egen vejleder" not in shown
    assert "Læsevejleder" in shown  # Horsens' own starter functions


def test_ishoj_sees_its_own_function(client, world):
    _ishoj_function(world)
    client.force_login(world.users.admin)
    response = client.get(reverse("organisation:person_edit", args=[world.person_a.pk]))
    assert "Ishøjs egen vejleder" in _labels(response.context["form"].fields["resource_functions"])


def test_a_forged_post_of_another_municipalitys_function_is_refused(client, world):
    function = _ishoj_function(world)
    client.force_login(world.users.horsens_admin)
    response = client.post(
        reverse("organisation:person_edit", args=[world.person_h.pk]),
        {"first_name": "Dorte", "last_name": "Dam", "resource_functions": [function.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["resource_functions"]
    assert not world.person_h.resource_functions.exists()


def test_person_services_refuse_another_municipalitys_function(world):
    from django.core.exceptions import ValidationError

    from kompetenceplan.organisation.services import person_functions_assign, person_update

    function = _ishoj_function(world)
    actor = world.users.horsens_admin
    with pytest.raises(ValidationError) as refused:
        person_update(actor=actor, person=world.person_h, data={"resource_functions": [function]})
    assert refused.value.message_dict == {
        "resource_functions": ["Ressourcefunktionen findes ikke i medarbejderens kommune."]
    }
    with pytest.raises(ValidationError):
        person_functions_assign(actor=actor, assignments={world.person_h: [function]})
    assert not world.person_h.resource_functions.exists()


def test_every_municipality_has_its_own_common_functions(world):
    from kompetenceplan.organisation.reference import RESOURCE_FUNCTIONS, reference_data_ensure

    common = sorted(name for name, _sector in RESOURCE_FUNCTIONS)
    for municipality in (world.ishoj, world.horsens):
        names = ResourceFunction.objects.filter(municipality=municipality).values_list(
            "name", flat=True
        )
        assert sorted(set(names) & set(common)) == common
    assert "ICDP-træner" not in common  # a municipality's own, not common
    count = ResourceFunction.objects.count()
    reference_data_ensure(world.horsens)
    assert ResourceFunction.objects.count() == count


def test_municipality_create_gives_the_common_functions(db):
    from kompetenceplan.core.services import municipality_create
    from kompetenceplan.organisation.reference import RESOURCE_FUNCTIONS

    viborg, _created = municipality_create(actor=None, code="791", name="Viborg")
    assert viborg.resource_functions.count() == len(RESOURCE_FUNCTIONS)


def test_resource_functions_ensure_creates_the_municipalitys_own(world):
    from django.core.exceptions import ValidationError

    from kompetenceplan.core.models import ChangeLogEntry
    from kompetenceplan.organisation.services import resource_functions_ensure

    actor = world.users.admin
    found = resource_functions_ensure(
        actor=actor,
        municipality=world.ishoj,
        functions=[("ICDP-træner", "daycare"), ("Læsevejleder", "school")],
    )
    assert found["ICDP-træner"].municipality == world.ishoj
    assert found["Læsevejleder"].municipality == world.ishoj
    assert ChangeLogEntry.objects.filter(object_repr="ICDP-træner").count() == 1
    again = resource_functions_ensure(
        actor=actor, municipality=world.ishoj, functions=[("ICDP-træner", "daycare")]
    )
    assert again["ICDP-træner"] == found["ICDP-træner"]
    assert not ResourceFunction.objects.filter(municipality=world.horsens, name="ICDP-træner")
    with pytest.raises(ValidationError):
        resource_functions_ensure(
            actor=actor, municipality=world.ishoj, functions=[("=SUM(A1)", "school")]
        )
