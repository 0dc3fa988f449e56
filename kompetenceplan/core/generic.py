"""The generic view layer: every page of a domain app is one of these.

* :class:`GatedMixin` — the role gate: anonymous users go to login, a role
  without ``gate_action`` on ``gate_model`` gets 403. Then the object in the
  URL is loaded through ONE selector ``<thing>_get(*, user, pk, action)``
  (:func:`core.permissions.get_restricted_or_404` behind it), so an object
  outside the user's scope answers 404.
* :class:`ObjectDetailView` — one object, rendered.
* :class:`ObjectFormView` — create or edit: the form only parses; the view
  calls ONE service (:meth:`ObjectFormView.perform`) and puts the service's
  :class:`~django.core.exceptions.ValidationError` on the fields it names.
* :class:`ObjectDeleteView` — a confirm page; POST calls the delete service.
* :class:`FilteredTableView` — a gated, filtered table with CSV/XLSX export.

Reads of personal data are logged here, not in each view (ADR 0012): a detail,
form or delete page whose object is of a model registered in
``registry.personal_data`` notes it, and so does a list of such rows (the rows
of the page shown, or every row exported); other people a page shows are noted
with :meth:`GatedMixin.note_read`. ``read_label`` names the page in the log.

Breadcrumbs, success messages and redirects are declared on the class
(``breadcrumbs``, ``success_message``, ``success_url``), not built by hand.
See ``docs/development/views.md``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_tables2 import RequestConfig

from .choices import ReadKind
from .errors import add_to_form
from .permissions import Action, can
from .readlog import Shown, is_personal_data, note_read
from .tabular import to_csv, to_xlsx

# --- Breadcrumbs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Crumb:
    """One declared breadcrumb.

    ``label``: a text, or a callable ``(view) -> str``; without one, the text is
    ``str()`` of the object found at ``obj``.
    ``obj``: a dotted attribute path on the view (``"object"``,
    ``"object.plan"``); its ``pk`` is the argument of ``url``.
    ``url``: a URL name (reversed with the object's pk, or without arguments),
    a callable ``(view) -> str``, or ``None`` for the current page.
    ``when``: a dotted attribute path; the crumb is left out when it is falsy.
    """

    label: Any = None
    url: str | Callable[[Any], str] | None = None
    obj: str | None = None
    when: str | None = None

    def resolve(self, view) -> tuple[str, str | None] | None:
        if self.when is not None and not _attr(view, self.when):
            return None
        target = _attr(view, self.obj) if self.obj else None
        if callable(self.label):
            label = self.label(view)
        elif self.label is None:
            label = str(target)
        else:
            label = str(self.label)
        if self.url is None:
            url = None
        elif callable(self.url):
            url = self.url(view)
        elif target is not None:
            url = reverse(self.url, args=[target.pk])
        else:
            url = reverse(self.url)
        return (label, url)


def _attr(view, path: str):
    return operator.attrgetter(path)(view)


HOME = Crumb(_("Forside"), "core:home")
#: The current page, named by the view's ``get_title()``.
TITLE = Crumb(lambda view: view.get_title())


def resolve_breadcrumbs(view, crumbs: Iterable[Crumb]) -> list[tuple[str, str | None]]:
    resolved = (crumb.resolve(view) for crumb in crumbs)
    return [crumb for crumb in resolved if crumb is not None]


# --- The gate -------------------------------------------------------------------------------


class GatedMixin(LoginRequiredMixin):
    """Anonymous users go to login; users whose role lacks ``gate_action`` on
    ``gate_model`` get 403. Then :meth:`load_objects` fetches the objects in the URL
    through their selectors (404 outside the user's scope)."""

    gate_model: Any = None
    gate_action: str = Action.VIEW
    nav_active: str | None = None
    breadcrumbs: Sequence[Crumb] = ()
    #: What the read log calls this page ("Medarbejderliste"), when it shows
    #: personal data; by default the model's name.
    read_label: Any = None
    request: Any
    kwargs: Any

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.gate_model is not None and not can(request.user, self.gate_model, self.gate_action):
            raise PermissionDenied
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self) -> None:
        """Fetch the objects in the URL (after the gate)."""

    def get_read_label(self) -> Any:
        if self.read_label is not None:
            return self.read_label
        model = self.gate_model
        return capfirst(model._meta.verbose_name) if model is not None else self.__class__.__name__

    def note_read(self, shown: Shown, *, label: Any = None, kind: str = ReadKind.PAGE) -> None:
        """Log that this request shows ``shown`` (personal data: see
        :mod:`kompetenceplan.core.readlog`) under ``label`` (default
        :meth:`get_read_label`)."""
        note_read(self.request, shown, label=label or self.get_read_label(), kind=kind)

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return resolve_breadcrumbs(self, self.breadcrumbs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        context["nav_active"] = self.nav_active
        return context


class ObjectMixin(GatedMixin):
    """Loads ``self.object`` through ONE selector ``(*, user, pk, action)``.

    ``selector``: the selector function (``None``: no object in the URL);
    ``object_action``: the action the object is fetched with (default
    ``gate_action``); ``pk_url_kwarg``: the URL keyword holding its pk;
    ``context_object_name``: the template's name for it (besides ``object``).
    """

    selector: Callable[..., Any] | None = None
    object_action: str | None = None
    pk_url_kwarg = "pk"
    context_object_name: str | None = None
    object: Any = None
    #: How a shown personal object is logged (``form`` on form pages).
    read_kind: str = ReadKind.PAGE

    def load_objects(self) -> None:
        selector = type(self).selector
        if selector is not None:
            self.object = selector(
                user=self.request.user,
                pk=self.kwargs[self.pk_url_kwarg],
                action=self.object_action or self.gate_action,
            )

    def get_context_object_name(self) -> str | None:
        return self.context_object_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is not None and is_personal_data(type(self.object)):
            self.note_read([self.object], kind=self.read_kind)
        context["object"] = self.object
        name = self.get_context_object_name()
        if name:
            context[name] = self.object
        return context


class ObjectDetailView(ObjectMixin, TemplateView):
    """One object. Declare ``gate_model``, ``selector`` and ``breadcrumbs``; add
    to the context in :meth:`get_context_data`. As in Django's ``DetailView``,
    the template defaults to ``<app_label>/<model_name>_detail.html`` and the
    template's name for the object to its model name; declare
    ``template_name`` and ``context_object_name`` where they differ."""

    gate_action: str = Action.VIEW

    def get_context_object_name(self) -> str | None:
        if self.context_object_name is None and self.object is not None:
            return str(self.object._meta.model_name)
        return self.context_object_name

    def get_template_names(self) -> list[str]:
        if self.template_name is None and self.object is not None:
            meta = self.object._meta
            return [f"{meta.app_label}/{meta.model_name}_detail.html"]
        return super().get_template_names()


# --- Forms ----------------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """A confirmation (delete, or an action without input): nothing to fill in."""


class ObjectFormView(ObjectMixin, FormView):
    """Create or edit. The form parses; :meth:`perform` calls ONE service with
    the cleaned data and returns its result; a ``ValidationError`` from the
    service is put on the fields its error codes name (``core.errors.add_to_form``)
    and the form is shown again. On success: ``success_message`` (or override
    :meth:`get_success_message`) and a redirect to ``success_url`` (a URL name,
    reversed with the result's pk; or override :meth:`get_success_url`).
    ``title`` names the page (context ``title``); ``core/form.html`` shows it,
    the fields and a "Annullér" link to ``cancel_url``."""

    gate_action: str = Action.CHANGE
    read_kind: str = ReadKind.FORM
    form_class: Any = ConfirmForm
    success_message: Any = ""
    success_url: Any = None
    title: Any = ""
    #: The object's attributes that fill the form's fields of the same name.
    initial_fields: Sequence[str] = ()
    #: Where "Annullér" leads: a URL name, reversed with the object's pk.
    cancel_url: Any = None
    #: The form fields :meth:`perform` passes to the service as keywords of the
    #: same name (:meth:`service_arguments`).
    service_fields: Sequence[str] = ()

    def perform(self, data: dict) -> Any:
        """Call the one service; return what it returns."""
        raise NotImplementedError

    def get_title(self) -> str:
        return str(self.title)

    def service_arguments(self, data: dict[str, Any]) -> dict[str, Any]:
        """The cleaned values of :attr:`service_fields`, keyed for the service. A
        field the form leaves out (an override reason, asked for only once a
        change has been refused) goes as ''."""
        return {name: data.get(name, "") for name in self.service_fields}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.object is not None:
            initial.update({name: getattr(self.object, name) for name in self.initial_fields})
        return initial

    def form_valid(self, form):
        try:
            result = self.perform(form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        message = self.get_success_message(result, form.cleaned_data)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url(result))

    def get_success_message(self, result, data: dict) -> str:
        return str(self.success_message)

    def get_success_url(self, result=None) -> str:
        if self.success_url is None:
            raise NotImplementedError("declare success_url or override get_success_url()")
        if result is not None and getattr(result, "pk", None) is not None:
            return reverse(self.success_url, args=[result.pk])
        return reverse(self.success_url)

    def get_cancel_url(self) -> str | None:
        if self.cancel_url and self.object is not None:
            return reverse(self.cancel_url, args=[self.object.pk])
        return reverse(self.cancel_url) if self.cancel_url else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.get_title())
        context.setdefault("cancel_url", self.get_cancel_url())
        return context


class ObjectDeleteView(ObjectFormView):
    """GET: a confirm page; POST: the delete service. ``question`` and
    :meth:`details` (``[(label, value)]``) feed ``core/confirm_delete.html``."""

    gate_action: str = Action.DELETE
    template_name = "core/confirm_delete.html"
    question: Any = _("Vil du slette dette? Sletningen logges.")

    def details(self) -> list[tuple[str, str]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("question", self.question)
        context.setdefault("details", self.details())
        return context


# --- Lists ----------------------------------------------------------------------------------


class ListPageView(GatedMixin, TemplateView):
    """A plain list page without filters: ``title``, the ``rows`` of
    ``list_selector(user=...)`` and ``can_add`` (the gate's ADD on ``gate_model``).
    Its own template shows them; :meth:`extra_context_for` adds the rest."""

    title: Any = ""
    breadcrumbs: Sequence[Crumb] = (HOME, TITLE)
    #: The list selector ``(*, user)``: the rows the user may see.
    list_selector: Callable[..., Any] | None = None

    def get_title(self) -> str:
        return str(self.title)

    def get_rows(self) -> list[Any]:
        selector = type(self).list_selector
        if selector is None:
            raise NotImplementedError("declare list_selector or override get_rows()")
        return list(selector(user=self.request.user))

    def can_add(self) -> bool:
        return can(self.request.user, self.gate_model, Action.ADD)

    def extra_context_for(self, rows: list[Any]) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.get_rows()
        context.update(title=self.get_title(), rows=rows, can_add=self.can_add())
        context.update(self.extra_context_for(rows))
        return context


class FilteredTableView(GatedMixin, TemplateView):
    """A list page: filterset + django-tables2 table + CSV/XLSX export of the
    same filtered rows (``?export=csv`` or ``?export=xlsx``). ``core/list.html``
    shows ``title``, the filters and the table."""

    template_name = "core/list.html"
    title: Any = ""
    breadcrumbs: Sequence[Crumb] = (HOME, TITLE)
    filterset_class: Any = None
    table_class: Any = None
    export_name: Any = "export"
    paginate_by = 50
    #: The list selector ``(*, user)``: the rows the user may see.
    list_selector: Callable[..., Any] | None = None

    def get_queryset(self):
        selector = type(self).list_selector
        if selector is None:
            raise NotImplementedError("declare list_selector or override get_queryset()")
        return selector(user=self.request.user)

    def get_filterset_kwargs(self) -> dict:
        return {}

    def export_rows(self, queryset):
        """(header, rows) for export; rows are lists of plain values."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(), **self.get_filterset_kwargs()
        )
        queryset = (
            self.filterset.qs
            if self.filterset.is_bound and self.filterset.is_valid()
            else self.filterset.queryset
        )
        personal = is_personal_data(queryset.model)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            if not can(request.user, self.gate_model, Action.EXPORT):
                raise PermissionDenied
            if personal:  # every row goes into the file: log them all
                queryset = list(queryset)
                kind = ReadKind.EXPORT_CSV if export == "csv" else ReadKind.EXPORT_XLSX
                self.note_read(queryset, kind=kind)
            return self.export(queryset, export)
        self.table = self.table_class(queryset)
        RequestConfig(request, paginate={"per_page": self.paginate_by}).configure(self.table)
        if personal:  # the rows of the page shown, read after the template showed them
            self.note_read(self.shown_rows, kind=self.read_kind())
        return self.render_to_response(self.get_context_data())

    def shown_rows(self) -> list[Any]:
        """The records of the table's current page (all rows when unpaginated)."""
        page = getattr(self.table, "page", None)
        rows = page.object_list if page is not None else self.table.rows
        return [row.record for row in rows]

    def read_kind(self) -> str:
        """A list read is a search when a filter narrowed it."""
        names = set(self.filterset.filters)
        searched = any(v.strip() for k in names for v in self.request.GET.getlist(k))
        return ReadKind.SEARCH if searched else ReadKind.LIST

    def export(self, queryset, fmt: str) -> HttpResponse:
        header, rows = self.export_rows(queryset)
        stamp = timezone.localdate().isoformat()
        filename = f"{slugify(self.export_name)}-{stamp}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                to_xlsx(header, rows, title=str(self.export_name)),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_title(self) -> str:
        return str(self.title)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.get_title())
        context["filter"] = self.filterset
        context["table"] = self.table
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context["export_query"] = query.urlencode()
        context["can_export"] = can(self.request.user, self.gate_model, Action.EXPORT)
        return context


__all__ = [
    "ListPageView",
    "HOME",
    "TITLE",
    "ConfirmForm",
    "Crumb",
    "FilteredTableView",
    "GatedMixin",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectFormView",
    "ObjectMixin",
    "resolve_breadcrumbs",
]
