from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "workers"
    verbose_name = _("Workers and employment")

    def ready(self):
        from celery.schedules import crontab

        from ryhma import panels
        from ryhma.celery import app
        from ryhma.models import Role
        from workers.panels import alerts_context

        panels.register(
            "workers.alerts",
            template="workers/_panel_alerts.html",
            context=alerts_context,
            roles={Role.COORDINATOR, Role.VILLAGE_STAFF},
            order=20,
        )
        # `celery -A ryhma beat` runs the retention sweep every night.
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            "workers-retention": {
                "task": "workers.tasks.anonymise_expired_workers",
                "schedule": crontab(hour=2, minute=30),
            },
        }
