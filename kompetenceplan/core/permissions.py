"""The one permission gate.

Every list and every object in the application is read through
:func:`restrict`, which narrows a queryset to what a user may see or do, and
every view asks :func:`can` whether the user's role allows an action at all.

Each app registers one *scope* per model in its ``permissions.py``: a function
``(user, action) -> Q | None``. ``None`` means the role may not perform the
action on that model at all (the view answers 403); a ``Q`` narrows the rows
(objects outside it answer 404, so nobody learns that another municipality's
or institution's object exists).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from .choices import Role
from .types import ActingUser, TenantUser

# A scope is called with a logged-in, active user of a municipality (accounts.User,
# which core may not name), so it may read the role.
Scope = Callable[[Any, str], Q | None]
_SCOPES: dict[type[models.Model], Scope] = {}
M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    IMPORT = "import"
    EXPORT = "export"
    #: See who has read an object (the read log of a person).
    AUDIT = "audit"


def register_scope(model: type[models.Model]) -> Callable[[Scope], Scope]:
    def decorator(func: Scope) -> Scope:
        _SCOPES[model] = func
        return func

    return decorator


def has_scope(model: type[models.Model]) -> bool:
    """Does the gate know ``model`` (are its rows behind a scope)?"""
    return model in _SCOPES


def _scope_q(user: ActingUser, model: type[models.Model], action: str) -> Q | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(user, "municipality_id", None) is None:
        return None
    try:
        scope = _SCOPES[model]
    except KeyError:  # pragma: no cover - a programming error, caught by tests
        raise LookupError(f"No permission scope registered for {model.__name__}") from None
    return scope(user, str(action))


def can(user: ActingUser, model: type[models.Model], action: str) -> bool:
    """May the user's role perform ``action`` on ``model`` at all?"""
    return _scope_q(user, model, action) is not None


def restrict(queryset: QuerySet[M], user: ActingUser, action: str = Action.VIEW) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows ``user`` may perform ``action`` on."""
    q = _scope_q(user, queryset.model, action)
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def get_restricted_or_404(
    queryset: QuerySet[M], user: ActingUser, action: str = Action.VIEW, **lookup: Any
) -> M:
    """One object through the gate; 404 for anything outside the user's scope."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    except ObjectDoesNotExist:  # the model's DoesNotExist
        raise Http404 from None


def has_object_permission(user: ActingUser, obj: models.Model, action: str) -> bool:
    """Is this object inside the user's scope for ``action``? (templates, buttons)"""
    q = _scope_q(user, type(obj), action)
    if q is None:
        return False
    return type(obj)._default_manager.filter(Q(pk=obj.pk) & q).exists()


def municipality_q(user: TenantUser, field: str = "municipality") -> Q:
    """Rows of the user's own municipality."""
    return Q(**{f"{field}_id": user.municipality_id})


def shared_data_scope(user: Any, action: str) -> Q | None:
    """The scope of a municipality's shared data (funding sources, policies):
    everyone in the municipality reads and exports it; administrators change it."""
    if action in (Action.VIEW, Action.EXPORT) or user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    return None
