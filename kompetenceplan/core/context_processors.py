"""What the page shell (header, side navigation) needs on every page."""

from django.urls import reverse

from . import registry
from .permissions import can


def _nav_items(user) -> list[tuple[str, str, str]]:
    """(label, url, nav key) of the registered entries the user may see."""
    return [
        (entry.label, reverse(entry.url_name), entry.name)
        for entry in registry.navigation
        if entry.model is None or can(user, entry.model, entry.action)
    ]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": _nav_items(user),
        "current_municipality": getattr(user, "municipality", None),
    }
