from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class EvaluationConfig(registry.DomainAppConfig):
    name = "kompetenceplan.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluering")
