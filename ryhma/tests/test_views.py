import json
import socket
import threading
import time

import pytest
from django.db import connection, connections
from django.urls import reverse

from ryhma import health


def test_healthz_reports_database_and_in_process_broker(client, db, settings):
    settings.REDIS_URL = None
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "broker": "in-process",
        "cache": "local",
    }


def silent_server():
    """A TCP port that accepts connections and never answers: a stalled server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_is_503_within_two_seconds_while_the_database_stalls_and_200_after(
    client, db, settings, monkeypatch
):
    settings.REDIS_URL = None
    stalled = threading.Event()

    def stalling_database():
        stalled.wait(30)  # a database that took the query and does not answer
        return health.OK

    monkeypatch.setitem(health.CHECKS, "database", stalling_database)
    began = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - began < 2
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"
    # Asked again while the first check still hangs: no second one, the same answer.
    response = client.get("/healthz")
    assert response.status_code == 503
    stalled.set()
    monkeypatch.setitem(health.CHECKS, "database", health.database)
    time.sleep(0.1)
    assert client.get("/healthz").status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stalled server stands in for PostgreSQL"
)
def test_healthz_answers_within_two_seconds_from_a_database_server_that_never_answers(
    client, db, settings, monkeypatch
):
    settings.REDIS_URL = None
    with silent_server() as listener:
        host, port = listener.getsockname()
        stalled = {**connections.settings["default"], "HOST": host, "PORT": str(port)}
        monkeypatch.setitem(connections.settings, "default", stalled)
        began = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - began < 2
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"
    health._stuck["database"].join(10)  # its connect timeout ends it


def test_healthz_is_503_while_the_broker_is_unreachable(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert (body["status"], body["broker"]) == ("error", "unreachable")


def test_healthz_is_503_within_two_seconds_while_the_cache_does_not_answer(client, db, settings):
    settings.REDIS_URL = None
    with silent_server() as listener:
        host, port = listener.getsockname()
        settings.CACHES = {
            "default": {
                "BACKEND": "ryhma.cache.TolerantRedisCache",
                "LOCATION": f"redis://{host}:{port}/1",
            }
        }
        began = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - began < 2
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "unreachable"


def test_login_page_is_finnish(client, db):
    response = client.get(reverse("login"))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fi">' in text
    assert "Kirjaudu sisään" in text
    assert "Käyttäjätunnus" in text


def test_wrong_password_and_wrong_username_get_the_same_finnish_message(client, coordinator):
    wrong_password = client.post(
        reverse("login"), {"username": "koordinaattori", "password": "väärä"}
    ).content.decode()
    wrong_user = client.post(
        reverse("login"), {"username": "eiole", "password": "väärä"}
    ).content.decode()
    message = "Käyttäjätunnus tai salasana on väärä"
    assert message in wrong_password
    assert message in wrong_user


@pytest.mark.parametrize(
    "user_fixture, target",
    [
        ("coordinator", "/ohjelma/"),
        ("staff", "/palvelut/viikko/"),
        ("official", "/arviointi/"),
        ("worker_user", "/tyontekijat/oma/"),
    ],
)
def test_home_sends_each_role_to_its_start_page(client, request, user_fixture, target):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == target


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_home_is_the_weekly_grid_of_their_association(client, staff):
    client.force_login(staff)
    text = client.get("/palvelut/viikko/").content.decode()
    assert "Livokas ry" in text
    assert "Jongun" not in text
    assert "TODO" not in text
    assert "Työtunnit, viikko" in text


def test_unknown_page_is_a_finnish_404(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/ei-ole-olemassa/")
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in response.content.decode()


def test_language_switch_to_swedish_and_english(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/kirjaudu/"})
    assert response.status_code == 302
    assert "Logga ut" in client.get("/arviointi/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log out" in client.get("/arviointi/").content.decode()


def test_logout_is_post_only_and_ends_the_session(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_password_change_page_is_finnish(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Vaihda salasana" in response.content.decode()


def test_password_reset_sends_a_finnish_email(client, coordinator, mailoutbox):
    coordinator.email = "kaisa@example.invalid"
    coordinator.save()
    response = client.post(reverse("password_reset"), {"email": "kaisa@example.invalid"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "salasana" in mailoutbox[0].subject.lower()
    assert "/salasana/uusi/" in mailoutbox[0].body
