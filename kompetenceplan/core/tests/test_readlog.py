"""The read-log mechanism (core/readlog.py, ADR 0012)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import RequestFactory

from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.models import ReadLogEntry
from kompetenceplan.core.readlog import ReadCollector, ReadLogMiddleware, note_read, read_log_write
from kompetenceplan.organisation.models import Employment, Person

pytestmark = pytest.mark.django_db


def people(entry):
    return sorted(entry.subjects.values_list("object_id", flat=True))


def test_one_entry_per_label_people_once_and_lazy_notes_read_at_write(
    world, django_assert_num_queries
):
    collector = ReadCollector()
    shown = []
    collector.note(lambda: shown, label="Liste", kind=ReadKind.LIST)
    collector.note([world.person_a, world.person_a], label="Liste", kind=ReadKind.LIST)
    # An employment is about its person.
    collector.note(Employment.objects.filter(person=world.person_b), label="Ansatte")
    shown.append(world.person_a2)  # noted lazily: what the page showed by the end
    ContentType.objects.get_for_model(Person)  # cached from the first request on
    with django_assert_num_queries(3):  # the employments' person ids, entries, people
        entries = read_log_write(
            actor=world.users.admin, municipality_id=world.ishoj.pk, path="/x", collector=collector
        )
    assert [(e.label, e.kind, e.subject_count, people(e)) for e in entries] == [
        ("Liste", "list", 2, sorted([world.person_a.pk, world.person_a2.pk])),
        ("Ansatte", "page", 1, [world.person_b.pk]),
    ]


def test_nothing_shown_writes_nothing(world, django_assert_num_queries):
    collector = ReadCollector()
    collector.note([], label="Liste")
    with django_assert_num_queries(0):
        assert read_log_write(actor=None, municipality_id=None, path="/", collector=collector) == []


def test_a_model_that_is_not_personal_data_is_refused(world):
    collector = ReadCollector()
    collector.note([world.ishoj], label="Kommune")
    with pytest.raises(TypeError, match="Municipality is not registered as personal data"):
        read_log_write(actor=None, municipality_id=None, path="/", collector=collector)


def test_labels_are_stored_in_danish_whatever_the_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    collector = ReadCollector()
    with translation.override("en"):
        collector.note([], label=gettext_lazy("Medarbejdere"))
    assert collector.notes[0].label == "Medarbejdere"


@pytest.mark.parametrize("status,logged", [(200, 1), (400, 1), (404, 1), (500, 0)])
def test_middleware_writes_after_the_response_but_not_for_a_server_error(world, status, logged):
    def view(request):
        note_read(request, [world.person_a], label="Side")
        return HttpResponse(status=status)

    request = RequestFactory().get("/side/?q=a")
    request.user = world.users.admin
    ReadLogMiddleware(view)(request)
    assert ReadLogEntry.objects.count() == logged
    if logged:
        entry = ReadLogEntry.objects.get()
        assert (entry.path, entry.actor, entry.municipality_id, people(entry)) == (
            "/side/?q=a",
            world.users.admin,
            world.ishoj.pk,
            [world.person_a.pk],
        )
