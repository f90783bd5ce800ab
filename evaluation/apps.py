from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation and reports")

    def ready(self):
        from evaluation import kept_figures
        from evaluation.panels import due_assessments_context
        from evaluation.phase_checks import evaluation_completion, metrics_completion
        from evaluation.timeline import assessments_for_timeline
        from ryhma import panels
        from ryhma.models import Role
        from villages.phases import register_completion_provider
        from workers import signals, timeline

        signals.economy_inputs_changed.connect(
            kept_figures.inputs_changed, dispatch_uid="evaluation.kept_figures.inputs"
        )
        signals.economy_parameters_changed.connect(
            kept_figures.parameters_changed, dispatch_uid="evaluation.kept_figures.parameters"
        )

        panels.register(
            "evaluation.due_assessments",
            roles={Role.COORDINATOR, Role.VILLAGE_STAFF},
            template="evaluation/_panel_due.html",
            context=due_assessments_context,
            order=40,
        )
        register_completion_provider(7, metrics_completion)
        register_completion_provider(9, evaluation_completion)
        timeline.register("evaluation.assessments", assessments_for_timeline)
