"""What organisation contributes to core (called from OrganisationConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kompetenceplan.core import registry
from kompetenceplan.core.choices import ReadKind
from kompetenceplan.core.readlog import note_read

from .models import Employment, Institution, Person


def _summary(request) -> dict:
    """The front-page numbers, computed once per request for all three panels."""
    summary = getattr(request, "_kp_home_summary", None)
    if summary is None:
        from .selectors import home_summary

        summary = home_summary(user=request.user)
        request._kp_home_summary = summary
    return summary


def _summary_context(request) -> dict:
    return {"summary": _summary(request)}


def _new_hires_context(request) -> dict | None:
    summary = _summary(request)
    if not summary.get("new_hires"):
        return None
    note_read(request, summary["new_hires"], label=NEW_HIRES_LABEL, kind=ReadKind.PANEL)
    return {"summary": summary}


def _own_context(request) -> dict | None:
    summary = _summary(request)
    if not summary["own_institutions"] and not summary["own_person"]:
        return None
    return {"summary": summary}


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    run.municipalities.update(demo.load(stdout=run.stdout))


def _load_demo_users(run: registry.DemoRun) -> None:
    from . import demo_users

    run.logins.extend(demo_users.load(run.municipalities))
    run.password = demo_users.DEMO_PASSWORD


def _reference_data(municipality) -> None:
    from .reference import reference_data_ensure

    reference_data_ensure(municipality)


#: The new-employees panel in the read log.
NEW_HIRES_LABEL = gettext_noop("Forside: Nye medarbejdere")

#: (name, model, subject model, subject field, order): the personal data whose
#: reads are logged (core.readlog): a person, and an employment (about its person).
PERSONAL_DATA = (
    ("organisation.person", Person, Person, "pk", 100),
    ("organisation.employment", Employment, Person, "person_id", 110),
)

#: (name, label, URL name, order, group, model[, action]) of each side-navigation entry.
NAVIGATION = (
    (
        "institutions",
        _("Institutioner"),
        "organisation:institution_list",
        310,
        "people",
        Institution,
    ),
    ("people", _("Medarbejdere"), "organisation:person_list", 315, "people", Person),
    ("import", _("Import"), "organisation:import_people", 600, "administration", Person, "import"),
)

#: (name, template, context, order) of each front-page panel.
PANELS = (
    ("organisation.summary", "organisation/panels/summary.html", _summary_context, 100),
    ("organisation.new_hires", "organisation/panels/new_hires.html", _new_hires_context, 300),
    ("organisation.own", "organisation/panels/own.html", _own_context, 500),
)


def register() -> None:
    registry.contribute(
        navigation=NAVIGATION,
        front_page_panels=PANELS,
        personal_data=PERSONAL_DATA,
        demo_loaders=[
            ("organisation", _load_demo, 300),
            ("organisation.users", _load_demo_users, 310),
        ],
        municipality_setup=[("organisation.reference_data", _reference_data, 100)],
    )
