"""Django's Redis cache that never stops a request while Redis is unreachable.

Nothing Ryhmä keeps in the cache is the only copy of anything (rate-limit counters, values
worked out again on a miss), so a cache that does not answer is a cache that is empty: a read
is a miss, a write is dropped, and the error is logged once per call. Short socket timeouts
keep a Redis that does not answer from holding a request up for long.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds; Redis on the same network answers in well under a millisecond.
SOCKET_TIMEOUT = 0.5


class TolerantRedisCache(RedisCache):
    """RedisCache whose every operation treats a Redis error as a miss (or a no-op)."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)

    def _failed(self, operation: str, error: Exception) -> None:
        logger.warning("Cache unreachable (%s): %s", operation, error)

    def ping(self) -> None:
        """Raise a RedisError unless Redis answers (for /healthz)."""
        self._cache.get_client(write=True).ping()  # type: ignore[attr-defined]  # RedisCache's private client, not in the stubs

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._failed("add", error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._failed("get", error)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._failed("set", error)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self._failed("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._failed("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._failed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self._failed("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._failed("incr", error)
            # As for a key that is not there: the caller decides what a missing count means.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)") from error

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self._failed("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            self._failed("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            self._failed("clear", error)
            return False
