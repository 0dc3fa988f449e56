import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Cohort


class CohortTable(tables.Table):
    name = tables.LinkColumn("cohorts:cohort_detail", args=[tables.A("pk")], verbose_name=_("Hold"))
    initiative = tables.Column(
        verbose_name=_("Indsats"), order_by=("initiative__sort_key",), accessor="initiative"
    )
    school_year = tables.Column(verbose_name=_("Skoleår"))
    seats = tables.Column(
        verbose_name=_("Tilmeldte"),
        empty_values=(),
        order_by=("seated",),
        attrs={"td": {"class": "kp-num"}},
    )
    waitlisted = tables.Column(verbose_name=_("Venteliste"), attrs={"td": {"class": "kp-num"}})
    enrolment_mode = tables.Column(verbose_name=_("Tilmelding"))
    enrolment_deadline = tables.DateColumn(verbose_name=_("Frist"), format="j. F Y")

    class Meta:
        model = Cohort
        fields = [
            "name",
            "initiative",
            "school_year",
            "seats",
            "waitlisted",
            "enrolment_mode",
            "enrolment_deadline",
        ]
        order_by = ("-school_year", "initiative")
        empty_text = _("Ingen hold matcher.")

    def render_seats(self, record):
        return _("%(seated)s af %(capacity)s") % {
            "seated": record.seated,
            "capacity": record.capacity,
        }
