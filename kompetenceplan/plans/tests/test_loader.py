"""The plan structure loader (plans only; the money is funding's): it refuses
words it cannot map, writes nothing then, and logs every row it touches."""

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.plans.models import Beacon, Initiative, Plan
from kompetenceplan.plans.services import plan_load

pytestmark = pytest.mark.django_db


def small_plan(**initiative) -> dict:
    return {
        "municipality": "183",
        "slug": "lille-plan",
        "title": "Lille plan",
        "sectors": ["school"],
        "period": {"kind": "calendar_years", "start": 2025, "end": 2026},
        "status": "adopted",
        "beacons": [
            {"level": "staff", "title": "Et", "text": "Første"},
            {"level": "staff", "title": "To", "text": "Andet"},
        ],
        "initiatives": [
            {
                "number": "1",
                "title": "Læsning",
                "target_group": {
                    "text": "Lærere og ressourcepersoner på Skole A",
                    "roles": ["lærer"],
                    "resource_functions": ["ressourceperson"],
                    "institutions": ["Skole A"],
                },
                **initiative,
            }
        ],
    }


def counts() -> tuple:
    return (
        Plan.objects.count(),
        Initiative.objects.count(),
        Beacon.objects.count(),
        ChangeLogEntry.objects.count(),
    )


def test_target_group_words_are_mapped(world):
    plan, changed = plan_load(actor=None, data=small_plan())
    initiative = plan.initiatives.get()
    assert changed is True
    assert [r.name for r in initiative.target_roles.all()] == ["Lærer"]
    assert [f.name for f in initiative.target_functions.all()] == ["Ressourceperson"]
    assert list(initiative.target_institutions.all()) == [world.school_a]


@pytest.mark.parametrize(
    "target,message",
    [
        ({"roles": ["lærer", "superlærer"]}, "stillingen “superlærer” kendes ikke."),
        ({"resource_functions": ["Vejleder"]}, "ressourcefunktionen “Vejleder” kendes ikke."),
        ({"institution_kinds": ["gymnasium"]}, "institutionstypen “gymnasium” kendes ikke."),
        ({"institutions": ["Horsens Skole"]}, "institutionen “Horsens Skole” kendes ikke."),
        ({"role": ["lærer"]}, "feltet “role” kendes ikke."),
    ],
)
def test_an_unknown_word_refuses_the_whole_file(world, target, message):
    before = counts()
    with pytest.raises(ValidationError) as error:
        plan_load(
            actor=None,
            data=small_plan(target_group={"text": "", **target}),
            file_name="lille-plan.yaml",
        )
    assert error.value.messages == [f"lille-plan.yaml, indsats 1: {message}"]
    assert counts() == before


def test_a_reload_logs_the_rows_it_replaces_and_deletes(world):
    plan_load(actor=None, data=small_plan())
    data = small_plan()
    data["beacons"] = data["beacons"][:1]
    data["initiatives"] = []
    mark = ChangeLogEntry.objects.order_by("-pk").first().pk
    plan_load(actor=None, data=data)
    new = ChangeLogEntry.objects.filter(pk__gt=mark)
    assert sorted((e.content_type.model, e.action) for e in new) == [
        ("beacon", "create"),
        ("beacon", "delete"),
        ("beacon", "delete"),
        ("initiative", "delete"),
        ("plan", "import"),
    ]
    assert {e.municipality_id for e in new} == {world.ishoj.pk}
    assert Beacon.objects.get().text == "Første"
    assert not Initiative.objects.exists()


def test_a_reload_names_the_plan_on_every_row_and_logs_cascades(world):
    """Deletions go through delete_logged: each deleted row is logged with
    the plan as its parent, and a focus area's initiatives lose it logged."""
    plan, _changed = plan_load(
        actor=None,
        data={
            **small_plan(focus_area="1"),
            "focus_areas": [{"number": "1", "title": "Læsning"}],
            "sections": [{"title": "Indledning", "text": "Tekst"}],
        },
    )
    mark = ChangeLogEntry.objects.order_by("-pk").first().pk
    data = small_plan()
    data["beacons"] = data["beacons"][:1]
    plan_load(actor=None, data=data)
    new = ChangeLogEntry.objects.filter(pk__gt=mark).select_related("content_type")
    assert sorted(
        (e.content_type.model, e.action, e.related_object_id or "", e.related_repr) for e in new
    ) == [
        ("beacon", "create", str(plan.pk), "Lille plan"),
        ("beacon", "delete", str(plan.pk), "Lille plan"),
        ("beacon", "delete", str(plan.pk), "Lille plan"),
        ("focusarea", "delete", str(plan.pk), "Lille plan"),
        ("initiative", "import", str(plan.pk), "Lille plan"),
        ("plan", "import", "", ""),
        ("plansection", "delete", str(plan.pk), "Lille plan"),
    ]
    assert new.get(content_type__model="initiative").before["focus_area"] is not None
    assert new.get(content_type__model="initiative").after["focus_area"] is None
