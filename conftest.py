"""Shared fixtures: two municipalities, users of every role, and service checks.

Tests marked `e2e` need Chromium, tests marked `worker` need Redis. Outside CI a
missing service skips them with the reason; with CI set it fails them, so that a
CI run never passes by skipping.
"""

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

from villages.tests import world

# Property-based tests (hypothesis): no deadline, since CI shares two cores; fewer examples
# locally. Choose with HYPOTHESIS_PROFILE=ci|dev (CI picks "ci").
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# The longest modules of the suite, longest first: per-module times measured on the shared
# two-core machine, 7 December 2026. Under pytest-xdist with `--dist loadfile
# --no-loadscope-reorder` (`make test`) a test process that runs out of tests takes the next
# module in collection order: these start first, and the short modules fill in at the end,
# so that no process is left running a long module alone. A module missing here only starts
# later; the others keep xdist's own order, most tests first.
LONGEST_MODULES = [
    "ryhma/tests/test_hostile_forms.py",
    "ryhma/tests/test_e2e_phone_crawl_kyla.py",
    "ryhma/tests/test_e2e_phone_crawl_koordinaattori.py",
    "services/hours/tests/test_e2e_field_ready.py",
    "evaluation/tests/reports/test_report_worker.py",
    "ryhma/tests/test_access_matrix.py",
    "ryhma/tests/test_e2e_accessibility.py",
    "services/hours/tests/test_e2e_offline.py",
    "evaluation/tests/reports/test_report_render.py",
    "workers/tests/test_views.py",
    "evaluation/tests/reports/test_report_economy.py",
    "ryhma/tests/test_e2e_phone_crawl_virkailija.py",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist test process, put the longest modules first (see LONGEST_MODULES); the
    tests of a module keep their order."""
    if not hasattr(config, "workerinput"):
        return
    rank = {module: index for index, module in enumerate(LONGEST_MODULES)}
    counts: dict[str, int] = {}
    for item in items:
        counts[item.location[0]] = counts.get(item.location[0], 0) + 1

    def order(item: pytest.Item) -> tuple[int, int]:
        module = item.location[0]
        return (rank.get(module, len(rank)), -counts[module])

    items.sort(key=order)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (rate limits)."""
    from django.core.cache import cache

    cache.clear()


def missing_service(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI requires this service: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return candidate if shutil.which(candidate) or os.path.exists(candidate) else None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, freed of stray sessions before it is dropped.

    The live server answers the browser's keep-alive connections in threads of
    its own; one of them can still hold a PostgreSQL session when the run ends,
    and PostgreSQL refuses to drop a database that is in use.
    """
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@contextmanager
def module_transaction(django_db_blocker):
    """A transaction around the rest of a module's tests, rolled back after the last.

    Data written inside it (a module's shared seed) is there for every test; each test
    marked `django_db` still runs in a transaction of its own (a savepoint inside this
    one) that is rolled back at its end, so what one test writes does not reach the next.
    """
    from django.db import transaction

    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The whole demo seed (`ryhma.demo.seed_all`'s context), seeded once per module."""
    from ryhma.demo import seed_all

    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            context = seed_all()
        yield context


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo, seeded once in this test process and kept aside (ryhma/tests/demo_snapshot.py)."""
    from ryhma.tests.demo_snapshot import DemoSnapshot

    with django_db_blocker.unblock():
        return DemoSnapshot.take()


@pytest.fixture
def demo_seed(demo_snapshot):
    """The whole demo seed in the test's (empty) database, the rows `seed_all()` writes,
    copied back from the snapshot; the value is a fresh copy of seed_all's context. The test
    needs database access (a `django_db` mark); fixtures that write come after this one."""
    from ryhma.tests.demo_snapshot import forget_content_types

    yield demo_snapshot.restore()
    forget_content_types()


@pytest.fixture
def municipality(db):
    return world.municipality()


@pytest.fixture
def programme(municipality):
    return world.programme(municipality)


@pytest.fixture
def association(municipality):
    return world.association(municipality)


@pytest.fixture
def other_association(municipality):
    return world.other_association(municipality)


@pytest.fixture
def other_municipality(db):
    return world.other_municipality()


@pytest.fixture
def foreign_association(other_municipality):
    return world.foreign_association(other_municipality)


@pytest.fixture
def coordinator(municipality):
    return world.coordinator(municipality)


@pytest.fixture
def staff(municipality, association):
    return world.staff(municipality, association)


@pytest.fixture
def other_staff(municipality, other_association):
    return world.other_staff(municipality, other_association)


@pytest.fixture
def official(municipality):
    return world.official(municipality)


@pytest.fixture
def outsider(other_municipality, foreign_association):
    """A coordinator of another municipality: sees nothing of ours."""
    return world.outsider(other_municipality)


@pytest.fixture
def worker_user(municipality):
    return world.worker_user(municipality)


# --- Browser tests -------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped.

    Asking for the database first makes pytest tear the server (and its thread's
    connection) down first; otherwise PostgreSQL refuses to drop a database in use.
    """
    return live_server


# How long a browser test may take before its browser is stopped (`browser_watch`): the
# slowest takes about a minute on a loaded machine; pytest-timeout stops any test at 300 s.
BROWSER_TEST_SECONDS = 200
# How long closing a test's browser context may take.
CONTEXT_CLOSE_SECONDS = 30


def _chromium_pids() -> list[int]:
    """The Chromium processes under this test process (Playwright's driver starts them)."""
    parents, names = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": the name can hold spaces, the last ")" ends it.
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        names[int(entry.name)] = name
    mine = {os.getpid()}
    found = True
    while found:
        found = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                found = True
    return [pid for pid in mine if names.get(pid, "").startswith("chrom")]


@contextmanager
def browser_watch(seconds: float):
    """Stop Chromium if it has not answered within `seconds`; yields a dict whose "stopped"
    says whether it was stopped.

    Chromium can stop answering for good (closing a browser context while its service
    worker runs is a known case: puppeteer/puppeteer#11627), and a Playwright call then
    waits for ever: CI ran until its limit once, and a test stopped by pytest-timeout takes
    its xdist process with it, which can leave the whole run waiting. Stopped, the
    browser's pending call raises at once and the next test starts a new browser."""
    import signal
    import threading

    state = {"stopped": False}

    def stop():
        state["stopped"] = True
        for pid in _chromium_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield state
    finally:
        timer.cancel()


@pytest.fixture(scope="session")
def _playwright():
    path = chromium_path()
    if path is None:
        missing_service("Chromium not found at /usr/bin/chromium or $CHROMIUM_PATH")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes in between are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        held = {"path": path, "playwright": playwright, "browser": None}
        yield held
        if held["browser"] is not None and held["browser"].is_connected():
            held["browser"].close()


@pytest.fixture
def browser(_playwright):
    """This test process's Chromium, started again if a stalled one was stopped. A test
    not done within BROWSER_TEST_SECONDS has its browser stopped: the Playwright call it
    waits in raises (naming the call) and the test fails, saying why."""
    browser = _playwright["browser"]
    if browser is None or not browser.is_connected():
        browser = _playwright["browser"] = _playwright["playwright"].chromium.launch(
            executable_path=_playwright["path"], headless=True, args=CHROMIUM_ARGS
        )
    with browser_watch(BROWSER_TEST_SECONDS) as state:
        yield browser
    if state["stopped"]:
        pytest.fail(
            f"The browser test was not done within {BROWSER_TEST_SECONDS} s: Chromium was stopped",
            pytrace=False,
        )


def close_context(context) -> None:
    """Close a test's browser context; if Chromium does not answer within
    CONTEXT_CLOSE_SECONDS (a known Chromium fault, not our pages'), stop it: the next test
    starts a new browser, and the run's log says so."""
    from playwright.sync_api import Error

    with browser_watch(CONTEXT_CLOSE_SECONDS) as state:
        try:
            context.close()
        except Error:
            if not state["stopped"]:
                raise
    if state["stopped"]:
        # In the run's log, not as a warning: the suite turns warnings into errors.
        print(
            f"\nChromium did not close a browser context within {CONTEXT_CLOSE_SECONDS} s"
            " and was stopped; the next browser test starts a new one.",
            file=sys.__stderr__,
            flush=True,
        )


# Runs in every document before the page's own scripts: reports each Content-Security-Policy
# violation to the test through the console.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " blocked "
    + (event.blockedURI || "inline") + " at " + event.documentURI
    + (event.lineNumber ? ":" + event.lineNumber : ""));
});
"""


def _open_page(browser, live_server, **context_options):
    """A page on the live server that records every CSP violation in `page.csp_violations`."""
    context = browser.new_context(locale="fi-FI", **context_options)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    page.csp_violations = []
    page.add_init_script(CSP_WATCH)

    def on_console(message):
        text = message.text
        if text.startswith("CSP violation:") or "Content Security Policy" in text:
            page.csp_violations.append(text)

    page.on("console", on_console)
    return context, page


def _close_page(context, page):
    violations = list(dict.fromkeys(page.csp_violations))
    close_context(context)
    if violations:
        pytest.fail(
            "The page broke the Content Security Policy (no inline script or style, "
            "no external files):\n" + "\n".join(violations),
            pytrace=False,
        )


@pytest.fixture
def page(browser, live_server):
    """A desktop browser page; the test fails if any page it visits breaks the CSP."""
    context, page = _open_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    _close_page(context, page)


@pytest.fixture
def phone_page(browser, live_server):
    """A 360 px phone page; the test fails if any page it visits breaks the CSP."""
    context, page = _open_page(
        browser,
        live_server,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    yield page
    _close_page(context, page)


AXE_SCRIPT = Path(__file__).parent / "ryhma" / "tests" / "vendor" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


def accessibility_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's WCAG violations of the current page with one of `impacts`."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in impacts]


def assert_accessible(page, impacts=("serious", "critical")) -> None:
    """Fail when axe-core finds serious or critical accessibility problems on the page."""
    violations = accessibility_violations(page, impacts)
    assert not violations, f"Accessibility problems on {page.url}:\n" + "\n".join(
        f"  {v['impact']}: {v['id']} – {v['help']} at {', '.join(v['nodes'])}" for v in violations
    )


def browser_login(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/kirjaudu/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    # Wait for the page the login leads to: right after the click, `wait_for_load_state`
    # can still see the login page loaded and return before the next page has its styles.
    with page.expect_navigation():
        page.get_by_role("button", name="Kirjaudu sisään").click()


# --- Real Celery worker --------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        missing_service("REDIS_URL is not set, so there is no Redis for a real Celery worker")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at {url} does not answer: {error}")
    return url


@pytest.fixture
def start_celery_worker(redis_url, settings, tmp_path):
    """Starts real `celery worker` processes: `start(queue)` returns the process once it
    answers a ping. Every worker still running at the end of the test is stopped.

    A worker uses the test database when it runs on PostgreSQL, so tasks that touch the
    database see what a `transactional_db` test wrote.
    """
    import subprocess
    import sys
    import time

    from django.db import connection

    from ryhma.celery import app

    started = []

    def start(queue: str):
        # The environment as it is now: a test may set RYHMA_TEST_* for one worker only.
        env = {**os.environ, "RYHMA_DEBUG": "1", "REDIS_URL": redis_url}
        env["DJANGO_SETTINGS_MODULE"] = "ryhma.settings"
        db = connection.settings_dict
        if db["ENGINE"].endswith("postgresql"):
            auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
            host = f"{db['HOST']}:{db['PORT'] or 5432}"
            env["DATABASE_URL"] = f"postgres://{auth}@{host}/{db['NAME']}"
        env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
        # The first worker of a queue is named after it; later ones get a number.
        name = queue if not started else f"{queue}-{len(started)}"
        log = tmp_path / f"worker-{len(started)}.log"
        log_file = log.open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ryhma",
                "worker",
                "-Q",
                queue,
                "--concurrency=1",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=info",
                f"--hostname={name}@%h",
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log_file))
        node = f"{name}@{os.uname().nodename}"
        process.node = node  # type: ignore[attr-defined]  # the worker's Celery node name
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(destination=[node], timeout=1):
                return process
            if process.poll() is not None:
                pytest.fail(f"Celery worker exited early:\n{log.read_text()}")
        pytest.fail(f"Celery worker did not start in 60 s:\n{log.read_text()}")

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for process, log_file in started:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log_file.close()


@pytest.fixture
def celery_worker_process(start_celery_worker):
    """A real `celery worker` process on its own queue; yields the queue name."""
    import uuid

    queue = f"ryhma-test-{uuid.uuid4().hex[:8]}"
    start_celery_worker(queue)
    return queue
