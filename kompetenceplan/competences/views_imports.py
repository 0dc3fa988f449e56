"""Upload -> preview (dry run, row-numbered errors) -> confirm for the imports
of the competences and (in coverage) the lesson allocation, the way the
people import works (organisation/views/imports.py): the previewed file waits
in MEDIA_ROOT/imports/ (organisation.previews) under the session's one pending
preview, and the confirm runs the same service without the dry run.

:class:`TabularImportView` is spec-driven; this module declares the teaching
competences import, coverage/views_imports.py the lesson allocation's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.generic import TemplateView

from kompetenceplan.core.generic import HOME, Crumb, GatedMixin
from kompetenceplan.core.permissions import Action
from kompetenceplan.core.tabular import TabularError, check_size, read_table
from kompetenceplan.organisation import previews
from kompetenceplan.organisation.forms import ImportUploadForm
from kompetenceplan.organisation.models import Person

from .imports import COMPETENCE_COLUMNS, teaching_competences_import
from .models import TeachingCompetence

SESSION_KEY = previews.PREVIEW_SESSION_KEY


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    model: Any
    columns: list[str]
    service: Any
    title: Any
    url_name: str
    done_url_name: str
    intro: Any = ""
    #: Extra form fields passed to the service as keywords (and kept with the preview).
    options: tuple[str, ...] = field(default=())


class TabularImportView(GatedMixin, TemplateView):
    """Upload -> preview -> confirm, for one :class:`ImportSpec`."""

    template_name = "competences/import.html"
    nav_active = "competences_import"
    gate_action = Action.IMPORT
    spec: ImportSpec
    form_class: type[forms.Form] = ImportUploadForm
    read_label = gettext_noop("Forhåndsvisning af import")
    breadcrumbs = (HOME, Crumb(lambda view: view.spec.title))

    def dispatch(self, request, *args, **kwargs):
        self.gate_model = self.spec.model
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            spec=self.spec,
            columns=";".join(self.spec.columns),
            limit=filesizeformat(settings.IMPORT_MAX_BYTES),
            url=reverse(self.spec.url_name),
        )
        context.setdefault("form", self.form_class())
        return context

    def post(self, request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.IMPORT_MAX_BYTES + 64 * 1024:
            try:
                check_size(length)
            except TabularError as exc:
                context = self.get_context_data(file_error=str(exc))
                return self.render_to_response(context, status=413)
        if "confirm" in request.POST:
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        options = {name: form.cleaned_data[name] for name in self.spec.options}
        data = upload.read()
        report, error = self._run(data, upload.name, options, dry_run=True)
        context = self.get_context_data(
            form=form, report=report, file_error=error, filename=upload.name, options=options
        )
        previous = request.session.pop(SESSION_KEY, None)
        if previous:  # one pending preview per session: a new upload drops the old one
            previews.import_preview_delete(token=previous["token"])
        if report is not None and report.ok:
            token = previews.import_preview_save(data=data)
            request.session[SESSION_KEY] = {
                "token": token,
                "kind": self.spec.kind,
                "name": upload.name,
                "options": options,
            }
            context["token"] = token
        return self.render_to_response(context, status=200 if report and report.ok else 400)

    def confirm(self, request):
        pending = request.session.get(SESSION_KEY)
        if (
            not pending
            or pending.get("kind") != self.spec.kind
            or pending["token"] != request.POST.get("token")
        ):
            messages.error(request, _("Importen er udløbet. Upload filen igen."))
            return redirect(self.spec.url_name)
        del request.session[SESSION_KEY]
        try:
            data = previews.import_preview_read(token=pending["token"])
        except FileNotFoundError:
            messages.error(request, _("Importen er udløbet. Upload filen igen."))
            return redirect(self.spec.url_name)
        finally:
            previews.import_preview_delete(token=pending["token"])
        options = pending.get("options", {})
        report, error = self._run(data, pending["name"], options, dry_run=False)
        if report is None or not report.ok:
            return self.render_to_response(
                self.get_context_data(report=report, file_error=error, filename=pending["name"]),
                status=400,
            )
        messages.success(request, self.done_message(report))
        return redirect(self.spec.done_url_name)

    def done_message(self, report) -> str:
        return _(
            "Importen er gennemført: %(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede."
        ) % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}

    def _run(self, data: bytes, filename: str, options: dict[str, Any], *, dry_run: bool):
        try:
            table = read_table(data, filename, self.spec.columns)
        except TabularError as exc:
            return None, str(exc)
        municipality = self.request.user.municipality
        if municipality is None:  # pragma: no cover - the gate refuses users without one
            raise PermissionDenied
        report = self.spec.service(
            actor=self.request.user,
            municipality=municipality,
            table=table,
            dry_run=dry_run,
            **options,
        )
        shown = [p["person"] for p in report.preview if isinstance(p.get("person"), Person)]
        if shown:
            self.note_read(shown)
        return report, None


COMPETENCES_IMPORT = ImportSpec(
    kind="undervisningskompetencer",
    model=TeachingCompetence,
    columns=COMPETENCE_COLUMNS,
    service=teaching_competences_import,
    title=gettext_lazy("Importér undervisningskompetencer"),
    url_name="competences:import",
    done_url_name="competences:import",
    intro=gettext_lazy(
        "Niveau: undervisningskompetence eller tilsvarende. Grundlag: uddannelse, KiU, "
        "diplommodul, kompetencemålsprøve, længerevarende kursus eller erfaring. Fag med "
        "navn, fx Dansk eller Natur/teknologi. Kompetencer, der ikke står i filen, røres ikke."
    ),
)


class CompetencesImportView(TabularImportView):
    spec = COMPETENCES_IMPORT
