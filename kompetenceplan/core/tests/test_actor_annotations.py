"""Every ``actor`` parameter is typed ``Actor`` and every selector's ``user``
parameter ``ActingUser`` (ADR 0010), so mypy checks what views, commands and
loaders pass to the services.

The modules are found, not listed: every module of the project except tests
and migrations, so a new app's services are covered the day they are written.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import kompetenceplan
from kompetenceplan.core.types import ActingUser, Actor

SKIPPED_PARTS = {"tests", "migrations", "testing"}
# Where ``actor`` is the display name of who made a change (a string), not
# the acting user of a write.
DISPLAY_MODULES = {"kompetenceplan.core.history"}


def _project_modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(kompetenceplan.__path__, prefix="kompetenceplan."):
        if SKIPPED_PARTS & set(info.name.split(".")):
            continue
        yield importlib.import_module(info.name)


def _functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Functions defined in ``module`` (not imported into it), methods included."""
    for name, obj in vars(module).items():
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            yield name, obj
        elif inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr, member in vars(obj).items():
                func = getattr(member, "__func__", member)
                if inspect.isfunction(func):
                    yield f"{name}.{attr}", func


def _annotation(func: Callable[..., Any], parameter: str) -> object:
    """The parameter's annotation, resolved in the function's module (the
    modules use ``from __future__ import annotations``, so it may be a string)."""
    annotation = inspect.signature(func).parameters[parameter].annotation
    if isinstance(annotation, str):
        return eval(annotation, func.__globals__)  # noqa: S307 - our own source
    return annotation


def _with_parameter(parameter: str, *, module_suffix: str = "") -> list[tuple[str, Any]]:
    found = []
    for module in _project_modules():
        if module.__name__ in DISPLAY_MODULES:
            continue
        if module_suffix and module_suffix not in module.__name__.split("."):
            continue
        for name, func in _functions(module):
            if parameter in inspect.signature(func).parameters:
                found.append((f"{module.__name__}.{name}", func))
    return found


def test_every_actor_parameter_is_typed_actor():
    found = _with_parameter("actor")
    # Guard against a vacuous pass: the services and the change log are found.
    names = {name for name, _func in found}
    assert "kompetenceplan.core.changelog.log_change" in names
    assert "kompetenceplan.core.changelog.delete_logged" in names
    assert len([n for n in names if ".services." in n or n.endswith(".services")]) >= 25
    wrong = [name for name, func in found if _annotation(func, "actor") != Actor]
    assert wrong == [], f"actor parameters not annotated `actor: Actor`: {wrong}"


def test_every_public_service_with_an_actor_says_actor():
    """The issue's wording: public functions of the services modules."""
    services = [
        (name, func)
        for name, func in _with_parameter("actor", module_suffix="services")
        if not name.rsplit(".", 1)[-1].startswith("_")
    ]
    assert len(services) >= 25
    wrong = [name for name, func in services if _annotation(func, "actor") != Actor]
    assert wrong == []


def test_every_selector_user_parameter_is_typed_acting_user():
    """``ActingUser`` (``request.user`` as it is), or ``accounts.User`` where the
    selector reads the role and is only called for a logged-in user."""
    from kompetenceplan.accounts.models import User

    found = _with_parameter("user", module_suffix="selectors")
    assert len(found) >= 10
    wrong = [
        name
        for name, func in found
        if _annotation(func, "user") not in (ActingUser, ActingUser | None, User)
    ]
    assert wrong == [], f"selector user parameters not annotated ActingUser or User: {wrong}"
