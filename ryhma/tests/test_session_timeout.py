import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PAGE = "/ohjelma/kaikki/"


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_thirty_idle_minutes_log_out_with_a_finnish_message_on_the_login_page(
    client, coordinator, traveller
):
    client.force_login(coordinator)
    assert client.get(PAGE).status_code == 200

    traveller.shift(timedelta(minutes=31))
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={PAGE}"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "Sinut kirjattiin ulos, koska et käyttänyt palvelua 30 minuuttiin." in login_page
    assert "Kirjaudu uudelleen jatkaaksesi." in login_page
    # The message is shown once.
    assert "Sinut kirjattiin ulos" not in client.get(reverse("login")).content.decode()


def test_every_request_slides_the_idle_deadline(client, coordinator, traveller):
    client.force_login(coordinator)
    for _step in range(6):
        assert client.get(PAGE).status_code == 200
        traveller.shift(timedelta(minutes=25))
    assert client.get(PAGE).status_code == 200
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_a_form_sent_after_the_timeout_is_not_saved_and_goes_to_the_login_page(
    client, coordinator, traveller
):
    client.force_login(coordinator)
    client.get(PAGE)
    traveller.shift(timedelta(hours=1))
    response = client.post(reverse("password_change"), {"old_password": "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "Sinut kirjattiin ulos" in client.get(reverse("login")).content.decode()


def test_an_active_session_still_ends_eight_hours_after_login(client, coordinator, traveller):
    client.force_login(coordinator)
    for _step in range(8 * 4 + 1):
        assert client.get(PAGE).status_code == 200
        traveller.shift(timedelta(minutes=15))
    response = client.get(PAGE, follow=True)
    assert "_auth_user_id" not in client.session
    assert "koska kirjautumisestasi on kulunut yli 8 tuntia" in response.content.decode()


def test_idle_limit_follows_the_setting(client, coordinator, traveller, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client.force_login(coordinator)
    client.get(PAGE)
    traveller.shift(timedelta(minutes=4))
    assert client.get(PAGE).status_code == 200
    traveller.shift(timedelta(minutes=6))
    assert client.get(PAGE).status_code == 302


def test_anonymous_pages_are_not_affected(client, traveller):
    client.get(reverse("login"))
    traveller.shift(timedelta(days=1))
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Sinut kirjattiin ulos" not in response.content.decode()


def _settings_value(name: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SESSION_"))}
    env.update(RYHMA_DEBUG="1", **environ)
    return subprocess.run(
        [sys.executable, "-c", f"import ryhma.settings as s; print(s.{name})"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_idle_minutes_come_from_the_environment_with_a_default_of_thirty():
    assert _settings_value("SESSION_IDLE_TIMEOUT").stdout.strip() == "1800"
    set_to_ten = _settings_value("SESSION_IDLE_TIMEOUT", RYHMA_SESSION_IDLE_MINUTES="10")
    assert set_to_ten.stdout.strip() == "600"
    longer_than_session = _settings_value("SESSION_IDLE_TIMEOUT", RYHMA_SESSION_IDLE_MINUTES="600")
    assert longer_than_session.returncode != 0
    assert "RYHMA_SESSION_IDLE_MINUTES" in longer_than_session.stderr
