"""Imports of people and institutions: upload -> preview (dry run,
row-numbered errors) -> confirm."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.generic import HOME, Crumb, GatedMixin
from kompetenceplan.core.permissions import Action, can
from kompetenceplan.core.tabular import TabularError, check_size, read_table

from .. import previews, services
from ..forms import ImportUploadForm
from ..models import Institution, Person

IMPORTS = {
    "medarbejdere": {
        "model": Person,
        "columns": services.PEOPLE_COLUMNS,
        "service": services.people_import,
        "title": gettext_lazy("Importér medarbejdere"),
        "list_url": "organisation:person_list",
    },
    "institutioner": {
        "model": Institution,
        "columns": services.INSTITUTION_COLUMNS,
        "service": services.institutions_import,
        "title": gettext_lazy("Importér institutioner"),
        "list_url": "organisation:institution_list",
    },
}
SESSION_KEY = previews.PREVIEW_SESSION_KEY


class ImportView(GatedMixin, TemplateView):
    """Upload -> preview (dry run, row-numbered errors) -> confirm."""

    template_name = "organisation/import.html"
    nav_active = "import"
    gate_action = Action.IMPORT
    breadcrumbs = (HOME, Crumb(lambda view: view.spec["title"]))

    def dispatch(self, request, *args, **kwargs):
        self.kind = kwargs["kind"]
        if self.kind not in IMPORTS:
            raise Http404
        self.spec = IMPORTS[self.kind]
        self.gate_model = self.spec["model"]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kind=self.kind,
            spec=self.spec,
            columns=";".join(self.spec["columns"]),
            limit=filesizeformat(settings.IMPORT_MAX_BYTES),
            other_kinds=[
                (k, v["title"])
                for k, v in IMPORTS.items()
                if can(self.request.user, v["model"], Action.IMPORT)
            ],
        )
        context.setdefault("form", ImportUploadForm())
        return context

    def post(self, request, *args, **kwargs):
        # Refuse an oversized upload before its body is parsed (reading
        # request.POST would spool the whole file to disk first); the
        # multipart envelope may add a little to the file's own size.
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
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        report, error = self._run(data, upload.name, dry_run=True)
        context = self.get_context_data(
            form=form, report=report, file_error=error, filename=upload.name
        )
        previous = request.session.pop(SESSION_KEY, None)
        if previous:  # one pending preview per session: a new upload drops the old one
            previews.import_preview_delete(token=previous["token"])
        if report is not None and report.ok:
            token = previews.import_preview_save(data=data)
            request.session[SESSION_KEY] = {"token": token, "kind": self.kind, "name": upload.name}
            context["token"] = token
        return self.render_to_response(context, status=200 if report and report.ok else 400)

    def confirm(self, request):
        pending = request.session.get(SESSION_KEY)
        if (
            not pending
            or pending["kind"] != self.kind
            or pending["token"] != request.POST.get("token")
        ):
            messages.error(request, _("Importen er udløbet. Upload filen igen."))
            return redirect("organisation:import", kind=self.kind)
        del request.session[SESSION_KEY]
        try:
            data = previews.import_preview_read(token=pending["token"])
        except FileNotFoundError:  # removed by the periodic cleanup
            messages.error(request, _("Importen er udløbet. Upload filen igen."))
            return redirect("organisation:import", kind=self.kind)
        finally:
            previews.import_preview_delete(token=pending["token"])
        report, error = self._run(data, pending["name"], dry_run=False)
        if report is None or not report.ok:
            return self.render_to_response(
                self.get_context_data(report=report, file_error=error, filename=pending["name"]),
                status=400,
            )
        messages.success(
            request,
            _(
                "Importen er gennemført: %(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede."
            )
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
        )
        return redirect(self.spec["list_url"])

    def _run(self, data: bytes, filename: str, *, dry_run: bool):
        try:
            table = read_table(data, filename, self.spec["columns"])
        except TabularError as exc:
            return None, str(exc)
        municipality = self.request.user.municipality
        if municipality is None:  # pragma: no cover - gate refuses users without one
            raise PermissionDenied
        report = self.spec["service"](
            actor=self.request.user, municipality=municipality, table=table, dry_run=dry_run
        )
        return report, None
