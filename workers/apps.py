from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "workers"
    verbose_name = _("Workers and employment")

    def ready(self):
        from ryhma import panels
        from ryhma.models import Role
        from workers.panels import alerts_context

        panels.register(
            "workers.alerts",
            template="workers/_panel_alerts.html",
            context=alerts_context,
            roles={Role.COORDINATOR, Role.VILLAGE_STAFF},
            order=20,
        )
