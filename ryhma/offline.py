"""The installable app: its web app manifest, its service worker and the page it shows
for an address not kept on the device.

The service worker (templates/ryhma/service-worker.js) is served from our own origin at
the root, so that its scope covers every page, with no-cache so that the browser checks
it on every visit. It carries the release: caches are named by it and the pages check
it, so a page of an older release is never used against a newer server without reloading
(docs/using.md: "Working without a connection").
"""

import hashlib
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

# Files whose change makes a new release when RYHMA_RELEASE is not set: code, pages, assets.
RELEASE_SOURCES = ("ryhma", "villages", "workers", "services", "evaluation", "templates", "static")
RELEASE_SUFFIXES = {".py", ".html", ".js", ".css", ".txt", ".mo"}


@cache
def release() -> str:
    """The running release: RYHMA_RELEASE (the deployment's commit, say) or a digest of
    the code, templates and static files."""
    if settings.RYHMA_RELEASE:
        # Written into the worker's script and cache names: letters, digits, . _ - only.
        return re.sub(r"[^A-Za-z0-9._-]", "", settings.RYHMA_RELEASE)[:64]
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in RELEASE_SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and "tests" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _no_cache(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_GET
def service_worker(request):
    response = HttpResponse(
        render_to_string("ryhma/service-worker.js", {"release": release()}, request=None),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return _no_cache(response)


@require_GET
def manifest(request):
    response = HttpResponse(
        render_to_string("ryhma/manifest.webmanifest", {}),
        content_type="application/manifest+json; charset=utf-8",
    )
    return _no_cache(response)


@require_GET
def offline_page(request):
    """Shown by the service worker, without a connection, for a page not kept on the device."""
    return render(request, "ryhma/offline.html", {"release": release()})
