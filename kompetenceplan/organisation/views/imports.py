"""Imports of people and institutions: upload -> preview (dry run,
row-numbered errors) -> confirm."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompetenceplan.core.generic import HOME, Crumb, GatedMixin
from kompetenceplan.core.permissions import Action, can
from kompetenceplan.core.tabular import TabularError, read_table

from .. import services
from ..errors import OrganisationError
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
SESSION_KEY = "pending_import"


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
        if "confirm" in request.POST:
            return self.confirm(request)
        # Refuse an oversized upload before reading its body.
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.IMPORT_MAX_BYTES + 64 * 1024:
            form = ImportUploadForm()
            form.add_error(
                None,
                OrganisationError.FILE_TOO_LARGE.item(
                    size=filesizeformat(length), limit=filesizeformat(settings.IMPORT_MAX_BYTES)
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=413)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        report, error = self._run(data, upload.name, dry_run=True)
        context = self.get_context_data(
            form=form, report=report, file_error=error, filename=upload.name
        )
        if report is not None and report.ok:
            previous = request.session.get(SESSION_KEY)
            if previous:  # one pending preview per session: drop an abandoned one
                default_storage.delete(f"imports/{previous['token']}")
            token = uuid.uuid4().hex
            default_storage.save(f"imports/{token}", ContentFile(data))
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
        path = f"imports/{pending['token']}"
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
        report, error = self._run(data, pending["name"], dry_run=False)
        default_storage.delete(path)
        del request.session[SESSION_KEY]
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
