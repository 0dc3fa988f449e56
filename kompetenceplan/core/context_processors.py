"""What the page shell (header, side navigation) needs on every page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can


def _nav_items(user):
    from kompetenceplan.funding.models import FundingSource
    from kompetenceplan.organisation.models import Institution, Person
    from kompetenceplan.plans.models import Initiative, Plan

    items = [(_("Forside"), reverse("core:home"), "home")]
    if can(user, Plan, "view"):
        items.append((_("Planer"), reverse("plans:plan_list"), "plans"))
    if can(user, Initiative, "view"):
        items.append((_("Kompetencekatalog"), reverse("plans:catalogue"), "catalogue"))
    if can(user, FundingSource, "view"):
        items.append((_("Budget"), reverse("funding:overview"), "budget"))
    if can(user, Institution, "view"):
        items.append((_("Institutioner"), reverse("organisation:institution_list"), "institutions"))
    if can(user, Person, "view"):
        items.append((_("Medarbejdere"), reverse("organisation:person_list"), "people"))
    if can(user, Person, "import"):
        items.append((_("Import"), reverse("organisation:import_people"), "import"))
    return items


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": _nav_items(user),
        "current_municipality": getattr(user, "municipality", None),
    }
