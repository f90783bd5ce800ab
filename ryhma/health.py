"""What /healthz checks: the database, the broker and the cache, within a deadline.

Each check runs in a thread of its own with its own connection and short timeouts, and
the answer waits for them at most DEADLINE seconds in all: a database that accepts the
connection and then stalls, or a Redis that does not answer, is "unreachable" in time,
without holding the request. A check still stuck from an earlier request is not started
again (one stalled thread per check at most); it reports "unreachable" until it ends.
The probes keep their connections open between calls (a health check must not cost a new
database connection each time); a connection that fails is dropped and made again on the
next call, so the answer is 200 again as soon as everything answers, without a restart.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

OK = "ok"
UNREACHABLE = "unreachable"
# Seconds for all checks together (the load balancer's timeout is two seconds).
DEADLINE = 1.5
# Seconds each network step of a check may take.
STEP_TIMEOUT = 1

_stuck: dict[str, threading.Thread] = {}
_lock = threading.Lock()


_probes: dict[tuple, Any] = {}  # open connections of the probes, by what they reach
_probe_locks: dict[str, threading.Lock] = {}


def _probe_lock(name: str) -> threading.Lock:
    with _lock:
        return _probe_locks.setdefault(name, threading.Lock())


def database() -> str:
    """SELECT 1 on the probe's own connection (not a request's), with a statement timeout."""
    db = connections.settings[DEFAULT_DB_ALIAS]
    key = ("database", db["ENGINE"], db["NAME"], db.get("HOST"), db.get("PORT"))
    with _probe_lock("database"):
        wrapper = _probes.get(key)
        try:
            if wrapper is None:
                wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
                wrapper.inc_thread_sharing()  # each probe runs in a thread of its own
                _probes[key] = wrapper
                if wrapper.vendor == "postgresql":
                    with wrapper.cursor() as cursor:
                        cursor.execute("SET statement_timeout = %s", [STEP_TIMEOUT * 1000])
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:
            _probes.pop(key, None)
            if wrapper is not None:
                try:
                    wrapper.close()
                except Exception:
                    pass
            raise
    return OK


def _ping_redis(url: str) -> str:
    import redis

    key = ("redis", url)
    with _probe_lock(url):
        client = _probes.get(key)
        if client is None:
            client = _probes[key] = redis.Redis.from_url(
                url, socket_connect_timeout=STEP_TIMEOUT, socket_timeout=STEP_TIMEOUT
            )
        # A failed ping drops its connection; the next one connects again.
        client.ping()
    return OK


def broker() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    return _ping_redis(settings.REDIS_URL)


def cache() -> str:
    default = settings.CACHES["default"]
    if "redis" not in default["BACKEND"].lower():
        return "local"
    return _ping_redis(default["LOCATION"])


CHECKS: dict[str, Callable[[], str]] = {"database": database, "broker": broker, "cache": cache}


def _without_network(name: str) -> str | None:
    """The status of a check that has nothing to reach (no thread needed), or None."""
    if name == "broker" and not settings.REDIS_URL:
        return "in-process"
    if name == "cache" and "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        return "local"
    return None


def _run(check: Callable[[], str], result: dict) -> None:
    try:
        result["status"] = check()
    except Exception:
        result["status"] = UNREACHABLE


def check_all(deadline: float = DEADLINE) -> dict[str, str]:
    """{"database": "ok", "broker": ..., "cache": ...}, within `deadline` seconds."""
    started = {}
    statuses = {}
    with _lock:
        for name, check in CHECKS.items():
            known = _without_network(name)
            if known is not None:
                statuses[name] = known
                continue
            earlier = _stuck.get(name)
            if earlier is not None and earlier.is_alive():
                statuses[name] = UNREACHABLE
                continue
            result: dict = {}
            thread = threading.Thread(
                target=_run, args=(check, result), name=f"healthz-{name}", daemon=True
            )
            thread.start()
            started[name] = (thread, result)
    ends_at = time.monotonic() + deadline
    for name, (thread, result) in started.items():
        thread.join(max(0.0, ends_at - time.monotonic()))
        if thread.is_alive():
            with _lock:
                _stuck[name] = thread
            statuses[name] = UNREACHABLE
        else:
            statuses[name] = result.get("status", UNREACHABLE)
    return {name: statuses[name] for name in CHECKS}


def is_healthy(statuses: dict[str, str]) -> bool:
    return UNREACHABLE not in statuses.values()
