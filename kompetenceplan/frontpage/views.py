"""The front page: each role sees what is theirs to do, in the panels the
apps register (``core.registry.front_page_panels``)."""

from __future__ import annotations

from django.views.generic import TemplateView

from kompetenceplan.core import registry
from kompetenceplan.core.generic import GatedMixin


class FrontPageView(GatedMixin, TemplateView):
    template_name = "frontpage/home.html"
    nav_active = "home"

    def get_panels(self) -> list[tuple[str, dict]]:
        """(template, context) of each registered panel that has something to show."""
        panels = []
        for panel in registry.front_page_panels:
            values = panel.context(self.request)
            if values is not None:
                panels.append((panel.template, values))
        return panels

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = self.get_panels()
        return context
