from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("konto/", include("allauth.urls")),
    path("sprog/", set_language, name="set_language"),
    path("organisation/", include("kompetenceplan.organisation.urls")),
    path("planer/", include("kompetenceplan.plans.urls")),
    path("oekonomi/", include("kompetenceplan.funding.urls")),
    path("rapporter/", include("kompetenceplan.reports.urls")),
    path("", include("kompetenceplan.core.urls")),
]
