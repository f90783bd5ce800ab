from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation and reports")

    def ready(self):
        from evaluation.panels import due_assessments_context
        from ryhma import panels
        from ryhma.models import Role

        panels.register(
            "evaluation.due_assessments",
            roles={Role.COORDINATOR, Role.VILLAGE_STAFF},
            template="evaluation/_panel_due.html",
            context=due_assessments_context,
            order=40,
        )
