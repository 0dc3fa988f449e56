"""Tables shared by every app: the read log of an object."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ReadLogEntry


class ReadLogTable(tables.Table):
    """Who was shown an object's data, when, where and how (newest first)."""

    created_at = tables.Column(verbose_name=_("Tidspunkt"))
    actor = tables.Column(verbose_name=_("Hvem"), empty_values=())
    label = tables.Column(verbose_name=_("Hvor"))
    kind = tables.Column(verbose_name=_("Hvordan"))
    subject_count = tables.Column(verbose_name=_("Personer vist"))
    path = tables.Column(verbose_name=_("Adresse"), empty_values=())

    class Meta:
        model = ReadLogEntry
        fields = ["created_at", "actor", "label", "kind", "subject_count", "path"]
        orderable = False
        attrs = {"id": "laeselog"}
        empty_text = _("Ingen har set oplysningerne endnu.")

    def render_created_at(self, value: Any) -> str:
        return formats.date_format(timezone.localtime(value), "j. F Y H:i")

    def render_actor(self, record: ReadLogEntry) -> str:
        return str(record.actor) if record.actor_id else gettext("Ukendt bruger")

    def render_label(self, value: str) -> str:
        return gettext(value)  # stored in Danish, the msgid

    def render_path(self, value: str) -> str:
        return value or "–"
