"""Extension points: what the domain apps contribute to core, without core
importing them.

Core sits at the bottom of the layers (see docs/adr/0006-layers-and-registries.md)
and may not import a domain app. Each app instead registers what it brings in
its ``AppConfig.ready()`` (by convention through a ``registration.py`` module),
and core discovers it here:

- :data:`navigation`: side-navigation entries (shown when ``can(user, model, action)``),
  each in one of the :data:`navigation_groups` (the labelled sections of the
  side navigation; core registers the standard ones below, ADR 0015);
- :data:`front_page_panels`: sections of the front page (template + context function);
- :data:`demo_loaders`: the steps of ``manage.py load_demo``, run in order;
- :data:`municipality_setup`: hooks run when a municipality is created or renamed;
- :data:`personal_data`: the models whose rows are personal data, and the
  person each row is about: every page, list, export or panel showing one is
  logged in the read log (:mod:`kompetenceplan.core.readlog`, ADR 0012);
- :data:`object_panels`: panels on another app's object page (NetBox's
  ``PluginTemplateExtension``): a higher app shows its part of a lower app's
  object (funding's economy on an initiative) without the lower app knowing it.
  Templates render them with ``{% object_panels obj "slot" %}`` (``kp`` tags).

An :class:`ExtensionPoint` keeps its items in ``order`` (then registration
order); registering an item under a name that is already there replaces it, so
a ``ready()`` that runs twice changes nothing. Apps may declare their own
extension points with the same class (``plans/extensions.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.apps import AppConfig
from django.db import models
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Municipality

Label = str | Promise  # a (lazily) translated text


class Extension(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=Extension)


class ExtensionPoint(Generic[T]):
    """A named, ordered collection of contributions of one kind."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        self._items[item.name] = item
        return item

    def unregister(self, name: str) -> None:
        self._items.pop(name, None)

    def __iter__(self) -> Iterator[T]:
        ordered = sorted(enumerate(self._items.values()), key=lambda pair: (pair[1].order, pair[0]))
        return iter([item for _index, item in ordered])

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {', '.join(self._items)}>"


# --- navigation ----------------------------------------------------------------------


@dataclass(frozen=True)
class NavGroup:
    """A labelled section of the side navigation. The page's section is open;
    a section with no entry the user may see is left out (ADR 0015)."""

    name: str
    label: Label
    order: int


@dataclass(frozen=True)
class NavEntry:
    """One link in the side navigation. ``name`` is the nav key views set as
    ``nav_active``; ``group`` names the :class:`NavGroup` it stands in; the
    entry shows when the user ``can(model, action)`` (always, for a signed-in
    user, when ``model`` is None)."""

    name: str
    label: Label
    url_name: str
    order: int
    group: str
    model: type[models.Model] | None = None
    action: str = "view"


# --- front page ----------------------------------------------------------------------

PanelContext = Callable[[HttpRequest], "dict[str, Any] | None"]


@dataclass(frozen=True)
class FrontPagePanel:
    """A section of the front page: ``context(request)`` returns the template's
    context, or None to leave the panel out for this user."""

    name: str
    template: str
    context: PanelContext
    order: int


# --- object panels -------------------------------------------------------------------

