"""Typed readers for environment variables that stop the process on a bad value.

Every reader names the variable in its error, so that a typo in a deployment is
found at start-up rather than as odd behaviour later.
"""

import os
from typing import overload
from urllib.parse import urlparse

import dj_database_url


class ImproperEnvironment(Exception):
    """A variable is set to a value the application cannot use."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperEnvironment(
        f"{name}={value!r} is not a boolean; use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperEnvironment(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperEnvironment(f"{name}={number} is below the minimum {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, schemes: tuple[str, ...]) -> str | None:
    """A URL whose scheme is one of `schemes` and which names a host, or None."""
    value = _raw(name)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ImproperEnvironment(
            f"{name} must start with one of {', '.join(s + '://' for s in schemes)}; "
            f"got {parsed.scheme or 'no scheme'!r}."
        )
    if not parsed.hostname and not parsed.path.strip("/"):
        raise ImproperEnvironment(f"{name} names no host or database.")
    return value


def database_from_url(name: str) -> dict | None:
    """Django DATABASES entry for a postgres:// URL in variable `name`, or None.

    dj-database-url reads the URL (it decodes a percent-encoded user or password and keeps
    query options such as `sslmode`); the checks here name the variable in their error.
    """
    url = env_url(name, ("postgres", "postgresql"))
    if url is None:
        return None
    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError:
        raise ImproperEnvironment(
            f"{name} is not a readable URL (a port that is not a number, or a character "
            "that should be percent-encoded)."
        ) from None
    if not database["NAME"]:
        raise ImproperEnvironment(f"{name} names no database (postgres://user@host:5432/NAME).")
    database["PORT"] = str(database["PORT"] or "")
    # PostgreSQL's JIT compiles any query it estimates as costly: for the dashboard's
    # hour aggregates at national scale the compiling cost far more than the query
    # itself, and short web queries never gain from it (bench/aggregates.py).
    # A database host that does not answer fails the connection in seconds, not minutes.
    database["OPTIONS"] = {
        **database.get("OPTIONS", {}),
        "options": "-c jit=off",
        "connect_timeout": 3,
    }
    return dict(database)
