import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.formatting import kr

from .models import Initiative


class CatalogueTable(tables.Table):
    number = tables.Column(verbose_name=_("Nr."), order_by=("plan__title", "sort_key"))
    title = tables.LinkColumn(
        "plans:initiative_detail", args=[tables.A("pk")], verbose_name=_("Indsats")
    )
    plan = tables.Column(
        verbose_name=_("Plan"), accessor="plan__title", order_by=("plan__title", "sort_key")
    )
    focus_area = tables.Column(verbose_name=_("Indsatsområde"), accessor="focus_area__title")
    status = tables.Column(verbose_name=_("Status"))
    funding_total = tables.Column(verbose_name=_("Bevilget"), attrs={"td": {"class": "kp-num"}})

    class Meta:
        model = Initiative
        fields = ["number", "title", "plan", "focus_area", "status", "funding_total"]
        empty_text = _("Ingen indsatser matcher.")
        orderable = True

    def render_funding_total(self, value):
        return kr(value) if value else "–"
