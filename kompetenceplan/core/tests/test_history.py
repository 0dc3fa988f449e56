"""core.history: stored snapshot values as a person reads them."""

import pytest
from django.db import models
from django.utils import translation

from kompetenceplan.core.choices import ChangeAction, Role
from kompetenceplan.core.history import format_value, history_rows
from kompetenceplan.core.models import ChangeLogEntry, Municipality


def field(cls, name, verbose, **kwargs):
    f = cls(verbose, **kwargs)
    f.set_attributes_from_name(name)
    return f


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.mark.parametrize(
    "f,value,text",
    [
        (field(models.CharField, "role", "rolle", choices=Role.choices), "leader", "Leder"),
        (field(models.CharField, "role", "rolle", choices=Role.choices), "gone", "gone"),
        (field(models.BooleanField, "capped", "loft"), True, "Ja"),
        (field(models.BooleanField, "capped", "loft"), False, "Nej"),
        (field(models.DateField, "day", "dato"), "2025-03-01", "1. marts 2025"),
        (
            field(models.DateTimeField, "at", "tidspunkt"),
            "2025-06-01T10:30:00+00:00",
            "1. juni 2025 12:30",
        ),
        (
            field(models.DecimalField, "amount", "beløb", max_digits=12, decimal_places=2),
            "1165000.00",
            "1.165.000 kr.",
        ),
        (
            field(models.DecimalField, "cost", "pris (kr.)", max_digits=12, decimal_places=2),
            "75000.50",
            "75.000,50 kr.",
        ),
        (
            field(models.DecimalField, "percent", "højst procent", max_digits=5, decimal_places=2),
            "12.50",
            "12,5 %",
        ),
        (
            field(models.DecimalField, "hours", "timer", max_digits=6, decimal_places=2),
            "2.50",
            "2,5",
        ),
        (field(models.JSONField, "themes", "temaer"), ["Læsning", "Sprog"], "Læsning; Sprog"),
        (field(models.JSONField, "themes", "temaer"), [], "–"),
        (
            field(models.JSONField, "roles", "roller", choices=Role.choices),
            ["leader", "gone", "administrator"],
            "Leder, gone, Administrator",
        ),
        (field(models.FileField, "file", "fil"), "documents/2025/plan.pdf", "plan.pdf"),
        (field(models.CharField, "title", "titel"), "", "–"),
        (field(models.CharField, "title", "titel"), None, "–"),
        (field(models.PositiveSmallIntegerField, "year", "år"), 2025, "2025"),
    ],
)
def test_format_value(f, value, text):
    assert format_value(f, value) == text


def test_registered_list_choices_label_a_models_list_of_codes():
    from kompetenceplan.core import history

    f = Municipality._meta.get_field("name")
    history.register_list_choices(Municipality, "name", Role.choices)
    try:
        assert format_value(f, ["leader", "staff"]) == "Leder, Medarbejder"
    finally:
        del history._LIST_CHOICES[("core.municipality", "name")]
    assert format_value(f, ["leader", "staff"]) == "leader; staff"


def entry(action, obj, before=None, after=None, actor=None, note=""):
    from django.contrib.contenttypes.models import ContentType

    return ChangeLogEntry.objects.create(
        action=action,
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        before=before,
        after=after,
        note=note,
    )


def test_rows_hide_internal_fields_and_say_a_creation_in_one_line(db, django_assert_num_queries):
    town = Municipality.objects.create(code="183", name="Ishøj")
    entry(ChangeAction.CREATE, town, after={"code": "183", "name": "Ishøj"})
    entry(
        ChangeAction.UPDATE,
        town,
        before={"code": "183", "name": "Ishøj", "id": 1, "unknown": 1},
        after={"code": "183", "name": "Ishøj By", "id": 2, "unknown": 2},
        note="Navneskifte",
    )
    entry(ChangeAction.UPDATE, town, before={"name": "x"}, after={"name": "x"})
    entries = ChangeLogEntry.objects.select_related("actor", "content_type").order_by("id")
    with django_assert_num_queries(1):
        rows = history_rows(entries, obj=town)
    assert [(r.actor, r.subject, r.action, r.summary) for r in rows] == [
        ("System", "Kommune", "Oprettet", "Oprettet af System"),
        ("System", "Kommune", "Ændret – Navneskifte", ""),
        ("System", "Kommune", "Ændret", "Ændret af System"),
    ]
    assert rows[0].changes == []
    assert [(c.label, c.before, c.after) for c in rows[1].changes] == [
        ("Navn", "Ishøj", "Ishøj By")
    ]
    # Without the page's object, an entry is named by type and name.
    assert history_rows(entries[:1])[0].subject == "Kommune: Ishøj Kommune"


def test_a_long_text_is_shortened_at_a_word_with_its_length():
    from kompetenceplan.core.history import shorten

    assert shorten("Kort tekst.") == "Kort tekst."
    text = "Ord " * 100  # 400 characters, 399 once the spaces are normalised
    assert shorten(text, limit=20) == "Ord Ord Ord Ord Ord … (399 tegn)"
    assert shorten("a\n\nb") == "a b"
