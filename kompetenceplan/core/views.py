"""Base views and the pages that belong to no domain app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

# The generic view layer lives in core.generic; re-exported for old importers.
from .generic import FilteredTableView, GatedMixin

__all__ = ["AccessibilityView", "FilteredTableView", "GatedMixin"]


class AccessibilityView(TemplateView):
    """Tilgængelighedserklæring: public, linked from every page."""

    template_name = "core/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(_("Tilgængelighedserklæring"), None)]
        return context
