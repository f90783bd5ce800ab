"""Test overrides: development mode, fast hashing, eager Celery unless a worker test asks."""

import os

os.environ.setdefault("RYHMA_DEBUG", "1")

from ryhma.settings import *  # noqa: E402,F403
from ryhma.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Persistent connections would outlive the live-server thread and block dropping the test DB.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = ":memory:"
    # The test database is a file, as `make run`'s is, not memory: with an in-memory
    # database Django hands the live server's threads the test's own connection, and a
    # browser test whose page (or service worker) is still asking while the test reads the
    # ORM then shares one connection between threads, which Django's documentation warns
    # "may sometimes randomly cause the tests to fail" (the likely cause of a CI run whose
    # SQLite pass hung; not reproduced here). A file gives each thread its own connection,
    # locked by SQLite. pytest-django adds the xdist process (`_gw0`) to the name; Django
    # deletes the file at the end (its -wal and -shm files can stay: SQLite drops such a
    # left-over log when it opens the next run's new, empty file). Write-ahead logging lets
    # another connection read while a test's transaction holds its writes (as /healthz's
    # probe does, on a connection of its own); durability is not wanted.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db" / "ryhma.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
    }
    (BASE_DIR / ".test-db").mkdir(exist_ok=True)  # noqa: F405
# Serve static files from the finders, as in development: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Under pytest-xdist every test process gets a Redis cache database of its own: clearing
# the cache between tests (conftest) empties a whole Redis database.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if CACHE_URL and _XDIST_WORKER.startswith("gw"):  # noqa: F405
    _base, _, _db = CACHE_URL.rpartition("/")  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_base}/{int(_db or 0) + int(_XDIST_WORKER[2:])}"  # noqa: F405
# Files too: tests that clean up report files clear the whole reports folder, which must not
# take another test process's files from under it.
MEDIA_ROOT = BASE_DIR / ".test-media" / (_XDIST_WORKER or "main")  # noqa: F405
