"""Demo logins, one per role, printed by `manage.py load_demo`.

They live in organisation (not accounts) because they are tied to the demo
organisation's people and institutions; accounts is below organisation."""

from kompetenceplan.accounts.services import user_upsert
from kompetenceplan.core.choices import Role

from .models import Employment, Institution

DEMO_PASSWORD = "demo-kompetence"


def _person(municipality, institution_name: str, role_name: str):
    employment = (
        Employment.objects.filter(
            institution__municipality=municipality,
            institution__name=institution_name,
            job_role__name=role_name,
        )
        .select_related("person")
        .order_by("person__employee_number")
        .first()
    )
    return employment.person if employment else None


def load(municipalities: dict, stdout=None) -> list[tuple[str, str, str]]:
    """Create (or refresh) the demo users. Returns (username, role label, description)."""
    ishoj, horsens, viborg = municipalities["183"], municipalities["615"], municipalities["791"]
    sjaelland = municipalities["998"]
    nordskolen = Institution.objects.get(municipality=sjaelland, name="Nordskolen")
    gildbro = Institution.objects.get(municipality=ishoj, name="Gildbroskolen")
    sfo = Institution.objects.get(municipality=ishoj, name="SFO Gildbro")
    leader = _person(ishoj, "Gildbroskolen", "Skoleleder")
    teacher = _person(ishoj, "Gildbroskolen", "Lærer")
    consultant = _person(ishoj, "Center for Dagtilbud og Uddannelse", "Konsulent")
    coordinator = _person(ishoj, "Strandgårdskolen", "Lærer")
    specs = [
        ("ishoj-admin", ishoj, Role.ADMINISTRATOR, "Administrator, Ishøj", {}),
        (
            "ishoj-konsulent",
            ishoj,
            Role.CONSULTANT,
            "Konsulent, Center for Dagtilbud og Uddannelse",
            {"person": consultant},
        ),
        (
            "ishoj-leder",
            ishoj,
            Role.LEADER,
            "Skoleleder, Gildbroskolen og SFO Gildbro",
            {"person": leader, "institutions": [gildbro, sfo]},
        ),
        ("ishoj-laerer", ishoj, Role.STAFF, "Lærer, Gildbroskolen", {"person": teacher}),
        (
            "ishoj-tovholder",
            ishoj,
            Role.COORDINATOR,
            "Netværkstovholder, Strandgårdskolen",
            {"person": coordinator},
        ),
        ("ishoj-udvalg", ishoj, Role.VIEWER, "Børne- og Undervisningsudvalget (læser)", {}),
        ("horsens-admin", horsens, Role.ADMINISTRATOR, "Administrator, Horsens", {}),
        ("viborg-admin", viborg, Role.ADMINISTRATOR, "Administrator, Viborg", {}),
        (
            "sjaelland-admin",
            sjaelland,
            Role.ADMINISTRATOR,
            "Skolecenterchef, Demo-Sjælland (demokommune, seed 004)",
            {},
        ),
        (
            "sjaelland-leder",
            sjaelland,
            Role.LEADER,
            "Skoleleder, Nordskolen (demokommune, seed 004)",
            {
                "person": _person(sjaelland, "Nordskolen", "Skoleleder"),
                "institutions": [nordskolen],
            },
        ),
    ]
    logins = []
    for username, municipality, role, description, extra in specs:
        person = extra.get("person")
        user_upsert(
            actor=None,
            username=username,
            municipality=municipality,
            role=role,
            password=DEMO_PASSWORD,
            first_name=person.first_name if person else description.split(",")[0],
            last_name=person.last_name if person else "",
            email=f"{username}@demo.kompetenceplan.dk",
            person=person,
            institutions=extra.get("institutions", ()),
        )
        logins.append((username, str(Role(role).label), description))
    return logins
