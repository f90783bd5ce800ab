"""Rendered pages kept between requests until the data under them changes.

A page decorated with `cached_page` is rendered once per user, address, language, day and
*generation* of the data it reads, and served from the cache (Redis when REDIS_URL is set,
so that every web process and Celery worker shares it) until then.

Generations are what makes this safe. Every SQL statement that writes (INSERT, UPDATE,
DELETE) goes through `watch_writes`, an execute wrapper on every database connection, so
no write path can forget to say that data changed: an action, a bulk update, an import, a
Celery task, the admin, a management command. A write made in a request of a user who
belongs to a municipality moves that municipality's generation; any other write (no
request, a user without a municipality, a table shared by municipalities) moves the
global one. A page key holds both generations, so a moved generation makes every page
under it unreachable (they expire on their own). The generation moves when the statement
runs and again when its transaction commits, so a reader in another process never files a
page rendered from data older than the generation it read.

Per-render values are put back on every hit: the CSRF token, the CSP nonce and the
single-use tokens that views ask for with `fresh_token`. Pages with messages to show,
users without a municipality (superusers see every municipality) and anything but a
plain 200 HTML answer to GET are never kept.
"""

import hashlib
import re
import secrets
from contextvars import ContextVar
from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

GLOBAL = "all"
# Written on every request or at login, and never shown on a kept page.
IGNORED_TABLES = {"django_session"}
IGNORED_TABLE_PREFIXES = ("axes_",)  # django-axes' login attempts and log
# Rows that every municipality reads (national parameter sets and instruments may have
# no municipality): a write to them moves the global generation whoever makes it.
SHARED_TABLES = frozenset(
    {
        "workers_parameterset",
        "workers_parametervalue",
        "workers_municipalsharestep",
        "evaluation_instrument",
        "evaluation_instrumentitem",
        "django_content_type",
        "auth_group",
        "auth_permission",
    }
)
# The audit trail: its rows are shown only by pages that ask for `trail` generations.
AUDIT_TABLE = "ryhma_auditevent"
# Session keys that change without changing any page (the idle clock, queued messages).
VOLATILE_SESSION_KEYS = ("ryhma_session_last_active", "ryhma_session_started", "_messages")

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Django's own statement at login: only the timestamp of the user row changes.
_LAST_LOGIN_ONLY = re.compile(
    r'^\s*UPDATE\s+"?\w+"?\s+SET\s+"?last_login"?\s*=\s*\S+\s+WHERE', re.I
)
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_MARK = b"\x00ryhma-csrf\x00"
NONCE_MARK = b"\x00ryhma-nonce\x00"
FRESH_MARK = b"\x00ryhma-fresh\x00"

# The request whose writes are being watched (set by WriteScopeMiddleware).
_request: ContextVar = ContextVar("ryhma_pagecache_request", default=None)


# --- generations ------------------------------------------------------------------------


def _database_name(alias: str = "default") -> str:
    return str(connections[alias].settings_dict["NAME"])


def _generation_key(scope) -> str:
    return f"gen:{_database_name()}:{scope}"


def register_derived(model) -> None:
    """Writes to `model` move no generation: its rows are worked out from other tables
    (a store of computed figures, refreshed while a page is read), so writing them changes
    what no page shows. Call from the owning app's `ready()`."""
    IGNORED_TABLES.add(model._meta.db_table)


def _new_token() -> str:
    return secrets.token_hex(8)


def bump(scope) -> None:
    """Move the generation of `scope` (a municipality id or GLOBAL)."""
    cache.set(_generation_key(scope), _new_token(), timeout=None)


def generations(municipality_id: int, *, trail: bool = False) -> tuple[str, ...]:
    """The current generations of everyone's and the municipality's data (and, with `trail`,
    of their audit trails), made when missing."""
    scopes = [GLOBAL, municipality_id]
    if trail:
        scopes += [trail_scope(GLOBAL), trail_scope(municipality_id)]
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A token never used before: pages kept under an evicted generation stay unreachable.
            cache.add(key, _new_token(), timeout=None)
            found[key] = cache.get(key)
    return tuple(found[key] for key in keys)


def trail_scope(scope) -> str:
    """The audit trail's own generation: opening a worker's page records a view event,
    which must not move every page of the municipality, only the trail's pages."""
    return f"trail-{scope}"


