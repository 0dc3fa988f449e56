"""Step 2 of 3: give every method and resource function its municipality
(docs/adr/0013-reference-data-per-municipality.md).

A shared row goes to each municipality that uses it: the first such
municipality keeps the row, every other one gets a copy, and its people's and
initiatives' links move to the copy, so an existing database keeps every
link. A resource function of the common list (``COMMON_FUNCTIONS``, as
``organisation.reference.RESOURCE_FUNCTIONS`` stood when this was written)
goes to every municipality, as a new municipality gets it. A row nobody uses
and that is not common belongs to nobody and is deleted (a method is created
by the plan that names it; a reload creates it again, in its municipality).

Reversible: the copies are merged back into one shared row per name.
"""

from collections import defaultdict

from django.db import migrations

COMMON_FUNCTIONS = {
    "Læsevejleder",
    "Matematikvejleder",
    "DSA-vejleder",
    "AKT-vejleder",
    "PLC-vejleder",
    "IT-vejleder",
    "Talentvejleder",
    "Ordblinderessourcelærer",
    "Naturfagsvejleder",
    "Inklusionsvejleder",
    "Sprogpædagog",
    "Ressourceperson",
}


def _split(model, users, links, common, all_municipalities):
    """Give each row of ``model`` (municipality still empty) its municipality.

    ``users``: {row id: municipality ids that use it}; ``links``: a list of
    (through model, owner field, row field, {owner id: municipality id})."""
    for row in model.objects.filter(municipality__isnull=True).order_by("pk"):
        municipalities = set(users.get(row.pk, ()))
        if row.name in common:
            municipalities |= all_municipalities
        if not municipalities:
            row.delete()
            continue
        first, *others = sorted(municipalities)
        row.municipality_id = first
        row.save(update_fields=["municipality"])
        for municipality_id in others:
            values = {
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if not f.primary_key
            }
            copy = model.objects.create(**{**values, "municipality_id": municipality_id})
            for through, owner_field, row_field, owner_municipality in links:
                owners = [o for o, m in owner_municipality.items() if m == municipality_id]
                through.objects.filter(**{f"{owner_field}__in": owners, row_field: row.pk}).update(
                    **{row_field: copy.pk}
                )


def _users(links):
    used = defaultdict(set)
    for through, owner_field, row_field, owner_municipality in links:
        for owner_id, row_id in through.objects.values_list(owner_field, row_field):
            used[row_id].add(owner_municipality[owner_id])
    return used


def _links(apps):
    Person = apps.get_model("organisation", "Person")
    Initiative = apps.get_model("plans", "Initiative")
    people = dict(Person.objects.values_list("pk", "municipality_id"))
    initiatives = dict(Initiative.objects.values_list("pk", "plan__municipality_id"))
    functions = [
        (Person.resource_functions.through, "person_id", "resourcefunction_id", people),
        (Initiative.target_functions.through, "initiative_id", "resourcefunction_id", initiatives),
    ]
    methods = [(Initiative.methods.through, "initiative_id", "method_id", initiatives)]
    return functions, methods


def split(apps, schema_editor):
    Municipality = apps.get_model("core", "Municipality")
    ResourceFunction = apps.get_model("organisation", "ResourceFunction")
    Method = apps.get_model("plans", "Method")
    everyone = set(Municipality.objects.values_list("pk", flat=True))
    functions, methods = _links(apps)
    _split(ResourceFunction, _users(functions), functions, COMMON_FUNCTIONS, everyone)
    _split(Method, _users(methods), methods, set(), everyone)


def _merge(model, links):
    keep = {}
    for row in model.objects.order_by("name", "pk"):
        if row.name not in keep:
            keep[row.name] = row
            continue
        target = keep[row.name]
        for through, owner_field, row_field, _owners in links:
            taken = set(
                through.objects.filter(**{row_field: target.pk}).values_list(owner_field, flat=True)
            )
            through.objects.filter(**{row_field: row.pk, f"{owner_field}__in": taken}).delete()
            through.objects.filter(**{row_field: row.pk}).update(**{row_field: target.pk})
        row.delete()
    model.objects.update(municipality=None)


def merge(apps, schema_editor):
    functions, methods = _links(apps)
    _merge(apps.get_model("organisation", "ResourceFunction"), functions)
    _merge(apps.get_model("plans", "Method"), methods)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_method_municipality"),
        ("organisation", "0003_resourcefunction_municipality"),
    ]
    run_before = [("organisation", "0004_resourcefunction_municipality_required")]

    operations = [migrations.RunPython(split, merge)]
