from kompetenceplan.competences.imports import COMPETENCE_COLUMNS, teaching_competences_import
from kompetenceplan.organisation.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Importér undervisningskompetencer "
        "(medarbejdernummer;fag;niveau;grundlag;vurderet_af;dato); docs/competences.md"
    )
    columns = COMPETENCE_COLUMNS
    service = staticmethod(teaching_competences_import)
