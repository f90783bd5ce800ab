from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("Programme and villages")

    def ready(self):
        from villages import panels
        from villages.completion import register_builtin_providers

        register_builtin_providers()
        panels.register()
