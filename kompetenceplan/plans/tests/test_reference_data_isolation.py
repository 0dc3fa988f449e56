"""Reference data belongs to its municipality (security issue, finding 11).

Horsens' administrator must not see Ishøj's (or Viborg's) methods in the
catalogue filter or on "Ny indsats", nor another municipality's resource
functions among the target group's functions."""

import pytest
from django.urls import reverse

from kompetenceplan.organisation.models import ResourceFunction
from kompetenceplan.plans.models import Initiative, Method, Plan

pytestmark = pytest.mark.django_db


def _ishoj_function(world) -> ResourceFunction:
    return ResourceFunction.objects.create(
        municipality=world.ishoj, name="Ishøjs egen vejleder", sector="school"
    )


def _ishoj_only_methods(world) -> set[str]:
    ishoj = set(
        Method.objects.filter(initiatives__plan__municipality=world.ishoj).values_list(
            "name", flat=True
        )
    )
    others = set(
        Method.objects.exclude(initiatives__plan__municipality=world.ishoj).values_list(
            "name", flat=True
        )
    )
    return ishoj - others


def _labels(field) -> set[str]:
    return {str(label) for _value, label in field.choices if _value != ""}


def test_catalogue_method_filter_shows_only_own_methods(client, world, all_plans):
    ishoj_only = _ishoj_only_methods(world)
    assert len(ishoj_only) > 10  # the Ishøj plans name many methods
    client.force_login(world.users.horsens_admin)
    response = client.get(reverse("plans:catalogue"))
    assert response.status_code == 200
    shown = _labels(response.context["filter"].form.fields["method"])
    assert not shown & ishoj_only, sorted(shown & ishoj_only)[:5]
    body = response.content.decode()
    for name in sorted(ishoj_only)[:20]:
        assert f">{name}</option>" not in body


def test_catalogue_method_filter_of_ishoj_still_lists_its_methods(client, world, all_plans):
    client.force_login(world.users.admin)
    response = client.get(reverse("plans:catalogue"))
    shown = _labels(response.context["filter"].form.fields["method"])
    assert _ishoj_only_methods(world) <= shown


def test_new_initiative_form_shows_only_own_methods_and_functions(client, world, all_plans):
    ishoj_only = _ishoj_only_methods(world)
    function = _ishoj_function(world)
    horsens_plan = Plan.objects.get(municipality=world.horsens)
    client.force_login(world.users.horsens_admin)
    response = client.get(reverse("plans:initiative_create", args=[horsens_plan.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert not _labels(form.fields["methods"]) & ishoj_only
    assert function.name not in _labels(form.fields["target_functions"])
    assert "Ishøjs egen vejleder" not in response.content.decode()


def test_initiative_edit_form_of_ishoj_lists_its_own_methods(client, world, all_plans):
    initiative = Initiative.objects.filter(
        plan__municipality=world.ishoj, methods__isnull=False
    ).first()
    client.force_login(world.users.admin)
    response = client.get(reverse("plans:initiative_edit", args=[initiative.pk]))
    form = response.context["form"]
    assert set(initiative.methods.values_list("name", flat=True)) <= _labels(form.fields["methods"])


# --- The loader and the services keep each municipality's words its own ---------------


def test_the_loader_creates_each_municipalitys_methods_in_it(world, all_plans):
    used = Method.objects.filter(initiatives__isnull=False).distinct()
    assert used.exists()
    for method in used:
        municipalities = set(method.initiatives.values_list("plan__municipality_id", flat=True))
        assert municipalities == {method.municipality_id}, method.name
    # The same word in two plans of two municipalities: two rows.
    assert Method.objects.filter(name="netværk").count() == 2


def test_a_reload_of_every_plan_creates_no_method_or_function(world, all_plans):
    from kompetenceplan.testing.plans import load_plan_file, plan_data

    methods = sorted(Method.objects.values_list("municipality_id", "name"))
    functions = ResourceFunction.objects.count()
    for slug in all_plans:
        data = plan_data(slug)
        data["title"] += " (genindlæst)"  # a changed file: the loader runs through
        load_plan_file(slug, data=data)
    assert sorted(Method.objects.values_list("municipality_id", "name")) == methods
    assert ResourceFunction.objects.count() == functions


def test_a_plan_file_cannot_name_another_municipalitys_function(world):
    from kompetenceplan.plans.selectors import plan_data_problems

    _ishoj_function(world)
    data = {
        "municipality": "615",
        "slug": "h",
        "initiatives": [
            {"number": "1", "target_group": {"resource_functions": ["Ishøjs egen vejleder"]}}
        ],
    }
    problems = plan_data_problems(data=data, file_name="h.yaml")
    assert problems == [
        "h.yaml, indsats 1: ressourcefunktionen “Ishøjs egen vejleder” kendes ikke."
    ]


def test_initiative_services_refuse_another_municipalitys_method_and_function(world):
    from django.core.exceptions import ValidationError

    from kompetenceplan.plans.services import initiative_create, initiative_update

    ishoj_method = Method.objects.create(municipality=world.ishoj, name="Co-teaching")
    function = _ishoj_function(world)
    plan = Plan.objects.create(
        municipality=world.horsens,
        slug="h",
        title="Horsens-plan",
        sectors=["school"],
        period_kind="calendar_years",
        period_start=2024,
    )
    actor = world.users.horsens_admin
    initiative = initiative_create(actor=actor, plan=plan, data={"number": "1", "title": "A"})
    for name, row in (("methods", ishoj_method), ("target_functions", function)):
        with pytest.raises(ValidationError) as refused:
            initiative_update(actor=actor, initiative=initiative, data={name: [row]})
        assert refused.value.message_dict == {
            name: ["Et af valgene findes ikke i planens kommune."]
        }
        with pytest.raises(ValidationError):
            initiative_create(
                actor=actor, plan=plan, data={"number": "2", "title": "B", name: [row]}
            )
    assert not initiative.methods.exists() and not initiative.target_functions.exists()
    assert list(plan.initiatives.values_list("number", flat=True)) == ["1"]


def test_a_forged_post_of_another_municipalitys_method_is_refused(client, world, all_plans):
    ishoj_method = Method.objects.filter(municipality=world.ishoj).first()
    horsens_plan = Plan.objects.get(municipality=world.horsens)
    client.force_login(world.users.horsens_admin)
    response = client.post(
        reverse("plans:initiative_create", args=[horsens_plan.pk]),
        {"number": "9.9", "title": "Forfalsket", "status": "planned", "methods": [ishoj_method.pk]},
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["methods"]
    assert not Initiative.objects.filter(number="9.9").exists()
