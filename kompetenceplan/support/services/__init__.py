"""Writes of the support app, one module per aggregate (docs/support.md)."""

from .applications import (
    APPLICATION_FIELDS,
    application_approve,
    application_create,
    application_reject,
)
from .local_plans import local_plan_create, local_plan_update
from .requests import (
    REQUEST_FIELDS,
    request_accept,
    request_complete,
    request_create,
    request_decline,
    request_plan,
    request_submit,
    request_update,
)

__all__ = [
    "APPLICATION_FIELDS",
    "REQUEST_FIELDS",
    "application_approve",
    "application_create",
    "application_reject",
    "local_plan_create",
    "local_plan_update",
    "request_accept",
    "request_complete",
    "request_create",
    "request_decline",
    "request_plan",
    "request_submit",
    "request_update",
]
