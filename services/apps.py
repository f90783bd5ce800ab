from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services and work hours")

    def ready(self) -> None:
        from ryhma import panels
        from ryhma.models import Role
        from services.hours import panels as hour_panels
        from services.hours.contract_checks import hours_outside_contract
        from workers import employment_checks

        employment_checks.register("services.hours", hours_outside_contract)

        panels.register(
            "services.hours_waiting",
            roles={Role.COORDINATOR},
            template="services/_panel_waiting.html",
            context=hour_panels.waiting_context,
            order=10,
        )
        panels.register(
            "services.week_status",
            roles={Role.VILLAGE_STAFF},
            template="services/_panel_week_status.html",
            context=hour_panels.week_status_context,
            order=10,
        )