ObjectPanelContext = Callable[[HttpRequest, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class ObjectPanel:
    """A panel a (higher) app adds to another app's object page. ``slot`` names
    the place in the page (e.g. ``"actions"`` or ``"economy"``);
    ``context(request, obj)`` returns the template's context, or None to hide it."""

    name: str
    model: type[models.Model]
    slot: str
    template: str
    context: ObjectPanelContext
    order: int


def panels_for(obj: models.Model, slot: str) -> list[ObjectPanel]:
    """The panels registered for ``obj``'s model in ``slot``, in order."""
    model = type(obj)._meta.concrete_model
    return [p for p in object_panels if p.model is model and p.slot == slot]


# --- personal data ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalData:
    """Rows of ``model`` are personal data about the ``subject`` model's row
    named by ``subject_field`` (``"pk"`` for the person itself, ``"person_id"``
    for an employment). The read log records the subject."""

    name: str
    model: type[models.Model]
    subject: type[models.Model]
    subject_field: str
    order: int


def personal_data_for(model: type[models.Model]) -> PersonalData | None:
    """What ``model`` is personal data about, or None."""
    concrete = model._meta.concrete_model
    for item in personal_data:
        if item.model is concrete:
            return item
    return None


# --- demo data -----------------------------------------------------------------------


@dataclass
class DemoRun:
    """What the demo loaders share while ``load_demo`` runs: the output, the
    municipalities by code (filled by organisation) and the demo logins
    (username, role, description) with their common password."""

    stdout: Any = None
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    password: str = ""

    def write(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line)


@dataclass(frozen=True)
class DemoLoader:
    """One step of ``load_demo``; ``order`` follows the layers (an app's data
    may use what lower apps loaded). Loading twice must change nothing."""

    name: str
    load: Callable[[DemoRun], None]
    order: int


# --- municipalities ------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalitySetup:
    """Run (inside the transaction) whenever ``municipality_create`` creates or
    renames a municipality, e.g. to ensure the shared reference data."""

    name: str
    run: Callable[[Municipality], None]
    order: int


navigation: ExtensionPoint[NavEntry] = ExtensionPoint("navigation")
navigation_groups: ExtensionPoint[NavGroup] = ExtensionPoint("navigation_groups")
front_page_panels: ExtensionPoint[FrontPagePanel] = ExtensionPoint("front_page_panels")
object_panels: ExtensionPoint[ObjectPanel] = ExtensionPoint("object_panels")
personal_data: ExtensionPoint[PersonalData] = ExtensionPoint("personal_data")
demo_loaders: ExtensionPoint[DemoLoader] = ExtensionPoint("demo_loaders")
municipality_setup: ExtensionPoint[MunicipalitySetup] = ExtensionPoint("municipality_setup")

#: The sections of the side navigation, in the words a municipal user knows
#: (ADR 0015). An app puts each entry in one of them by name
#: (``navigation=[(..., "plan", Plan)]``); an app may register its own group.
for _group in (
    NavGroup("overview", _("Overblik"), 100),
    NavGroup("plan", _("Planen"), 200),
    NavGroup("courses", _("Forløb og kalender"), 300),
    NavGroup("economy", _("Økonomi"), 400),
    NavGroup("people", _("Mennesker og kompetencer"), 500),
    NavGroup("followup", _("Opfølgning"), 600),
    NavGroup("administration", _("Administration"), 700),
):
    navigation_groups.register(_group)


# --- discovery -----------------------------------------------------------------------


class DomainAppConfig(AppConfig):
    """The base of every domain app's config: ``ready()`` discovers what the app
    contributes, the way Django's ``autodiscover`` finds ``admin.py``.

    Each module named in :attr:`discover` is imported when the app has one
    (``permissions`` registers the app's permission scopes by being imported);
    where the module has a ``register()``, it is called (``registration`` adds
    the app's navigation entries, panels and demo loaders to this registry).

    Subclass it through the module (``class XConfig(registry.DomainAppConfig)``):
    Django picks an app's config only when ``apps.py`` holds a single
    ``AppConfig`` subclass.
    """

    discover: tuple[str, ...] = ("permissions", "registration")

    def ready(self) -> None:
        for module_name in self.discover:
            path = f"{self.name}.{module_name}"
            if find_spec(path) is None:
                continue
            register = getattr(import_module(path), "register", None)
            if callable(register):
                register()


# --- registering from data tables ---------------------------------------------------

_POINTS: dict[str, tuple[ExtensionPoint[Any], Callable[..., Any]]] = {
    "navigation": (navigation, NavEntry),
    "navigation_groups": (navigation_groups, NavGroup),
    "front_page_panels": (front_page_panels, FrontPagePanel),
    "object_panels": (object_panels, ObjectPanel),
    "personal_data": (personal_data, PersonalData),
    "demo_loaders": (demo_loaders, DemoLoader),
    "municipality_setup": (municipality_setup, MunicipalitySetup),
}


def contribute(**tables: Iterable[Sequence[Any]]) -> None:
    """Register an app's contributions declared as data tables: each keyword
    names an extension point, each row holds the positional fields of its item
    (``navigation=[("people", _("Medarbejdere"), "organisation:person_list",
    315, "people", Person)]`` registers ``NavEntry("people", ..., 315, "people",
    Person)``)."""
    for point_name, rows in tables.items():
        point, item = _POINTS[point_name]
        for row in rows:
            point.register(item(*row))
