"""System checks of what the apps registered with core's registry."""

from django.core.checks import Error, register

from . import registry


@register()
def navigation_groups_check(app_configs=None, **kwargs) -> list[Error]:
    """Every navigation entry names a registered group: an entry in an unknown
    group would never be shown (ADR 0015)."""
    return [
        Error(
            f"Navigation entry {entry.name!r} names the unknown group {entry.group!r}.",
            hint="Use a group of registry.navigation_groups or register the group.",
            id="core.E001",
        )
        for entry in registry.navigation
        if entry.group not in registry.navigation_groups
    ]
