"""Types shared by every app.

``Actor`` is the type of every ``actor`` parameter of a service (and of
``core.changelog.log_change``): who is doing the write.

- A logged-in user: views pass ``request.user`` as it is.
- ``None``: the system. The plan loader, the demo loader and the management
  commands pass ``actor=None``; the change log records the entry without a user.

``ActingUser`` is the small protocol both ``accounts.User`` and Django's
``AnonymousUser`` satisfy (the type checker sees ``request.user`` as one of the
two): a primary key and whether the user is logged in. The change log stores a
user only when ``is_authenticated`` is true, so an anonymous actor is recorded
like the system. Core declares what it needs instead of importing
``accounts.User``, because core stands below every domain app (import-linter).

A service that needs more of the user than this (its role, its municipality)
reads it from ``accounts.User`` after narrowing, e.g.
``isinstance(actor, User) and actor.role == Role.ADMINISTRATOR``.

``TenantUser`` is what the permission helpers read from a logged-in user: the
municipality it belongs to.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeAlias


class ActingUser(Protocol):
    """A user as services and the permission gate see it: ``accounts.User`` or
    ``AnonymousUser``."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...


Actor: TypeAlias = ActingUser | None
"""The acting user of a service call; ``None`` for the system (loaders, commands)."""


class TenantUser(Protocol):
    """A logged-in user as the permission scopes see it."""

    @property
    def municipality_id(self) -> int | None: ...
