"""Change-log entries as a person reads them.

Turns stored snapshots (field name -> JSON value, foreign keys and
many-to-many as ids) into display rows: the field's verbose name, choice
labels instead of codes (also for lists of codes, see
:func:`register_list_choices`), names of related objects instead of ids, Ja/Nej,
dates and money in Danish, internal fields (not editable: sort keys, digests)
left out, and a creation, deletion or read as one line instead of every field.

Rules:
- An entry with both ``before`` and ``after`` shows the fields that differ.
- An entry without ``before`` (created, imported new) or without ``after``
  (deleted) shows one line: "Oprettet af X".
- Ids are resolved with one query per related model for the whole page (only
  for the fields that are shown); a related object that no longer exists
  reads "slettet".
- Names pass the permission gate: given the reader (``user``), an object of a
  gated model outside the reader's scope reads "ikke synlig for dig" (one more
  query per gated model shown), so a history never names a team or a person
  the reader would get 404 for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import ChangeAction
from .models import ChangeLogEntry
from .permissions import Action, has_scope, restrict
from .types import ActingUser

EMPTY = "–"
# Characters of a long text shown in a history cell (see shorten()).
LONG_TEXT = 160
# Never shown, whatever the model says.
HIDDEN_FIELDS = frozenset({"id", "municipality"})

# Labels of the codes stored in list fields (a JSON list of choice values, such
# as a plan's sectors), keyed by (model label, field name). The app that owns
# the model registers them (``register_list_choices`` in its registration), as
# core knows no domain app.
_LIST_CHOICES: dict[tuple[str, str], dict[Any, Any]] = {}


def register_list_choices(
    model: type[models.Model], field_name: str, choices: Iterable[tuple[Any, Any]]
) -> None:
    """Show the codes that ``model.field_name`` stores as a list by their
    labels in history rows (``choices`` as for a field: ``Sector.choices``).
    A field with ``choices`` of its own (or an ``ArrayField`` whose
    ``base_field`` has them) needs no registration."""
    _LIST_CHOICES[(model._meta.label_lower, field_name)] = dict(choices)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    entry: ChangeLogEntry
    actor: str
    subject: str  # what changed: "Indsats: 1.3 Ny"; the page's own object: its type
    action: str  # "Oprettet", "Ændret – note"
    summary: str  # one line for entries without field changes: "Oprettet af admin"
    changes: list[Change] = field(default_factory=list)

    @property
    def created_at(self) -> dt.datetime:
        return self.entry.created_at


KeyFields = dict[type[models.Model], list[str]]


def history_rows(
    entries: Iterable[ChangeLogEntry],
    *,
    obj: models.Model | None = None,
    key_fields: KeyFields | None = None,
    user: ActingUser | None = None,
) -> list[HistoryRow]:
    """Display rows for ``entries`` (with ``actor`` and ``content_type``
    selected). ``obj`` is the page's object: its own entries are named by
    their type alone. ``key_fields`` names, per model, the few fields a
    creation's or deletion's one line states (an allocation's year and
    amount). One query per related model whose ids are shown. With ``user``,
    names of objects outside the user's scope are hidden (see the module)."""
    entries = list(entries)
    key_fields = key_fields or {}
    own = (type(obj)._meta.concrete_model, str(obj.pk)) if obj is not None else None
    page_name = str(obj) if obj is not None else ""
    plans: list[tuple[ChangeLogEntry, type[models.Model] | None, list[str], list[str]]] = []
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        names = _changed_fields(entry, model)
        keys = _key_fields(entry, model, key_fields) if not names else []
        plans.append((entry, model, names, keys))
        if model is None:
            continue
        for name in names + keys:
            target = _target(model, name)
            if target is not None:
                for snapshot in (entry.before or {}, entry.after or {}):
                    wanted[target].update(_ids(snapshot.get(name)))
    names_by_model = {target: _names(target, ids, user) for target, ids in wanted.items() if ids}
    rows = []
    for entry, model, changed, keys in plans:
        actor = str(entry.actor) if entry.actor_id else _("System")
        action = entry.get_action_display()
        if entry.note:
            action = f"{action} – {entry.note}"
        is_own = (
            own is not None
            and model is not None
            and own
            == (
                model._meta.concrete_model,
                entry.object_id,
            )
        )
        rows.append(
            HistoryRow(
                entry=entry,
                actor=actor,
                subject=_subject(entry, model, is_own, page_name),
                action=action,
                summary=_summary(entry, actor, changed)
                + _key_values(entry, model, keys, names_by_model),
                changes=[
                    Change(
                        label=_label(model, name),
                        before=_text(model, name, (entry.before or {}).get(name), names_by_model),
                        after=_text(model, name, (entry.after or {}).get(name), names_by_model),
                    )
                    for name in changed
                ]
                if model is not None
                else [],
            )
        )
    return rows


