"""What organisation contributes to core (called from OrganisationConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry

from .models import Institution, Person


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
    return {"summary": summary} if summary.get("new_hires") else None


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

    reference_data_ensure()


def register() -> None:
    for entry in (
        registry.NavEntry(
            name="institutions",
            label=_("Institutioner"),
            url_name="organisation:institution_list",
            model=Institution,
            order=400,
        ),
        registry.NavEntry(
            name="people",
            label=_("Medarbejdere"),
            url_name="organisation:person_list",
            model=Person,
            order=500,
        ),
        registry.NavEntry(
            name="import",
            label=_("Import"),
            url_name="organisation:import_people",
            model=Person,
            action="import",
            order=600,
        ),
    ):
        registry.navigation.register(entry)
    for panel in (
        registry.FrontPagePanel(
            name="organisation.summary",
            template="organisation/panels/summary.html",
            context=_summary_context,
            order=100,
        ),
        registry.FrontPagePanel(
            name="organisation.new_hires",
            template="organisation/panels/new_hires.html",
            context=_new_hires_context,
            order=300,
        ),
        registry.FrontPagePanel(
            name="organisation.own",
            template="organisation/panels/own.html",
            context=_own_context,
            order=500,
        ),
    ):
        registry.front_page_panels.register(panel)
    registry.demo_loaders.register(
        registry.DemoLoader(name="organisation", load=_load_demo, order=300)
    )
    registry.demo_loaders.register(
        registry.DemoLoader(name="organisation.users", load=_load_demo_users, order=310)
    )
    registry.municipality_setup.register(
        registry.MunicipalitySetup(
            name="organisation.reference_data", run=_reference_data, order=100
        )
    )
