"""The upload -> preview -> confirm pages of the teaching competences and the
lesson allocation imports."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompetenceplan.competences.models import TeachingCompetence
from kompetenceplan.core.models import ReadLogEntry
from kompetenceplan.coverage.models import LessonAllocation

from .test_imports import ALLOCATIONS, COMPETENCES

pytestmark = pytest.mark.django_db


def upload(name, text, **fields):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv"), **fields}


def test_competences_preview_then_confirm(client, world):
    client.force_login(world.users.admin)
    url = reverse("competences:import")
    response = client.post(url, upload("k.csv", COMPETENCES))
    page = response.content.decode()
    assert response.status_code == 200
    assert "5 nye, 0 ændrede og 0 uændrede. Intet er gemt endnu." in page
    assert "Anne Andersen" in page and "Natur/teknologi" in page
    assert not TeachingCompetence.objects.exists()
    assert ReadLogEntry.objects.filter(label="Forhåndsvisning af import").exists()
    token = client.session["pending_import"]["token"]
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "Importen er gennemført: 5 nye, 0 ændrede, 0 uændrede." in response.content.decode()
    assert TeachingCompetence.objects.count() == 5


def test_competences_bad_file_shows_the_rows(client, world):
    client.force_login(world.users.admin)
    bad = COMPETENCES.replace("Fysik/kemi", "Klingonsk")
    response = client.post(reverse("competences:import"), upload("k.csv", bad))
    assert response.status_code == 400
    assert "Faget “Klingonsk” er ukendt" in response.content.decode()
    assert "pending_import" not in client.session


def test_allocations_preview_then_confirm_keeps_the_school_year(client, world):
    client.force_login(world.users.admin)
    url = reverse("coverage:import_allocations")
    response = client.post(url, upload("f.csv", ALLOCATIONS, school_year="2024/25"))
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Skoleår 2024/25, 2 skole(r): 6 nye, 0 ændrede, 0 uændrede og 0 fjernede" in page
    assert "Klasser: 4 nye, 0 ændrede og 0 fjernede." in page
    token = client.session["pending_import"]["token"]
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "Fagfordelingen for 2024/25 er gemt: 6 nye" in response.content.decode()
    assert set(LessonAllocation.objects.values_list("school_class__school_year", flat=True)) == {
        "2024/25"
    }


def test_allocations_school_year_is_checked(client, world):
    client.force_login(world.users.admin)
    response = client.post(
        reverse("coverage:import_allocations"), upload("f.csv", ALLOCATIONS, school_year="2025")
    )
    assert response.status_code == 400
    assert "Skoleåret “2025” er ugyldigt. Skriv det som 2025/26." in response.content.decode()


def test_an_expired_preview_is_refused(client, world):
    client.force_login(world.users.admin)
    response = client.post(
        reverse("competences:import"), {"confirm": "1", "token": "0" * 32}, follow=True
    )
    assert "Importen er udløbet. Upload filen igen." in response.content.decode()


@pytest.mark.parametrize("name", ["competences:import", "coverage:import_allocations"])
def test_import_page_queries_are_pinned(client, world, name, django_assert_num_queries):
    client.force_login(world.users.admin)
    ContentType.objects.get_for_model(TeachingCompetence)
    client.get(reverse(name))
    with django_assert_num_queries(IMPORT_PAGE_QUERIES):
        client.get(reverse(name))


IMPORT_PAGE_QUERIES = 6  # session, user, institutions, navigation; nothing listed
