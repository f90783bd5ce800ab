"""Small pieces of the login protection that settings point to."""

import logging
from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.models import AccessLog
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login made over HTTP.

    A login without a request (a management command, the test client's `login()`) has no
    address to count against, so it skips the check instead of failing; every login page
    (ours and the admin's) passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


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


def purge_login_log(*, now: datetime | None = None) -> int:
    """Delete login records (user, address, browser) older than LOGIN_LOG_RETENTION_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LOGIN_LOG_RETENTION_DAYS)
    deleted, _by_model = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    logger.info("Deleted %d login records older than %s", deleted, cutoff.isoformat())
    return deleted


def safe_next(request, default: str) -> str:
    """The `next` of the request (POST, then GET) when it is a URL of this site, else
    `default`: a link from elsewhere must not turn our redirect into theirs."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def over_limit(key: str, limit: int, window: int) -> bool:
    """Count one more event under `key` in the cache; True when that makes more than
    `limit` within `window` seconds. A cache outage counts nothing (it never blocks)."""
    from django.core.cache import cache

    try:
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)
            count = 1
    except Exception:  # noqa: BLE001 - any cache backend error
        return False
    return count > limit
