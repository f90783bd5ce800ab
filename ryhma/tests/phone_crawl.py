"""The phone crawl: in the browser, on a 360 × 740 phone, every page a demo user reaches
from their home page fits the screen (no sideways scrolling), and no link on them answers 404.

Each role's crawl is a test module of its own (`test_e2e_phone_crawl_<username>.py`), so that
the crawls, the longest browser tests, can run in different test processes.
"""

import re
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import SESSION_KEY
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from conftest import browser_login

# Links that end the session or change the language are not pages to look at.
SKIPPED = ("/kirjaudu-ulos/", "/i18n/", "/admin/")
# Downloads (exports, PDFs) are checked for their status only, not opened as pages.
DOWNLOADS = (".csv", ".xlsx", ".pdf", ".json", ".zip", "/pdf/", "/lataa/")
MAX_PAGES = 150
# Links whose status is checked without opening them as pages (other rows of a kind seen).
MAX_CHECKED = 600


def _links(page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"
    )


def _session_client(page) -> Client:
    """Django's test client with the browser's cookies and languages: the same user, session
    and language."""
    client = Client(HTTP_ACCEPT_LANGUAGE=page.evaluate("() => navigator.languages.join(',')"))
    for cookie in page.context.cookies():
        client.cookies[cookie["name"]] = cookie["value"]
    assert client.session.get(SESSION_KEY), "the browser's session is a logged-in one"
    return client


def _status(client: Client, url: str) -> int:
    """The status a link answers with, after its redirects (as the browser would end up):
    asked in this process, without opening a page or an HTTP connection."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.get(path, follow=True).status_code


def _page_key(url: str) -> str:
    """One page of each kind is opened: pages differing only in their query (a filter, a
    page number) or in a row's number count once, except the week grid, whose query is
    the week. The links to the other rows are still checked for their status."""
    parts = urlsplit(url)
    if parts.path.endswith("/viikko/"):
        return parts.path + "?" + parts.query
    return re.sub(r"/\d+(?=[/-])", "/N", parts.path)


def crawl(page, username: str) -> tuple[list[str], list[str], list[str]]:
    """(pages seen, pages wider than the screen, links answering 404)."""
    browser_login(page, username, "ryhmademo")
    client = _session_client(page)
    base = page.base_url
    seen: list[str]
    checked: set[str]
    queue, seen, keys, queued, opened = [page.url], [], set(), set(), set()
    too_wide, broken, checked = [], [], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        key = _page_key(url)
        if key in keys:
            continue
        keys.add(key)
        opened.add(url)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # A file, not a page: its status is what counts.
            if _status(client, url) == 404:
                broken.append(url)
            continue
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
            is_download = any(d in target for d in DOWNLOADS)
            if is_download or _page_key(target) in keys or _page_key(target) in queued:
                if target not in checked and target not in opened and len(checked) < MAX_CHECKED:
                    checked.add(target)
                    status = _status(client, target)
                    if status == 404:
                        broken.append(f"{target} (linked from {url})")
                continue
            queued.add(_page_key(target))
            queue.append(target)
    return seen, too_wide, broken


def assert_every_page_fits_a_phone_and_no_link_is_broken(page, username: str) -> None:
    """Crawl as the demo user `username` on a phone page and assert what the crawl found."""
    seen, too_wide, broken = crawl(page, username)
    assert len(seen) > 3, f"{username} reached only {seen}"
    assert not broken, f"{username}: links answering 404:\n" + "\n".join(broken)
    assert not too_wide, f"{username}: pages wider than 360 px:\n" + "\n".join(too_wide)
