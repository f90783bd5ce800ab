import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ryhma.two_factor import SESSION_REQUIRED, has_device

# Pages a session that still needs its code may open.
OPEN_PATHS = ("two_factor_setup", "two_factor_verify", "logout", "set_language")


class TwoFactorMiddleware:
    """Holds a session that must confirm a code at the setup or code page until it has."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(SESSION_REQUIRED)
            and not user.is_verified()
            and not request.path.startswith(("/static/", *self._open_paths()))
        ):
            target = "two_factor_verify" if has_device(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> tuple[str, ...]:
        return tuple(reverse(name) for name in OPEN_PATHS)


# Session keys: when the session was first seen logged in, and when it was last active.
SESSION_STARTED = "ryhma_session_started"
SESSION_LAST_ACTIVE = "ryhma_session_last_active"
# Activity is written to the session at most this often, so that not every request is a write.
ACTIVITY_RESOLUTION = 60


def start_session_clock(sender, request, user, **kwargs):
    """Starts the session's clocks at login (a receiver of `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_ACTIVE] = now


class SessionTimeoutMiddleware:
    """Logs out a session idle for SESSION_IDLE_TIMEOUT seconds or older than SESSION_COOKIE_AGE.

    Each request of a logged-in user slides the idle deadline. The login page then says why
    the user has to log in again (the session store would simply forget an expired session,
    and the user would not know what happened to the form they were filling in).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED)
            last_active = session.get(SESSION_LAST_ACTIVE)
            if started is not None and now - started > settings.SESSION_COOKIE_AGE:
                return self._end(
                    request,
                    ngettext(
                        "You were logged out because you logged in more than %(hours)s hour ago.",
                        "You were logged out because you logged in more than %(hours)s hours ago.",
                        settings.SESSION_COOKIE_AGE // 3600,
                    )
                    % {"hours": settings.SESSION_COOKIE_AGE // 3600},
                )
            if last_active is not None and now - last_active > settings.SESSION_IDLE_TIMEOUT:
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                return self._end(
                    request,
                    ngettext(
                        "You were logged out after %(minutes)s minute without activity.",
                        "You were logged out after %(minutes)s minutes without activity.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
            if started is None:  # a session from before this middleware
                session[SESSION_STARTED] = now
            if last_active is None or now - last_active >= ACTIVITY_RESOLUTION:
                session[SESSION_LAST_ACTIVE] = now
        return self.get_response(request)

    @staticmethod
    def _end(request, reason: str):
        logout(request)
        again = _("Log in again to continue.")
        messages.warning(request, f"{reason} {again}")
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        # The form that was sent is lost; going back to its URL with GET could be refused.
        return redirect("login")


# Views whose exceptions other middleware turns into responses (django-axes' lockout on
# login): they run as Django runs them, outside the request transaction below.
OWN_EXCEPTION_HANDLING = frozenset({"login", "two_factor_verify", "two_factor_setup"})


class AtomicWritesMiddleware:
    """Each POST (PUT, PATCH, DELETE) runs its view in one transaction: a request that ends
    in an error stores nothing, so the error page can say that nothing was saved.

    Reads stay outside (no transaction for pages that only read). Must be last in
    MIDDLEWARE: it calls the view itself.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.SAFE_METHODS:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in OWN_EXCEPTION_HANDLING:
            return None
        if getattr(view_func, "_non_atomic_requests", None):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