def _changed_fields(entry: ChangeLogEntry, model: type[models.Model] | None) -> list[str]:
    """The shown fields whose value differs, in the model's field order."""
    if entry.before is None or entry.after is None or model is None:
        return []
    before, after = entry.before, entry.after
    result = []
    for f in _fields(model):
        if f.name in before or f.name in after:
            if _empty(before.get(f.name)) and _empty(after.get(f.name)):
                continue
            if before.get(f.name) != after.get(f.name):
                result.append(f.name)
    return result


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    opts = model._meta
    return [
        f
        for f in [*opts.concrete_fields, *opts.many_to_many]
        if f.editable and f.name not in HIDDEN_FIELDS and not f.primary_key
    ]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _summary(entry: ChangeLogEntry, actor: str, changed: list[str]) -> str:
    if changed:
        return ""
    words = {
        ChangeAction.CREATE: _("Oprettet af %(actor)s"),
        ChangeAction.UPDATE: _("Ændret af %(actor)s"),
        ChangeAction.DELETE: _("Slettet af %(actor)s"),
        ChangeAction.VIEW: _("Set af %(actor)s"),
        ChangeAction.IMPORT: _("Importeret af %(actor)s"),
        ChangeAction.EXPORT: _("Eksporteret af %(actor)s"),
    }
    word = next((str(text) for action, text in words.items() if action == entry.action), None)
    return (word or "%(actor)s") % {"actor": actor}


def _key_fields(
    entry: ChangeLogEntry, model: type[models.Model] | None, key_fields: KeyFields
) -> list[str]:
    values = entry.after if entry.after is not None else entry.before
    if model is None or not values or entry.action == ChangeAction.VIEW:
        return []
    return [name for name in key_fields.get(model, []) if not _empty(values.get(name))]


def _key_values(
    entry: ChangeLogEntry,
    model: type[models.Model] | None,
    keys: list[str],
    names_by_model: dict[type[models.Model], dict[Any, Any]],
) -> str:
    """' – År: 2025, Beløb (kr.): 40.000 kr.' for a creation's one line."""
    if not keys:
        return ""
    values = entry.after if entry.after is not None else entry.before
    if not values:
        return ""
    parts = [
        f"{_label(model, name)}: {_text(model, name, values.get(name), names_by_model)}"
        for name in keys
    ]
    return " – " + ", ".join(parts)


def _subject(
    entry: ChangeLogEntry, model: type[models.Model] | None, is_own: bool, page_name: str
) -> str:
    kind = capfirst(model._meta.verbose_name) if model is not None else ""
    if is_own:
        return str(kind)
    name = entry.object_repr
    for parent in (entry.related_repr, page_name):
        if parent and name.startswith(f"{parent}: "):
            name = name[len(parent) + 2 :]  # "Puljen: 2025" under Puljen: "2025"
            break
    return f"{kind}: {name}" if kind else name


def _label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def _target(model: type[models.Model], name: str) -> type[models.Model] | None:
    f = model._meta.get_field(name)
    if f.is_relation and (f.many_to_one or f.one_to_one or f.many_to_many):
        return f.related_model._meta.concrete_model  # type: ignore[union-attr]
    return None


