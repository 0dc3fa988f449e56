"""The competence records' error codes: each refusal's Danish message and the
form field it belongs to (see :mod:`kompetenceplan.core.errors`). The import
(``competences.imports``) reports the same messages with row numbers."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.errors import ErrorCode


class CompetenceError(ErrorCode):
    OTHER_MUNICIPALITY = (_("Medarbejderen hører til en anden kommune."), None)
    SUBJECT_TAKEN = (
        _("%(person)s har allerede en kompetence i %(subject)s. Ret den i stedet."),
        "subject",
    )
    LEVEL = (_("Vælg undervisningskompetence eller tilsvarende kompetence."), "level")
    FORMAL_BASIS = (
        _("Undervisningskompetence har altid læreruddannelsen som grundlag."),
        "basis",
    )
    ASSESSED_BASIS = (
        _(
            "Tilsvarende kompetence kræver et andet grundlag end uddannelsen: "
            "KiU-forløb, diplommodul, kompetencemålsprøve, længerevarende kursus eller erfaring."
        ),
        "basis",
    )
    BASIS = (_("Grundlaget er ukendt."), "basis")
    ASSESSED_DATE = (_("Angiv datoen for vurderingen."), "assessed_on")
    ASSESSED_FUTURE = (_("Vurderingen kan ikke dateres efter i dag."), "assessed_on")
    ASSESSOR = (_("Angiv hvem der har vurderet kompetencen."), "assessed_by_name")
    FORMAL_ADMIN_ONLY = (
        _(
            "Kun administratorer kan registrere og ændre undervisningskompetence "
            "(fra læreruddannelsen). Ledere vurderer tilsvarende kompetence."
        ),
        "level",
    )
    # Qualifications
    KIND = (_("Kvalifikationen er ukendt."), "kind")
    KIU_SUBJECT = (_("Et KiU-forløb skal have et fag."), "subject")
    SUBJECT_ONLY_KIU = (_("Kun et KiU-forløb har et fag."), "subject")
    OBTAINED_FUTURE = (_("Datoen kan ikke ligge efter i dag."), "obtained_on")
    NOT_AWAITING = (
        _("Kvalifikationen afventer ikke vurdering (ikke et KiU-forløb i et fag)."),
        None,
    )
