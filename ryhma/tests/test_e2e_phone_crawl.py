"""In the browser, on a 360 × 740 phone: every page each role reaches from its home page
fits the screen (no sideways scrolling), and no link on them answers 404."""

from urllib.parse import urljoin, urlsplit

import pytest

from conftest import browser_login
from ryhma.demo import seed_all

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = ["koordinaattori", "kyla", "virkailija", "tyontekija"]
# Links that end the session or change the language are not pages to look at.
SKIPPED = ("/kirjaudu-ulos/", "/i18n/", "/admin/")
# Downloads (exports, PDFs) are checked for their status only, not opened as pages.
DOWNLOADS = (".csv", ".xlsx", ".pdf", "/pdf/", "/lataa/")
MAX_PAGES = 150


def _links(page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"
    )


def _page_key(url: str) -> str:
    """Pages differing only in their query (a filter, a page number) count once, except the
    week grid and month pages whose query is the page."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.path.endswith("/viikko/") else "")


def crawl(page, username: str) -> tuple[list[str], list[str], list[str]]:
    """(pages seen, pages wider than the screen, links answering 404)."""
    browser_login(page, username, "ryhmademo")
    base = page.base_url
    queue, seen, keys = [page.url], [], set()
    too_wide, broken, checked = [], [], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        key = _page_key(url)
        if key in keys:
            continue
        keys.add(key)
        response = page.goto(url)
        seen.append(url)
        if response is not None and response.status == 404:
            broken.append(url)
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{urlsplit(url).path}?{urlsplit(url).query}: {width}px")
        for href in _links(page):
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            target = urljoin(page.url, href).split("#")[0]
            if not target.startswith(base) or any(s in target for s in SKIPPED):
                continue
            if any(d in target for d in DOWNLOADS):
                if target not in checked:
                    checked.add(target)
                    status = page.request.get(target).status
                    if status == 404:
                        broken.append(f"{target} (linked from {url})")
                continue
            if _page_key(target) not in keys:
                queue.append(target)
    return seen, too_wide, broken


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_fits_a_phone_and_no_link_is_broken(phone_page, username):
    seed_all()
    seen, too_wide, broken = crawl(phone_page, username)
    assert len(seen) > 3, f"{username} reached only {seen}"
    assert not broken, f"{username}: links answering 404:\n" + "\n".join(broken)
    assert not too_wide, f"{username}: pages wider than 360 px:\n" + "\n".join(too_wide)