def _ids(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


# A related object the reader may not see (see _names).
HIDDEN = object()


def _names(model: type[models.Model], ids: set[Any], user: ActingUser | None) -> dict[Any, Any]:
    """{id: name} of one related model, in one query (with the rows its name
    may need); with ``user``, objects of a gated model outside the user's
    scope map to HIDDEN (one more query)."""
    manager = model._default_manager
    names: dict[Any, Any] = {
        obj.pk: str(obj) for obj in manager.filter(pk__in=ids).select_related()
    }
    if user is not None and names and has_scope(model):
        visible = set(
            restrict(manager.filter(pk__in=list(names)), user, Action.VIEW).values_list(
                "pk", flat=True
            )
        )
        names = {pk: name if pk in visible else HIDDEN for pk, name in names.items()}
    return names


def _text(
    model: type[models.Model] | None,
    name: str,
    value: Any,
    names_by_model: dict[type[models.Model], dict[Any, Any]],
) -> str:
    if _empty(value):
        return EMPTY
    if model is None:
        return str(value)
    f = model._meta.get_field(name)
    target = _target(model, name)
    if target is not None:
        names = names_by_model.get(target, {})
        found = [names.get(pk, _("slettet")) for pk in _ids(value)]
        shown = sorted((n for n in found if n is not HIDDEN), key=str.casefold)
        hidden = len(found) - len(shown)
        if hidden and not shown and hidden == 1:
            return _("ikke synlig for dig")
        if hidden:
            shown.append(
                ngettext("%(count)d ikke synlig for dig", "%(count)d ikke synlige for dig", hidden)
                % {"count": hidden}
            )
        return ", ".join(shown) or EMPTY
    return format_value(f, value)  # type: ignore[arg-type]


def format_value(f: models.Field[Any, Any], value: Any) -> str:
    """One stored value of field ``f`` in Danish (choices, Ja/Nej, dates, money)."""
    if _empty(value):
        return EMPTY
    if isinstance(value, list):
        item_labels = _list_labels(f)
        if item_labels is not None:
            return ", ".join(str(item_labels.get(item, item)) for item in value)
    if f.choices:
        labels = dict(f.flatchoices)
        return str(labels.get(value, value))
    if isinstance(f, models.BooleanField):
        return _("Ja") if value else _("Nej")
    if isinstance(f, models.DateTimeField):
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "j. F Y H:i")
    if isinstance(f, models.DateField):
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return date_format(day, "j. F Y")
    if isinstance(f, models.DecimalField):
        return _decimal(f, value)
    if isinstance(f, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return shorten(str(value))


def shorten(text: str, limit: int = LONG_TEXT) -> str:
    """A long text (a plan's notes, a background) in one history cell: its
    first ``limit`` characters, cut at a word, then the length of the whole
    ("… (4.812 tegn)"), so a change to it does not fill the page."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return _("%(start)s … (%(length)s tegn)") % {
        "start": cut,
        "length": f"{len(text):,}".replace(",", "."),
    }


def _list_labels(f: models.Field[Any, Any]) -> dict[Any, Any] | None:
    """{code: label} for the items of a list field: the field's own choices,
    its ``base_field``'s (PostgreSQL arrays) or the registered ones."""
    for source in (f, getattr(f, "base_field", None)):
        if source is not None and source.choices:
            return dict(source.flatchoices)
    model = getattr(f, "model", None)
    if model is None:
        return None
    return _LIST_CHOICES.get((model._meta.concrete_model._meta.label_lower, f.name))


def _decimal(f: models.Field[Any, Any], value: Any) -> str:
    from .templatetags.kp import kr

    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if f.name == "amount" or "kr." in str(f.verbose_name):
        return kr(amount)
    if "procent" in str(f.verbose_name) or f.name == "percent":
        return f"{number_format(amount.normalize(), use_l10n=True)} %"
    return number_format(amount.normalize(), use_l10n=True)
