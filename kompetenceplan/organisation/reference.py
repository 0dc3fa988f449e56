"""Reference vocabulary every installation needs: job roles and resource functions.

Job role names follow the collective agreements and the plans in
shared/seeds; imports match them case-insensitively. Job roles are national
(one shared list); resource functions are each municipality's own, and every
new municipality starts with the common ones below
(docs/adr/0013-reference-data-per-municipality.md).
"""

from django.db import transaction

from kompetenceplan.core.models import Municipality

from .choices import RoleCategory, Sector
from .models import JobRole, ResourceFunction

JOB_ROLES = [
    ("Lærer", RoleCategory.TEACHING, False),
    ("Børnehaveklasseleder", RoleCategory.TEACHING, False),
    ("Pædagog", RoleCategory.PEDAGOGICAL, False),
    ("Pædagogmedhjælper", RoleCategory.ASSISTANT, False),
    ("PAU", RoleCategory.ASSISTANT, False),
    ("Dagplejer", RoleCategory.PEDAGOGICAL, False),
    ("Skoleleder", RoleCategory.LEADERSHIP, True),
    ("Viceskoleleder", RoleCategory.LEADERSHIP, True),
    ("Afdelingsleder", RoleCategory.LEADERSHIP, True),
    ("Dagtilbudsleder", RoleCategory.LEADERSHIP, True),
    ("Pædagogisk leder", RoleCategory.LEADERSHIP, True),
    ("SFO-leder", RoleCategory.LEADERSHIP, True),
    ("SFO-koordinator", RoleCategory.PEDAGOGICAL, False),
    ("Konsulent", RoleCategory.ADMINISTRATION, False),
    ("Psykolog", RoleCategory.ADMINISTRATION, False),
    ("Tale-høre-konsulent", RoleCategory.ADMINISTRATION, False),
]

#: The common functions every municipality starts with (its own copies). A
#: function only some municipalities have (ICDP-træner) is created for them by
#: ``services.resource_functions_ensure`` (the demo does so for its daycares).
RESOURCE_FUNCTIONS = [
    ("Læsevejleder", Sector.SCHOOL),
    ("Matematikvejleder", Sector.SCHOOL),
    ("DSA-vejleder", Sector.SCHOOL),
    ("AKT-vejleder", Sector.SCHOOL),
    ("PLC-vejleder", Sector.SCHOOL),
    ("IT-vejleder", Sector.SCHOOL),
    ("Talentvejleder", Sector.SCHOOL),
    ("Ordblinderessourcelærer", Sector.SCHOOL),
    ("Naturfagsvejleder", Sector.SCHOOL),
    ("Inklusionsvejleder", Sector.SCHOOL),
    ("Sprogpædagog", Sector.DAYCARE),
    # "Ressourceperson": a teacher or pedagogue with a special task (a school's
    # member of a municipal network, a PPR resource) without a named vejleder title.
    ("Ressourceperson", Sector.CROSS),
]


def reference_data_ensure(municipality: Municipality | None = None) -> None:
    """Create missing job roles and, for ``municipality``, its missing common
    resource functions (idempotent)."""
    with transaction.atomic():
        existing_roles = set(JobRole.objects.values_list("name", flat=True))
        JobRole.objects.bulk_create(
            [
                JobRole(name=n, category=c, is_leader=lead)
                for n, c, lead in JOB_ROLES
                if n not in existing_roles
            ]
        )
        if municipality is None:
            return
        existing_functions = set(
            ResourceFunction.objects.filter(municipality=municipality).values_list(
                "name", flat=True
            )
        )
        ResourceFunction.objects.bulk_create(
            [
                ResourceFunction(municipality=municipality, name=n, sector=s)
                for n, s in RESOURCE_FUNCTIONS
                if n not in existing_functions
            ]
        )
