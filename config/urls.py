from django.urls import include, path
from django.views.i18n import set_language

from kompetenceplan.accounts.views import EmailView
from kompetenceplan.core import urls as core_urls
from kompetenceplan.frontpage import urls as frontpage_urls

urlpatterns = [
    path("konto/email/", EmailView.as_view(), name="account_email"),
    path("konto/", include("allauth.urls")),
    path("sprog/", set_language, name="set_language"),
    path("organisation/", include("kompetenceplan.organisation.urls")),
    path("kalender/", include("kompetenceplan.calendar.urls")),
    path("planer/", include("kompetenceplan.plans.urls")),
    path("oekonomi/", include("kompetenceplan.funding.urls")),
    path("hold/", include("kompetenceplan.cohorts.urls")),
    path("kompetencer/", include("kompetenceplan.competences.urls")),
    path("daekning/", include("kompetenceplan.coverage.urls")),
    path("netvaerk/", include("kompetenceplan.networks.urls")),
    path("henvendelser/", include("kompetenceplan.support.urls")),
    path("evaluering/", include("kompetenceplan.evaluation.urls")),
    path("opfoelgning/", include("kompetenceplan.followup.urls")),
    path("rapporter/", include("kompetenceplan.reports.urls")),
    # The shell's namespace "core": core's own pages and the front page
    # (kompetenceplan.frontpage, the top layer), which keeps the name core:home.
    path("", include((frontpage_urls.urlpatterns + core_urls.urlpatterns, "core"))),
]
