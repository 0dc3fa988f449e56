import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from . import extensions
from .models import Initiative


class ExtensionColumn(tables.Column):
    """A column another app registers (``extensions.catalogue_columns``)."""

    def __init__(self, extension: extensions.CatalogueColumn):
        attrs = {"td": {"class": extension.css_class}} if extension.css_class else {}
        super().__init__(verbose_name=extension.label, attrs=attrs)
        self.extension = extension

    def render(self, value):
        return self.extension.render(value)


class CatalogueTable(tables.Table):
    number = tables.Column(verbose_name=_("Nr."), order_by=("plan__title", "sort_key"))
    title = tables.LinkColumn(
        "plans:initiative_detail", args=[tables.A("pk")], verbose_name=_("Indsats")
    )
    plan = tables.Column(
        verbose_name=_("Plan"),
        accessor="plan",
        order_by=("plan__period_start", "plan__title", "sort_key"),
        attrs={"td": {"class": "kp-nowrap"}},
    )
    focus_area = tables.Column(verbose_name=_("Indsatsområde"), accessor="focus_area__title")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Initiative
        fields = ["number", "title", "plan", "focus_area", "status"]
        empty_text = _("Ingen indsatser matcher.")
        orderable = True

    def render_plan(self, value) -> str:
        """The plan's short label ("Skole 2024/25–2025/26"), not its full title."""
        return value.short_label

    def __init__(self, *args, **kwargs):
        registered = [(c.name, ExtensionColumn(c)) for c in extensions.catalogue_columns]
        kwargs["extra_columns"] = [*registered, *kwargs.get("extra_columns", ())]
        super().__init__(*args, **kwargs)
