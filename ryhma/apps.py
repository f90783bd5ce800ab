from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RyhmaConfig(AppConfig):
    name = "ryhma"
    verbose_name = _("Ryhmä")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from ryhma.middleware import start_session_clock
        from ryhma.pagecache import install_watcher
        from ryhma.two_factor import mark_session

        user_logged_in.connect(mark_session, dispatch_uid="ryhma.two_factor.mark_session")
        user_logged_in.connect(
            start_session_clock, dispatch_uid="ryhma.middleware.start_session_clock"
        )
        # Every connection reports its writes, so that kept pages never outlive their data.
        connection_created.connect(install_watcher, dispatch_uid="ryhma.pagecache.install_watcher")
