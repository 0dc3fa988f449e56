"""What the front page contributes to core (called from FrontpageConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.cohorts.permissions import LEAD
from kompetenceplan.competences.models import MandatoryRule
from kompetenceplan.competences.permissions import COMPLIANCE
from kompetenceplan.core import registry
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import can
from kompetenceplan.organisation.models import Institution
from kompetenceplan.support.models import ResourceRequest
from kompetenceplan.support.permissions import HANDLE


def _institution_link(request, institution):
    """The institution page's link to its overview, for whoever may open it
    (the page's gate, ``compliance_institutions``, without a query: the
    institution page already is within the user's municipality)."""
    user = request.user
    if not can(user, MandatoryRule, COMPLIANCE):
        return None
    if user.role == Role.LEADER and institution.pk not in user.institution_ids:
        return None
    return {"institution": institution}


def register() -> None:
    registry.contribute(
        navigation=[
            ("home", _("Forside"), "core:home", 100, "overview"),
            (
                "institution_overview",
                _("Institutionens overblik"),
                "core:my_institution",
                125,
                "overview",
                Enrolment,
                LEAD,
            ),
            (
                "administration_overview",
                _("Administrationens overblik"),
                "core:overview",
                110,
                "overview",
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
