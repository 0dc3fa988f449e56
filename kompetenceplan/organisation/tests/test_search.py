"""People and institution search: bounded like every search (security issue 8)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOTICE = "Søgningen er afkortet til de første 12 ord."


def found(client, name, q):
    response = client.get(reverse(name), {"q": q})
    assert response.status_code == 200
    return response, [r.record.pk for r in response.context["table"].rows]


def test_thousand_word_people_search_answers_with_the_first_twelve_words(client, world):
    """Was a 500 on SQLite ("Expression tree is too large")."""
    client.force_login(world.users.admin)
    twelve = " ".join(["Bo", "Bach"] * 6)
    _, expected = found(client, "organisation:person_list", twelve)
    assert expected == [world.person_a2.pk]
    # Past the twelfth word a word that finds no one: ignored.
    response, pks = found(client, "organisation:person_list", twelve + " zzzz" * 988)
    assert pks == expected
    html = response.content.decode()
    assert NOTICE in html
    assert 'aria-describedby="id_q_notice"' in html
    assert found(client, "organisation:person_list", "zzzz")[1] == []
    response, _ = found(client, "organisation:person_list", twelve)
    assert NOTICE not in response.content.decode()


def test_thousand_word_institution_search_answers_with_the_first_twelve_words(client, world):
    client.force_login(world.users.admin)
    twelve = " ".join(["Skole", "A"] * 6)
    _, expected = found(client, "organisation:institution_list", twelve)
    assert world.school_a.pk in expected and world.school_b.pk not in expected
    response, pks = found(client, "organisation:institution_list", twelve + " zzzz" * 988)
    assert pks == expected
    assert NOTICE in response.content.decode()


def test_institution_search_needs_every_word(client, world):
    client.force_login(world.users.admin)
    assert world.school_a.pk in found(client, "organisation:institution_list", "a skole")[1]
    assert found(client, "organisation:institution_list", "skole zzzz")[1] == []


@pytest.mark.parametrize("q", ["Bo\x00", "Bo\x01Bach", "Bo\tBach"])
def test_control_characters_in_a_people_search_are_refused_not_a_500(client, world, q):
    client.force_login(world.users.admin)
    for name in ("organisation:person_list", "organisation:institution_list"):
        response = client.get(reverse(name), {"q": q})
        assert response.status_code == 200
        assert response.context["filter"].errors["q"]
        assert 'aria-describedby="id_q_error"' in response.content.decode()
