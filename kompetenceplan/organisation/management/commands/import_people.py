from kompetenceplan.organisation.management.importing import ImportCommand
from kompetenceplan.organisation.services import PEOPLE_COLUMNS, people_import


class Command(ImportCommand):
    help = (
        "Importér medarbejdere "
        "(medarbejdernummer;fornavn;efternavn;email;institutionsnummer;stilling;ansat_fra;ansat_til)"
    )
    columns = PEOPLE_COLUMNS
    service = staticmethod(people_import)
