"""What the front page contributes to core (called from FrontpageConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


def register() -> None:
    registry.navigation.register(
        registry.NavEntry(name="home", label=_("Forside"), url_name="core:home", order=100)
    )
