"""Pages for institutions, people and imports. Views parse, call one
selector or service, and render."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kompetenceplan.core.errors import add_to_form
from kompetenceplan.core.permissions import Action, can, has_object_permission
from kompetenceplan.core.tabular import TabularError, read_table
from kompetenceplan.core.views import FilteredTableView, GatedMixin

from . import selectors, services
from .errors import OrganisationError
from .filtersets import InstitutionFilterSet, PersonFilterSet
from .forms import ImportUploadForm, PersonForm, TeamForm
from .models import Institution, Person, Team
from .tables import InstitutionTable, PersonTable


class InstitutionListView(FilteredTableView):
    template_name = "organisation/institution_list.html"
    gate_model = Institution
    nav_active = "institutions"
    filterset_class = InstitutionFilterSet
    table_class = InstitutionTable
    export_name = "institutioner"

    def get_queryset(self):
        return selectors.institution_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(_("Forside"), reverse("core:home")), (_("Institutioner"), None)]

    def export_rows(self, queryset):
        header = [_("Institutionsnummer"), _("Navn"), _("Type"), _("Område")]
        rows = ([i.number, i.name, i.get_kind_display(), i.get_sector_display()] for i in queryset)
        return header, rows


class InstitutionDetailView(GatedMixin, TemplateView):
    template_name = "organisation/institution_detail.html"
    gate_model = Institution
    nav_active = "institutions"

    def get(self, request, *args, **kwargs):
        self.institution = selectors.institution_get(user=request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (_("Forside"), reverse("core:home")),
            (_("Institutioner"), reverse("organisation:institution_list")),
            (self.institution.name, None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["institution"] = self.institution
        context["staff"] = list(
            selectors.institution_staff(user=self.request.user, institution=self.institution)
        )
        context["teams"] = list(
            selectors.team_list(user=self.request.user, institution=self.institution)
        )
        context["can_add_team"] = selectors.can_admin_teams(
            user=self.request.user, institution=self.institution
        )
        context["history"] = selectors.object_history(self.institution)
        return context


class PersonListView(FilteredTableView):
    template_name = "organisation/person_list.html"
    gate_model = Person
    nav_active = "people"
    filterset_class = PersonFilterSet
    table_class = PersonTable
    export_name = "medarbejdere"

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)

    def get_filterset_kwargs(self):
        return {"institutions": selectors.institution_list(user=self.request.user)}

    def get_breadcrumbs(self):
        return [(_("Forside"), reverse("core:home")), (_("Medarbejdere"), None)]

    def export_rows(self, queryset):
        header = [
            _("Medarbejdernummer"),
            _("Fornavn"),
            _("Efternavn"),
            _("E-mail"),
            _("Institution"),
            _("Stilling"),
            _("Ansat fra"),
            _("Ansat til"),
            _("Ressourcefunktioner"),
        ]
        rows = []
        for person in queryset:
            functions = ", ".join(f.name for f in person.resource_functions.all())
            base = [person.employee_number, person.first_name, person.last_name, person.email]
            if not person.current_employments:
                rows.append(base + ["", "", None, None, functions])
            for e in person.current_employments:
                rows.append(
                    base
                    + [e.institution.name, e.job_role.name, e.start_date, e.end_date, functions]
                )
        return header, rows


class PersonDetailView(GatedMixin, TemplateView):
    template_name = "organisation/person_detail.html"
    gate_model = Person
    nav_active = "people"

    def get(self, request, *args, **kwargs):
        self.person = selectors.person_get(user=request.user, pk=kwargs["pk"])
        services.person_access_log(actor=request.user, person=self.person)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (_("Forside"), reverse("core:home")),
            (_("Medarbejdere"), reverse("organisation:person_list")),
            (self.person.full_name, None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["can_edit"] = has_object_permission(self.request.user, self.person, Action.CHANGE)
        context["history"] = selectors.object_history(self.person)
        return context


class PersonEditView(GatedMixin, FormView):
    template_name = "organisation/person_form.html"
    gate_model = Person
    gate_action = Action.CHANGE
    nav_active = "people"
    form_class = PersonForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = (
                selectors.person_get(user=request.user, pk=kwargs["pk"], action=Action.CHANGE)
                if can(request.user, Person, Action.CHANGE)
                else None
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.person
        return kwargs

    def form_valid(self, form):
        try:
            services.person_update(
                actor=self.request.user, person=self.person, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect("organisation:person_detail", pk=self.person.pk)

    def get_breadcrumbs(self):
        return [
            (_("Forside"), reverse("core:home")),
            (_("Medarbejdere"), reverse("organisation:person_list")),
            (self.person.full_name, reverse("organisation:person_detail", args=[self.person.pk])),
            (_("Redigér"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        return context


# --- Imports -------------------------------------------------------------------------------

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

    def dispatch(self, request, *args, **kwargs):
        self.kind = kwargs["kind"]
        if self.kind not in IMPORTS:
            raise Http404
        self.spec = IMPORTS[self.kind]
        self.gate_model = self.spec["model"]
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [(_("Forside"), reverse("core:home")), (self.spec["title"], None)]

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


# --- Teams ---------------------------------------------------------------------------------


class TeamDetailView(GatedMixin, TemplateView):
    template_name = "organisation/team_detail.html"
    gate_model = Team
    nav_active = "institutions"

    def get(self, request, *args, **kwargs):
        self.team = selectors.team_get(user=request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        institution = self.team.institution
        return [
            (_("Forside"), reverse("core:home")),
            (_("Institutioner"), reverse("organisation:institution_list")),
            (institution.name, reverse("organisation:institution_detail", args=[institution.pk])),
            (self.team.name, None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            team=self.team,
            members=list(selectors.team_members(user=self.request.user, team=self.team)),
            can_edit=selectors.can_admin_teams(
                user=self.request.user, institution=self.team.institution
            ),
            history=selectors.object_history(self.team),
        )
        return context


class TeamFormView(GatedMixin, FormView):
    """Create a team at an institution (``institution_pk``) or change one (``pk``)."""

    template_name = "organisation/team_form.html"
    gate_model = Team
    gate_action = Action.CHANGE
    nav_active = "institutions"
    form_class = TeamForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, Team, Action.CHANGE):
            if "pk" in kwargs:
                self.team = selectors.team_get(
                    user=request.user, pk=kwargs["pk"], action=Action.CHANGE
                )
                self.institution = self.team.institution
            else:
                self.team = None
                self.institution = selectors.institution_get(
                    user=request.user, pk=kwargs["institution_pk"]
                )
                if not selectors.can_admin_teams(user=request.user, institution=self.institution):
                    raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["member_choices"] = selectors.team_member_choices(institution=self.institution)
        if self.team is not None and self.request.method == "GET":
            kwargs["initial"] = {"name": self.team.name, "members": list(self.team.members.all())}
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.team is None:
                team = services.team_create(
                    actor=self.request.user,
                    institution=self.institution,
                    name=data["name"],
                    members=data["members"],
                )
            else:
                team = services.team_update(
                    actor=self.request.user,
                    team=self.team,
                    name=data["name"],
                    members=data["members"],
                )
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Teamet er gemt."))
        return redirect("organisation:team_detail", pk=team.pk)

    def get_breadcrumbs(self):
        return [
            (_("Forside"), reverse("core:home")),
            (_("Institutioner"), reverse("organisation:institution_list")),
            (
                self.institution.name,
                reverse("organisation:institution_detail", args=[self.institution.pk]),
            ),
            (self.team.name if self.team else _("Nyt team"), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(team=self.team, institution=self.institution)
        return context
