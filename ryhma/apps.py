from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RyhmaConfig(AppConfig):
    name = "ryhma"
    verbose_name = _("Ryhmä")
