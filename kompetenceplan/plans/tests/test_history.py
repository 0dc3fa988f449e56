"""History pages read like a person would say it (issue 6, item 7)."""

from django.urls import reverse

from kompetenceplan.organisation.models import JobRole
from kompetenceplan.plans.services import initiative_update
from kompetenceplan.testing.history import history_rows


def test_initiative_history_shows_labels_and_names_not_codes(client, world, ishoj_plans):
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    initiative = plan.initiatives.get(number="2.1")
    area = plan.focus_areas.get(number="1")
    roles = list(JobRole.objects.order_by("name")[:2])
    before_roles = ", ".join(r.name for r in initiative.target_roles.all())
    client.force_login(world.users.admin)
    url = reverse("plans:initiative_detail", args=[initiative.pk])
    html = client.get(url).content.decode()
    # The creation by the plan loader is one line, not every field with its code.
    rows = history_rows(html)
    assert rows[0] == ["Tidspunkt", "Hvem", "Hvad", "Handling", "Ændringer"]
    # Its children come too: the plan loader's allocation to the initiative.
    assert [r[2] for r in rows[1:]] == [
        "Bevilling: 2.1: Statsligt tilskud til kompetenceudvikling (UVM-midler)",
        "Indsats",
    ]
    assert rows[2][1:] == [
        "System",
        "Indsats",
        "Importeret – Fra planens datafil",
        "Importeret af System",
    ]
    for code in ("ongoing", "sort key", "True", "plan</strong>"):
        assert code not in html[html.index('id="historik"') :]

    initiative_update(
        actor=world.users.consultant,
        initiative=initiative,
        data={
            "status": "completed",
            "time_undetermined": False,
            "focus_area": area,
            "target_roles": roles,
            "number": "2.10",
            "responsible_user": world.users.consultant,
        },
    )
    rows = history_rows(client.get(url).content.decode())
    assert len(rows) == 4
    assert rows[1][1:4] == ["consultant", "Indsats", "Ændret"]
    assert rows[1][4].split(" | ") == [
        "Nummer: 2.1 → 2.10",
        f"Indsatsområde: {plan.focus_areas.get(number='2')} → {area}",
        "Tidsforbrug ikke fastlagt: Ja → Nej",
        "Status: I gang → Afsluttet",
        "Ansvarlig konsulent: – → consultant",
        f"Stillinger i målgruppen: {before_roles} → {roles[0].name}, {roles[1].name}",
    ]


def test_history_names_cost_one_query_per_related_model(client, world, ishoj_plans):
    """More changes to the same kinds of field add no queries to the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = ishoj_plans["ishoj-skole-2024-2026"]
    initiative = plan.initiatives.get(number="2.1")
    areas = list(plan.focus_areas.all())
    roles = list(JobRole.objects.order_by("name"))
    users = [world.users.consultant, world.users.admin]
    client.force_login(world.users.admin)
    url = reverse("plans:initiative_detail", args=[initiative.pk])

    def change(i):
        initiative_update(
            actor=users[i % 2],
            initiative=initiative,
            data={
                "focus_area": areas[i % len(areas)],
                "target_roles": roles[i : i + 2],
                "responsible_user": users[i % 2],
                "status": ["completed", "ongoing"][i % 2],
            },
        )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    change(0)
    one = queries()
    for i in range(1, 6):
        change(i)
    assert queries() == one
    rows = history_rows(client.get(url).content.decode())
    assert len(rows) == 1 + 6 + 2  # header, six changes, the import, its allocation


def test_plan_history_of_a_loaded_plan_lists_its_initiatives_and_their_allocations(
    client, world, ishoj_plans
):
    """The loader names each row's parent (initiatives, focus areas, sections
    and principles: the plan; allocations: their initiative), so the plan's
    history (depth 2) shows what the load created under it."""
    plan = ishoj_plans["ishoj-skole-2024-2026"]
    client.force_login(world.users.admin)
    html = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    rows = [row[1:] for row in history_rows(html)[1:]]
    subjects = [row[1] for row in rows]
    assert len(rows) == 1 + 7 + 4 + 2 + 14 + 19 + 14  # + the 14 networks
    assert rows[-1] == [
        "System",
        "Plan",
        "Importeret – Indlæst fra planens datafil ishoj-skole-2024-2026",
        "Importeret af System",
    ]
    assert [s for s in subjects if s.startswith("Indsats: ")] == [
        f"Indsats: {i}" for i in plan.initiatives.order_by("-sort_key")
    ]
    assert rows[subjects.index("Indsats: 1.3 Læringsdag 2025")] == [
        "System",
        "Indsats: 1.3 Læringsdag 2025",
        "Importeret – Fra planens datafil",
        "Importeret af System",
    ]
    allocations = [s for s in subjects if s.startswith("Bevilling: ")]
    assert len(allocations) == 19
    assert allocations[-4:] == [
        "Bevilling: 1.2: Flere hænder i PPR",
        "Bevilling: 1.2: Center for Dagtilbud og Uddannelses udviklingspulje",
        "Bevilling: 1.2: Investeringsprojektet i Budget 2024 (Stærke Fællesskaber)",
        "Bevilling: 1.1: Inden for eksisterende ressourcer",
    ]
    assert [
        "System",
        "Bevilling: 1.5: Flere hænder i PPR",
        "Oprettet",
        "Oprettet af System",
    ] in rows
    assert subjects.count("Afsnit: Økonomi") == 1
    assert [s for s in subjects if s.startswith("Indsatsområde: ")] == [
        "Indsatsområde: 2. Høj faglig kvalitet i skolen",
        "Indsatsområde: 1. Stærke Fællesskaber",
    ]


def test_coded_lists_read_as_their_labels(client, world, ishoj_plans):
    """Institution kinds and sectors are stored as lists of codes; the
    history shows their Danish labels."""
    from kompetenceplan.plans.services import plan_load
    from kompetenceplan.testing.plans import plan_data

    plan = ishoj_plans["ishoj-skole-2024-2026"]
    initiative = plan.initiatives.get(number="2.1")
    initiative_update(
        actor=world.users.admin,
        initiative=initiative,
        data={"target_institution_kinds": ["skole", "sfo", "dagtilbud"]},
    )
    client.force_login(world.users.admin)
    url = reverse("plans:initiative_detail", args=[initiative.pk])
    rows = history_rows(client.get(url).content.decode())
    assert rows[1][1:] == [
        "admin",
        "Indsats",
        "Ændret",
        "Institutionstyper i målgruppen: Skole → Skole, SFO, Dagtilbud",
    ]

    data = plan_data("ishoj-skole-2024-2026")
    data["sectors"] = ["school", "cross"]
    plan_load(actor=world.users.admin, data=data)
    html = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    # The reload also puts 2.1's kinds back as the file has them.
    assert [row[1:] for row in history_rows(html)[1:3]] == [
        [
            "admin",
            "Indsats: 2.1 Sproglig udvikling i fagene",
            "Importeret – Fra planens datafil",
            "Institutionstyper i målgruppen: Skole, SFO, Dagtilbud → Skole",
        ],
        [
            "admin",
            "Plan",
            "Importeret – Indlæst fra planens datafil ishoj-skole-2024-2026",
            "Områder: Skole → Skole, Tværgående",
        ],
    ]
