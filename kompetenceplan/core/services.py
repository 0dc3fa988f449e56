"""Writes to the tenant itself."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from . import registry
from .changelog import log_saved, snapshot
from .models import Municipality
from .types import Actor
from .validators import starts_like_formula


def municipality_create(*, actor: Actor, code: str, name: str) -> tuple[Municipality, bool]:
    """Create a municipality, or rename it if the code exists, and run the
    registered set-up hooks (``registry.municipality_setup``, e.g. organisation's
    reference data). Returns (obj, created)."""
    code = code.strip()
    name = name.strip()
    if not re.fullmatch(r"\d{3}", code):
        raise ValueError(
            _("Kommunekoden skal være tre cifre (fx 183), ikke “%(code)s”.") % {"code": code}
        )
    if not name or starts_like_formula(name):
        raise ValueError(_("Kommunens navn er tomt eller ugyldigt."))
    with transaction.atomic():
        municipality, created = Municipality.objects.select_for_update().get_or_create(
            code=code, defaults={"name": name}
        )
        if created:
            log_saved(actor=actor, obj=municipality, before=None)
        elif municipality.name != name:
            before = snapshot(municipality)
            municipality.name = name
            municipality.save(update_fields=["name"])
            log_saved(actor=actor, obj=municipality, before=before)
        for hook in registry.municipality_setup:
            hook.run(municipality)
    return municipality, created
