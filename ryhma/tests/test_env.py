import os
import subprocess
import sys
from pathlib import Path

import pytest

from ryhma.env import ImproperEnvironment, database_from_url, env_bool, env_int, env_url

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_malformed_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("RYHMA_DEBUG", "maybe")
    with pytest.raises(ImproperEnvironment, match="RYHMA_DEBUG"):
        env_bool("RYHMA_DEBUG", False)


def test_malformed_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_AGE", "8h")
    with pytest.raises(ImproperEnvironment, match="SESSION_COOKIE_AGE"):
        env_int("SESSION_COOKIE_AGE", 60)


def test_database_url_becomes_postgres_settings(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ryhma:salainen@db.example:6543/ryhma")
    db = database_from_url("DATABASE_URL")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "ryhma",
        "ryhma",
        "salainen",
        "db.example",
        "6543",
    )
    assert db["OPTIONS"]["options"] == "-c jit=off"
    assert db["OPTIONS"]["connect_timeout"] == 3


def test_percent_encoded_password_in_database_url_is_decoded(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ryhma:p%40ss@db.example/ryhma")
    db = database_from_url("DATABASE_URL")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "ryhma",
        "p@ss",
        "db.example",
        "",
    )
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/ryhma", "postgres://localhost:5432/", "postgres://h:port/db"]
)
def test_unusable_database_url_is_refused(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperEnvironment, match="DATABASE_URL"):
        database_from_url("DATABASE_URL")


def test_redis_url_must_be_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(ImproperEnvironment, match="REDIS_URL"):
        env_url("REDIS_URL", ("redis", "rediss"))


def _start(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("SECRET_KEY", None)
    env.pop("ALLOWED_HOSTS", None)
    env["DJANGO_SETTINGS_MODULE"] = "ryhma.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _start({"RYHMA_DEBUG": "0", "ALLOWED_HOSTS": "ryhma.example"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _start({"RYHMA_DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_secret_key_and_hosts():
    result = _start({"RYHMA_DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "ryhma.example"})
    assert result.returncode == 0, result.stderr


def test_malformed_variable_stops_start_with_its_name():
    result = _start({"RYHMA_DEBUG": "1", "REDIS_URL": "localhost:6379"})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
