"""The change log across apps: related parents, delete_logged and history_for
(in funding's tests because they need plans and funding together)."""

from decimal import Decimal as D

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetenceplan.core.changelog import delete_logged, log_change, snapshot
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.core.selectors import history_for, object_history
from kompetenceplan.funding.models import Allocation
from kompetenceplan.plans.models import Initiative
from kompetenceplan.plans.services import focus_area_save, initiative_create, initiative_update


def entries(model, action="delete"):
    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    ).order_by("object_id")


def test_deleting_an_initiative_logs_its_allocations_too(fw, world):
    ids = sorted(str(pk) for pk in fw.mine.allocations.values_list("pk", flat=True))
    assert len(ids) == 2
    pk = fw.mine.pk  # the delete sets the instance's pk to None, as Django's does
    # Every content type cached, as in a running server (the count must not
    # depend on which test ran before).
    from django.apps import apps

    ContentType.objects.get_for_models(*apps.get_models())
    with CaptureQueriesContext(connection) as queries:
        count, per_model = delete_logged(
            actor=world.users.admin, objects=[fw.mine], related=fw.plan, note="Udgår"
        )
    assert (count, per_model["funding.Allocation"], per_model["plans.Initiative"]) == (3, 2, 1)
    assert fw.mine.pk is None and not Initiative.objects.filter(pk=pk).exists()
    assert not Allocation.objects.filter(pk__in=ids).exists()
    (initiative_entry,) = entries(Initiative)
    assert (
        initiative_entry.object_id,
        initiative_entry.object_repr,
        initiative_entry.actor,
        initiative_entry.municipality,
        initiative_entry.related_object_id,
        initiative_entry.related_repr,
        initiative_entry.note,
    ) == (
        str(pk),
        "1.1 Læsning",
        world.users.admin,
        world.ishoj,
        str(fw.plan.pk),
        "Plan A",
        "Udgår",
    )
    assert initiative_entry.before["title"] == "Læsning"
    assert initiative_entry.before["target_roles"] == []
    allocation_entries = list(entries(Allocation))
    assert [e.object_id for e in allocation_entries] == ids
    assert [e.object_repr for e in allocation_entries] == ["1.1: Puljen 2025", "1.1: Egne midler"]
    assert {(e.related_object_id, e.related_repr) for e in allocation_entries} == {
        (str(pk), "1.1 Læsning")
    }
    assert [e.before["amount"] for e in allocation_entries] == ["40000.00", None]
    assert {e.municipality for e in allocation_entries} == {world.ishoj}
    # Collector's reads (the initiative's cascades), the allocations' sources, the
    # m2m snapshots (5 fields), one insert of the log, the deletes: not per row.
    # (The collector also reads the initiative's cohorts, its rollout target and
    # the allocations' expenses, which protect them.)
    # At most 20: Django's collector may delete one relation without reading it
    # first (a "fast delete") depending on the signal receivers connected, which
    # the order of the tests can change; per-row queries would be many more.
    assert len(queries) <= 25, [q["sql"][:150] for q in queries.captured_queries]


def test_delete_logged_of_a_queryset_and_nothing(fw, world):
    assert delete_logged(actor=None, objects=Allocation.objects.none()) == (0, {})
    delete_logged(actor=None, objects=Allocation.objects.filter(initiative=fw.theirs))
    (entry,) = entries(Allocation)
    assert (entry.object_id, entry.actor, entry.related_content_type) == (
        str(fw.a_theirs.pk),
        None,
        None,
    )


def test_delete_logged_inside_a_failing_transaction_leaves_no_trace(fw, world):
    from django.db import transaction

    before, pk = ChangeLogEntry.objects.count(), fw.mine.pk
    try:
        with transaction.atomic():
            delete_logged(actor=world.users.admin, objects=[fw.mine])
            raise RuntimeError
    except RuntimeError:
        pass
    assert ChangeLogEntry.objects.count() == before
    assert Initiative.objects.filter(pk=pk).exists()
    assert Allocation.objects.filter(initiative_id=pk).count() == 2


def test_history_for_includes_children_and_grandchildren(fw, world):
    admin = world.users.admin
    area = focus_area_save(actor=admin, plan=fw.plan, data={"number": "1", "title": "Læsning"})
    new = initiative_create(actor=admin, plan=fw.plan, data={"number": "1.3", "title": "Ny"})
    initiative_update(actor=admin, initiative=fw.theirs, data={"status": "ongoing"})
    allocation = Allocation.objects.create(
        initiative=fw.theirs, source=fw.source, year=2026, amount=D(1)
    )
    log_change(
        actor=admin, obj=allocation, action="create", after=snapshot(allocation), related=fw.theirs
    )
    other = initiative_create(
        actor=admin, plan=fw.secret.plan, data={"number": "9.2", "title": "X"}
    )
    log_change(actor=admin, obj=fw.plan, action="view")

    def history(obj, **kwargs):
        return [(e.content_type.model, e.object_id, e.action) for e in history_for(obj, **kwargs)]

    plan_entries = [
        ("plan", str(fw.plan.pk), "view"),
        ("initiative", str(fw.theirs.pk), "update"),
        ("initiative", str(new.pk), "create"),
        ("focusarea", str(area.pk), "create"),
    ]
    assert history(fw.plan) == plan_entries
    assert history(fw.plan, reads=False) == plan_entries[1:]
    assert history(fw.plan, depth=2) == [
        plan_entries[0],
        ("allocation", str(allocation.pk), "create"),
        *plan_entries[1:],
        # allocation_create names the initiative as the parent (the fixture's)
        ("allocation", str(fw.a_theirs.pk), "create"),
    ]
    assert history(fw.theirs) == [
        ("allocation", str(allocation.pk), "create"),
        ("initiative", str(fw.theirs.pk), "update"),
        ("allocation", str(fw.a_theirs.pk), "create"),
    ]
    assert history(fw.plan, limit=1) == plan_entries[:1]
    assert history(other) == [("initiative", str(other.pk), "create")]
    assert list(object_history(fw.theirs)) == list(history_for(fw.theirs))
    with CaptureQueriesContext(connection) as queries:
        rows = list(history_for(fw.plan, depth=2))
    assert len(queries) == 1 and rows[0].actor == admin
