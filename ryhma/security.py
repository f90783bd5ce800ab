"""Small pieces of the login protection that settings point to."""

import hashlib
import logging
import time
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


# Per username, from any address: after this many failed logins within the window every
# further try waits a while before it is checked. django-axes locks a username from one
# address; a guess spread over many addresses is only slowed, so that no one can lock the
# coordinator out by failing on purpose.
LOGIN_SOFT_LIMIT = 10
LOGIN_SOFT_WINDOW = 60 * 60
LOGIN_MAX_DELAY = 5.0


def _failure_key(username: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"ryhma:login-failures:{digest}"


def login_delay(username: str) -> float:
    """Seconds a login for `username` waits: 0 under the soft limit, then one more second
    for each failure over it, at most LOGIN_MAX_DELAY."""
    from django.core.cache import cache

    try:
        failures = cache.get(_failure_key(username), 0)
    except Exception:  # noqa: BLE001 - a cache outage never blocks a login
        return 0.0
    over = failures - LOGIN_SOFT_LIMIT + 1
    return min(float(over), LOGIN_MAX_DELAY) if over > 0 else 0.0


def login_failed(username: str) -> None:
    over_limit(_failure_key(username), LOGIN_SOFT_LIMIT, LOGIN_SOFT_WINDOW)


def login_succeeded(username: str) -> None:
    from django.core.cache import cache

    try:
        cache.delete(_failure_key(username))
    except Exception:  # noqa: BLE001
        pass


def slow_down(username: str) -> None:
    delay = login_delay(username)
    if delay:
        time.sleep(delay)
