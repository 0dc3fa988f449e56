"""Allocation create / edit / delete, on the generic form and delete views."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetenceplan.core.formatting import kr
from kompetenceplan.core.generic import TITLE, Crumb, ObjectDeleteView, ObjectFormView
from kompetenceplan.core.permissions import (
    Action,
    can,
    get_restricted_or_404,
    has_object_permission,
)
from kompetenceplan.plans.models import Initiative

from .. import selectors, services
from ..forms import AllocationForm
from ..models import Allocation, FundingSource
from .common import BUDGET_TRAIL, initiative_url

#: Home > Budget > the initiative > this page.
ALLOCATION_TRAIL = (
    *BUDGET_TRAIL,
    Crumb(obj="initiative", url=lambda view: initiative_url(view.initiative.pk)),
    TITLE,
)


class AllocationFormView(ObjectFormView):
    """Create (``?initiative=<pk>``) or edit an allocation."""

    template_name = "funding/allocation_form.html"
    gate_model = Allocation
    nav_active = "budget"
    form_class = AllocationForm
    context_object_name = "allocation"
    service_fields = ("source", "year", "amount", "purpose", "note", "override_reason")
    # The service's codes (or error_dict keys) -> the field they belong to.
    breadcrumbs = ALLOCATION_TRAIL
    initiative: Initiative

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("source") is not None:
            # The source was changed: send back the purpose field that fits it.
            form = self.get_form_class()(
                initial={"source": request.GET.get("source")}, **self._form_options()
            )
            return self.response_class(
                request=request,
                template="funding/includes/purpose_field.html",
                context={"form": form, "field": form["purpose"]},
            )
        return super().get(request, *args, **kwargs)

    def _form_options(self) -> dict:
        return {
            "sources": selectors.allocation_sources(
                user=self.request.user, municipality_id=self.initiative.plan.municipality_id
            ),
            "can_override": can(self.request.user, FundingSource, Action.CHANGE),
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self._form_options())
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # With JavaScript, choosing a source swaps in the purpose field that fits it.
        form.fields["source"].widget.attrs.update(
            {
                "hx-get": self.request.get_full_path(),
                "hx-target": "#purpose-field",
                "hx-trigger": "change",
            }
        )
        return form

    def get_success_message(self, result, data) -> str:
        if result.override_reason and data.get("override_reason"):
            return _("Bevillingen er gemt. Overskridelsen er godkendt og logget.")
        return _("Bevillingen er gemt.")

    def get_success_url(self, result=None) -> str:
        return initiative_url(self.initiative.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            initiative=self.initiative,
            cancel_url=initiative_url(self.initiative.pk),
            can_delete=self.object is not None
            and has_object_permission(self.request.user, self.object, Action.DELETE),
        )
        return context


class AllocationCreateView(AllocationFormView):
    gate_action = Action.ADD
    title = gettext_lazy("Ny bevilling")

    def load_objects(self) -> None:
        # The initiative comes in the query string and must be one the user may change.
        try:
            pk = int(self.request.GET.get("initiative", ""))
        except ValueError:
            raise Http404 from None
        self.initiative = get_restricted_or_404(
            Initiative.objects.select_related("plan"), self.request.user, Action.CHANGE, pk=pk
        )

    def perform(self, data) -> Allocation:
        return services.allocation_create(
            actor=self.request.user, initiative=self.initiative, **self.service_arguments(data)
        )


class AllocationEditView(AllocationFormView):
    gate_action = Action.CHANGE
    selector = selectors.allocation_get
    title = gettext_lazy("Redigér bevilling")

    def load_objects(self) -> None:
        super().load_objects()
        self.initiative = self.object.initiative

    initial_fields = ("year", "amount", "purpose", "note")

    def get_initial(self):
        return {**super().get_initial(), "source": self.object.source_id}

    def perform(self, data) -> Allocation:
        return services.allocation_update(
            actor=self.request.user, allocation=self.object, **self.service_arguments(data)
        )


class AllocationDeleteView(ObjectDeleteView):
    """GET: confirm; POST: delete."""

    gate_model = Allocation
    nav_active = "budget"
    selector = selectors.allocation_get
    context_object_name = "allocation"
    title = gettext_lazy("Slet bevilling")
    question = gettext_lazy("Vil du slette denne bevilling? Sletningen logges.")
    success_message = gettext_lazy("Bevillingen er slettet.")
    cancel_url = "funding:allocation_edit"
    breadcrumbs = (
        *BUDGET_TRAIL,
        Crumb(obj="object.initiative", url=lambda view: initiative_url(view.object.initiative_id)),
        TITLE,
    )

    def details(self) -> list[tuple[str, str]]:
        a = self.object
        rows = [
            (_("Indsats"), f"{a.initiative.number} {a.initiative.title}"),
            (_("Kilde"), a.source.name),
            (_("År"), str(a.year) if a.year else _("uden år")),
            (_("Beløb"), kr(a.amount) if a.amount is not None else _("beløb ikke angivet")),
        ]
        if a.purpose:
            rows.append((_("Formål"), a.purpose))
        return rows

    def perform(self, data) -> None:
        services.allocation_delete(actor=self.request.user, allocation=self.object)

    def get_success_url(self, result=None) -> str:
        return initiative_url(self.object.initiative_id)


__all__ = [
    "AllocationCreateView",
    "AllocationDeleteView",
    "AllocationEditView",
]
