"""Static checks of core.types.Actor, run by mypy in `make lint` (not by pytest).

Each wrong call carries a ``type: ignore`` for the error mypy must report; with
``warn_unused_ignores`` an ignore that is no longer needed (the type accepts a
value it should refuse) fails the lint.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from kompetenceplan.core.types import Actor, TenantUser

from ..models import User


def _service(*, actor: Actor) -> None:
    """Stands for any service: keyword-only, takes the acting user."""


def _scope(user: TenantUser) -> int | None:
    return user.municipality_id


def actors_accepted(request: HttpRequest, user: User, anonymous: AnonymousUser) -> None:
    _service(actor=request.user)  # a view passes the request's user as it is
    _service(actor=user)
    _service(actor=anonymous)
    _service(actor=None)  # the system: loaders, demo, commands
    _scope(user)


def actors_refused(anonymous: AnonymousUser) -> None:
    _service(actor="admin")  # type: ignore[arg-type]
    _service(actor=1)  # type: ignore[arg-type]
    _scope(anonymous)  # type: ignore[arg-type]
