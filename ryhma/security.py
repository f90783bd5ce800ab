"""Small pieces of the login protection that settings point to."""

from django.conf import settings


def client_ip(request) -> str:
    """The address that failed logins are counted against.

    Behind our own TLS proxy every request comes from the proxy, so the address is the last
    entry the proxy appended to X-Forwarded-For (earlier entries are the client's to forge).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