def municipality_of(user) -> int | None:
    """The one municipality whose data the user's pages show, or None."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    membership = getattr(user, "membership", None)
    if membership is not None:
        return membership.municipality_id
    profile = getattr(user, "worker_profile", None)
    return profile.municipality_id if profile is not None else None


def _write_scope(table: str):
    if table in SHARED_TABLES:
        return GLOBAL
    request = _request.get()
    if request is None:
        return GLOBAL
    if not hasattr(request, "_ryhma_write_scope"):
        request._ryhma_write_scope = municipality_of(request.user) or GLOBAL
    return request._ryhma_write_scope


def _scheduled(connection, scope) -> bool:
    """Whether this transaction already bumps `scope` on commit (kept with Django's own list,
    so that a rolled-back savepoint forgets it too)."""
    return any(
        getattr(entry[1], "ryhma_scope", None) == scope for entry in connection.run_on_commit
    )


def watch_writes(execute, sql, params, many, context):
    """Execute wrapper: moves the generation that a writing statement touches."""
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match is None:
        return result
    table = match.group(1).lower()
    if table in IGNORED_TABLES or table.startswith(IGNORED_TABLE_PREFIXES):
        return result
    if _LAST_LOGIN_ONLY.match(sql):
        return result
    connection = context["connection"]
    scope = _write_scope(table)
    if table == AUDIT_TABLE:
        scope = trail_scope(scope)
    # Now, for readers inside this transaction (and every statement: a page may have been
    # kept since the last one) ...
    bump(scope)
    # ... and once more when the transaction commits, for readers everywhere.
    if connection.in_atomic_block and not _scheduled(connection, scope):
        callback = partial(bump, scope)
        callback.ryhma_scope = scope
        transaction.on_commit(callback, using=connection.alias, robust=True)
    return result


def install_watcher(sender, connection, **kwargs):
    """`connection_created` receiver: every connection reports its writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


class WriteScopeMiddleware:
    """Lets `watch_writes` know whose request a write belongs to (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


# --- pages ------------------------------------------------------------------------------


def fresh_token(request) -> str:
    """A single-use token for a form (a new one on every render, also from the cache)."""
    token = secrets.token_hex(16)
    request.__dict__.setdefault("_ryhma_fresh_tokens", []).append(token)
    return token


def _session_digest(session) -> str:
    items = sorted(
        (key, repr(value)) for key, value in session.items() if key not in VOLATILE_SESSION_KEYS
    )
    return hashlib.sha256(repr(items).encode()).hexdigest()


def _page_key(request, trail: bool) -> str | None:
    user = request.user
    municipality_id = municipality_of(user)
    if municipality_id is None or len(messages.get_messages(request)):
        return None
    parts = (
        _database_name(),
        request.get_full_path(),
        user.pk,
        get_language(),
        timezone.localdate().isoformat(),
        _session_digest(request.session),
        *generations(municipality_id, trail=trail),
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _keep(request, key: str, response) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
        or response.cookies
        or response.has_header("Cache-Control")
        or len(messages.get_messages(request))
    ):
        return
    content = _CSRF_INPUT.sub(rb"\1" + CSRF_MARK + rb"\2", response.content)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce.encode(), NONCE_MARK)
    for token in getattr(request, "_ryhma_fresh_tokens", ()):
        content = content.replace(token.encode(), FRESH_MARK)
    cache.set(key, (content, response["Content-Type"]), settings.RYHMA_PAGE_CACHE_SECONDS)


def _replay(request, stored) -> HttpResponse:
    content, content_type = stored
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request).encode())
    if NONCE_MARK in content:
        content = content.replace(NONCE_MARK, str(request.csp_nonce).encode())
    while FRESH_MARK in content:
        content = content.replace(FRESH_MARK, fresh_token(request).encode(), 1)
    response = HttpResponse(content, content_type=content_type)
    response["X-Ryhma-Page"] = "kept"
    return response


def cached_page(view=None, *, trail: bool = False):
    """Serve GET answers of `view` from the cache until the data under them changes.

    Put it under the access decorators: they run on every request, kept page or not. A page
    that shows the audit trail says `trail=True`.
    """
    if view is None:
        return partial(cached_page, trail=trail)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.RYHMA_PAGE_CACHE:
            return view(request, *args, **kwargs)
        key = _page_key(request, trail)
        if key is None:
            return view(request, *args, **kwargs)
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.add_post_render_callback(lambda rendered: _keep(request, key, rendered))
        else:
            _keep(request, key, response)
        return response

    wrapped.page_cached = True
    return wrapped
