from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RyhmaConfig(AppConfig):
    name = "ryhma"
    verbose_name = _("Ryhmä")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ryhma import lookups
        from ryhma.middleware import start_session_clock
        from ryhma.two_factor import mark_session

        user_logged_in.connect(mark_session, dispatch_uid="ryhma.two_factor.mark_session")
        user_logged_in.connect(
            start_session_clock, dispatch_uid="ryhma.middleware.start_session_clock"
        )
        lookups.register()
