"""What the front page contributes to core (called from FrontpageConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.cohorts.permissions import LEAD
from kompetenceplan.core import registry
from kompetenceplan.organisation.models import Institution
from kompetenceplan.support.models import ResourceRequest
from kompetenceplan.support.permissions import HANDLE


def _institution_link(request, institution):
    """The institution page's link to its overview (the same gate as the page)."""
    from kompetenceplan.competences.rules import compliance_institutions

    if not compliance_institutions(user=request.user).filter(pk=institution.pk).exists():
        return None
    return {"institution": institution}


def register() -> None:
    registry.contribute(
        navigation=[
            ("home", _("Forside"), "core:home", 100),
            (
                "institution_overview",
                _("Institutionens overblik"),
                "core:my_institution",
                125,
                Enrolment,
                LEAD,
            ),
            (
                "administration_overview",
                _("Administrationens overblik"),
                "core:overview",
                110,
                ResourceRequest,
                HANDLE,
            ),
        ],
        object_panels=[
            (
                "frontpage.institution_overview",
                Institution,
                "courses",
                "frontpage/panels/institution_link.html",
                _institution_link,
                50,
            ),
        ],
    )
