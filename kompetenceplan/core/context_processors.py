"""What the page shell (header, side navigation) needs on every page."""

from dataclasses import dataclass

from django.urls import reverse

from . import registry
from .permissions import can


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    key: str


@dataclass(frozen=True)
class NavSection:
    """A navigation group with the entries the user may see (never empty)."""

    name: str
    label: str
    links: tuple[NavLink, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(link.key for link in self.links)


def _nav_sections(user) -> list[NavSection]:
    """The registered groups, in order, each with the entries the user may see;
    a group with none is left out (ADR 0015)."""
    visible: dict[str, list[NavLink]] = {}
    for entry in registry.navigation:
        if entry.model is None or can(user, entry.model, entry.action):
            link = NavLink(str(entry.label), reverse(entry.url_name), entry.name)
            visible.setdefault(entry.group, []).append(link)
    return [
        NavSection(group.name, str(group.label), tuple(visible[group.name]))
        for group in registry.navigation_groups
        if group.name in visible
    ]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    return {
        "nav_sections": _nav_sections(user),
        "current_municipality": getattr(user, "municipality", None),
    }
