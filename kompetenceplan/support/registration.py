"""What the support app contributes to core (called from SupportConfig.ready()):
the navigation entries "Henvendelser" and "Vikarpuljen", the change-log
labels, and the demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry

from .models import LocalPlan, ResourceRequest, SubstituteFundApplication

NAVIGATION = (
    (
        "support_requests",
        _("Henvendelser"),
        "support:request_list",
        380,
        "followup",
        ResourceRequest,
    ),
    (
        "support_applications",
        _("Vikarpuljen"),
        "support:application_list",
        385,
        "economy",
        SubstituteFundApplication,
    ),
    (
        "support_local_plans",
        _("Lokale udviklingsplaner"),
        "support:local_plan_list",
        390,
        "plan",
        LocalPlan,
    ),
)


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def register() -> None:
    registry.contribute(navigation=NAVIGATION, demo_loaders=[("support", _load_demo, 870)])
