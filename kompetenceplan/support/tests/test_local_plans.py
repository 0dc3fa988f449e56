"""Local development plans: the leader writes, the administration reads, the
history is kept (services, pages, permission matrix, query counts)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kompetenceplan.support import services
from kompetenceplan.support.selectors import local_plan_history

from .conftest import SECTIONS

pytestmark = pytest.mark.django_db

LOCAL_PLAN_DETAIL_QUERIES = 11


def sections(plan):
    return list(plan.sections.values_list("heading", "text"))


def messages(exc):
    return [m for ms in exc.message_dict.values() for m in ms]


def test_the_leader_writes_and_the_history_is_kept(world, lp):
    leader = world.users.leader
    assert sections(lp.own) == SECTIONS
    services.local_plan_update(
        actor=leader,
        local_plan=lp.own,
        sections=[SECTIONS[0], ("", ""), ("Trivsel", "Ny tekst")],
        initiatives=[],
        progression_goals="Flere elever i fællesskabet.",
    )
    assert sections(lp.own) == [SECTIONS[0], ("Trivsel", "Ny tekst")]
    assert list(lp.own.initiatives.all()) == []
    entries = sorted(local_plan_history(lp.own), key=lambda e: e.pk)
    summary = [(e.content_type.model, e.action, e.object_repr) for e in entries]
    assert summary == [
        ("localplan", "create", "Skole A 2026/27"),
        ("localplansection", "create", "Vores læringsmiljø"),
        ("localplansection", "create", "Sprog"),
        ("localplan", "update", "Skole A 2026/27"),
        ("localplansection", "update", "Trivsel"),
    ]
    assert entries[3].before["support_needs"] == "Ressourceteamet i 3.a."
    assert entries[4].before["heading"] == "Sprog"


def test_the_rules(world, lp):
    leader = world.users.leader
    with pytest.raises(ValidationError) as caught:
        services.local_plan_create(actor=leader, institution=world.school_a, school_year="2026/27")
    assert messages(caught.value) == ["Skole A har allerede en lokal udviklingsplan for 2026/27."]
    with pytest.raises(ValidationError) as caught:
        services.local_plan_create(actor=leader, institution=world.school_a, school_year="2026")
    assert messages(caught.value) == ["Skriv skoleåret som 2026/27 (to på hinanden følgende år)."]
    with pytest.raises(ValidationError) as caught:
        services.local_plan_create(actor=leader, institution=world.school_b, school_year="2027/28")
    assert messages(caught.value) == ["Vælg en institution, du er leder af."]
    with pytest.raises(ValidationError) as caught:
        services.local_plan_update(actor=leader, local_plan=lp.own, sections=[("", "Tekst")])
    assert messages(caught.value) == ["Giv afsnit 1 en overskrift."]
    with pytest.raises(ValidationError) as caught:
        services.local_plan_update(actor=leader, local_plan=lp.own, initiatives=[lp.h_initiative])
    assert messages(caught.value) == ["En indsats hører til en anden kommune."]
    for role in ("admin", "consultant", "staff", "coordinator", "viewer"):
        with pytest.raises(ValidationError) as caught:
            services.local_plan_update(actor=getattr(world.users, role), local_plan=lp.own)
        assert messages(caught.value) == [
            "Kun institutionens leder skriver den lokale udviklingsplan."
        ]


def test_the_page_shows_the_plan_and_its_history(client, world, lp, django_assert_num_queries):
    client.force_login(world.users.admin)
    url = reverse("support:local_plan_detail", args=[lp.own.pk])
    client.get(url)
    with django_assert_num_queries(LOCAL_PLAN_DETAIL_QUERIES):
        page = client.get(url).content.decode()
    assert "Vores læringsmiljø" in page and "Praksisnær understøttelse" in page
    assert "Historik" in page and "Oprettet af" in page
    assert "Redigér" not in page


def test_the_edit_form_saves_sections(client, world, lp):
    client.force_login(world.users.leader)
    url = reverse("support:local_plan_edit", args=[lp.own.pk])
    response = client.post(
        url,
        {
            "heading_1": "Vores læringsmiljø",
            "text_1": "Ændret tekst",
            "heading_3": "Nyt afsnit",
            "text_3": "Tekst",
            "initiatives": [lp.plan_initiative.pk],
            "progression_goals": "Mål",
            "support_needs": "",
        },
    )
    assert response.status_code == 302
    assert sections(lp.own) == [("Vores læringsmiljø", "Ændret tekst"), ("Nyt afsnit", "Tekst")]


def test_another_municipalitys_plan_is_404_for_the_leader(client, world, lp):
    client.force_login(world.users.leader)
    for name in ("local_plan_detail", "local_plan_edit"):
        response = client.get(reverse(f"support:{name}", args=[lp.h_plan.pk]))
        assert response.status_code == 404
