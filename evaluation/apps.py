from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Periodic tasks of the evaluation app, run by `celery -A ryhma beat`.
BEAT_SCHEDULE = {
    "evaluation.sweep_report_jobs": {
        "task": "evaluation.tasks.sweep_report_jobs",
        "schedule": 300.0,
    },
    "evaluation.run_report_schedules": {
        "task": "evaluation.tasks.run_report_schedules",
        "schedule": 3600.0,
    },
}


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation and reports")

    def ready(self):
        from ryhma.celery import app

        app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}
