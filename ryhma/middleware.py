from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

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
