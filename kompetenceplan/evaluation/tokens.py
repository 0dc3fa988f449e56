"""A survey link's token: only its hash is stored, the token travels in the
e-mail's answer address (docs/evaluation.md)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse

from .models import SurveyLink


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(link: SurveyLink) -> str:
    """A new unguessable token for the link (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    link.token_hash = token_hash(token)
    return token


def answer_url(token: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse(
        "evaluation:answer", args=[token]
    )


def link_for_token(token: str) -> SurveyLink | None:
    """The link whose token this is (None for an unknown or empty token)."""
    if not token:
        return None
    return (
        SurveyLink.objects.select_related("survey__cohort__initiative", "survey__template")
        .filter(token_hash=token_hash(token))
        .first()
    )
