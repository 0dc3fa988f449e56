from kompetenceplan.organisation.management.importing import ImportCommand
from kompetenceplan.organisation.services import INSTITUTION_COLUMNS, institutions_import


class Command(ImportCommand):
    help = "Importér institutioner (institutionsnummer;navn;type;område)"
    columns = INSTITUTION_COLUMNS
    service = staticmethod(institutions_import)
