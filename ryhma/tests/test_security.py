import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ryhma.security import client_ip

BASE_DIR = Path(__file__).resolve().parents[2]


def test_deploy_check_with_production_settings_reports_no_warnings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SESSION_"))
    }
    env.update(
        RYHMA_DEBUG="0",
        SECRET_KEY="Zq8-pP1vXr3kLw9tYb6nHs2dMf5gJc7aQe4uTi0oRy8lKx3zVn1mBw7sAd9fGh2j",
        ALLOWED_HOSTS="ryhma.example.fi",
        DJANGO_SETTINGS_MODULE="ryhma.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_production_settings_harden_cookies_and_transport(settings):
    from ryhma import settings as production

    assert production.SESSION_COOKIE_HTTPONLY and production.CSRF_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert production.X_FRAME_OPTIONS == "DENY"
    names = [v["NAME"].rsplit(".", 1)[-1] for v in production.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


def test_every_page_sends_a_strict_content_security_policy(client, coordinator):
    client.force_login(coordinator)
    for url in (reverse("login"), "/ohjelma/kaikki/", "/ei-ole/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy


def _fail_login(client, username="koordinaattori", address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": "väärä-salasana"},
        REMOTE_ADDR=address,
    )


def test_five_failed_logins_lock_the_username_from_that_address(client, coordinator):
    coordinator.set_password("oikea-salasana-123")
    coordinator.save()
    for _attempt in range(4):
        assert _fail_login(client).status_code == 200
    locked = _fail_login(client)
    assert locked.status_code == 429
    assert "Kirjautuminen on lukittu" in locked.content.decode()
    # Even the right password is refused while locked.
    right = client.post(
        reverse("login"),
        {"username": "koordinaattori", "password": "oikea-salasana-123"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, coordinator):
    coordinator.set_password("oikea-salasana-123")
    coordinator.save()
    for _attempt in range(5):
        _fail_login(client)
    from_elsewhere = client.post(
        reverse("login"),
        {"username": "koordinaattori", "password": "oikea-salasana-123"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert from_elsewhere.status_code == 302
    client.post(reverse("logout"))
    assert _fail_login(client, username="toinen").status_code == 200


def test_lockout_message_in_swedish_and_english(client, coordinator):
    for _attempt in range(5):
        _fail_login(client)
    client.cookies["django_language"] = "sv"
    assert "Inloggningen är låst" in _fail_login(client).content.decode()
    client.cookies["django_language"] = "en"
    assert "Login locked" in _fail_login(client).content.decode()


def test_a_successful_login_clears_the_failure_count(client, coordinator):
    coordinator.set_password("oikea-salasana-123")
    coordinator.save()
    for _attempt in range(4):
        _fail_login(client)
    client.post(
        reverse("login"),
        {"username": "koordinaattori", "password": "oikea-salasana-123"},
        REMOTE_ADDR="10.0.0.1",
    )
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert _fail_login(client).status_code == 200


@pytest.mark.parametrize(
    "behind_proxy, forwarded, expected",
    [
        (False, "1.2.3.4", "10.0.0.9"),
        (True, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (True, "", "10.0.0.9"),
    ],
)
def test_failed_logins_count_against_the_address_our_proxy_saw(
    rf, settings, behind_proxy, forwarded, expected
):
    settings.BEHIND_TLS_PROXY = behind_proxy
    request = rf.post("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_login_records_older_than_their_retention_are_deleted(client, coordinator, settings):
    from axes.models import AccessLog

    from ryhma import tasks

    settings.LOGIN_LOG_RETENTION_DAYS = 180
    coordinator.set_password("oikea-salasana-123")
    coordinator.save()
    with time_machine.travel(timezone.now() - timedelta(days=181)):
        client.post(
            reverse("login"), {"username": "koordinaattori", "password": "oikea-salasana-123"}
        )
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "koordinaattori", "password": "oikea-salasana-123"})
    assert AccessLog.objects.count() == 2
    assert tasks.purge_login_log.delay().get() == 1
    assert AccessLog.objects.count() == 1
    assert "purge-expired-login-log" in settings.CELERY_BEAT_SCHEDULE


def test_password_change_page_offers_two_factor_login(client, official):
    client.force_login(official)
    text = client.get(reverse("password_change")).content.decode()
    assert reverse("two_factor_setup") in text


def test_test_client_login_works_without_a_request(client, coordinator):
    assert client.login(username="koordinaattori", password="salasana-testi-123")
    assert client.get("/ohjelma/kaikki/").status_code == 200
    client.logout()
    assert not client.login(username="koordinaattori", password="väärä")


@pytest.mark.parametrize("debug", [True, False])
def test_media_files_are_not_served_in_any_configuration(
    client, coordinator, settings, tmp_path, debug
):
    """A generated report lies in MEDIA_ROOT; no URL serves that folder, with DEBUG on
    (`make run`) or off: reports are downloaded through their scoped, audited view."""
    import importlib

    from django.urls import clear_url_caches

    import ryhma.urls

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "reports" / "1").mkdir(parents=True)
    (tmp_path / "reports" / "1" / "report-1.pdf").write_bytes(b"%PDF-1.7 personal data")
    settings.DEBUG = debug
    try:
        importlib.reload(ryhma.urls)
        clear_url_caches()
        for user in (None, coordinator):
            if user:
                client.force_login(user)
            response = client.get("/media/reports/1/report-1.pdf")
            assert response.status_code == 404
            assert b"personal data" not in response.content
    finally:
        settings.DEBUG = False
        importlib.reload(ryhma.urls)
        clear_url_caches()


def test_password_reset_links_are_rate_limited(client, coordinator):
    """Eight sends in a row made eight mails: the fourth to one address is refused with
    429 and a message, and no more mail goes out."""
    from django.core import mail
    from django.core.cache import cache

    cache.clear()
    url = reverse("password_reset")
    statuses = [client.post(url, {"email": coordinator.email}).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    response = client.post(url, {"email": coordinator.email})
    assert "Odota tunti" in response.content.decode()
    cache.clear()


def test_pages_and_files_for_a_signed_in_user_are_not_stored(
    client, coordinator, staff, association
):
    """A worker's page, the week grid and a payroll export: no browser or proxy keeps
    them (Cache-Control: no-store), so the back button after logout shows nothing."""
    from workers.tests.factories import employed_worker

    worker = employed_worker(association)
    urls = {
        coordinator: [
            reverse("workers:detail", args=[worker.pk]),
            reverse("workers:list"),
            reverse("services:export", args=[association.pk, 2026, 3, "palkat", "csv"]),
        ],
        staff: [reverse("services:week")],
    }
    for user, pages in urls.items():
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"], url
            assert "private" in response["Cache-Control"], url


def test_tokens_are_masked_in_log_lines(client, db):
    """A wrong assessment link (410) logs its path: the token is masked, in the log
    line that the configured console handler writes."""
    import io
    import logging

    from ryhma.logfilters import MaskTokensFilter, mask_secrets

    assert (
        mask_secrets("Not Found: /arviointi/vastaa/Zm9vYmFyMTIz/ and /salasana/uusi/MQ/abc-123/")
        == "Not Found: /arviointi/vastaa/***/ and /salasana/uusi/***/"
    )
    assert mask_secrets("/salasana/uusi/valmis/") == "/salasana/uusi/valmis/"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskTokensFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        assert client.get("/arviointi/vastaa/salainen-tunniste-123/").status_code == 410
    finally:
        logger.removeHandler(handler)
    assert "/arviointi/vastaa/***/" in stream.getvalue()
    assert "salainen-tunniste-123" not in stream.getvalue()
    from django.conf import settings

    assert settings.LOGGING["handlers"]["console"]["filters"] == ["mask_tokens"]


def test_a_guess_spread_over_many_addresses_is_slowed_but_never_locks_out(
    client, coordinator, monkeypatch
):
    """Twelve wrong passwords for the coordinator, each from another address (axes counts
    per username and address, so it locks none of them): after the tenth each try
    waits a second longer; the coordinator still logs in, and the count starts over."""
    from django.core.cache import cache

    from ryhma import security

    cache.clear()
    waits = []
    monkeypatch.setattr(security.time, "sleep", waits.append)
    coordinator.set_password("oikea-salasana-123")
    coordinator.save()
    for attempt in range(12):
        assert _fail_login(client, address=f"10.1.0.{attempt}").status_code == 200
    assert waits == [1.0, 2.0]
    right = client.post(
        reverse("login"),
        {"username": "koordinaattori", "password": "oikea-salasana-123"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert right.status_code == 302
    assert waits == [1.0, 2.0, 3.0]
    assert security.login_delay("koordinaattori") == 0
    cache.clear()
