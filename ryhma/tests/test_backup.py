"""Backup and restore as docs/security-and-privacy.md documents them: pg_dump, pg_restore,
and the app serves a page from the restored copy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from conftest import missing_service

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

SERVE_PAGE = """
import django
django.setup()
from django.test import Client
from ryhma.models import User
client = Client()
client.force_login(User.objects.get(username="koordinaattori"))
response = client.get("/ohjelma/kaikki/")
print(response.status_code)
print(response.content.decode())
"""


def _pg(db):
    env = {**os.environ}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    return args, env


def _url(db, name):
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def test_a_dump_restores_into_a_fresh_database_that_the_application_serves(
    coordinator, programme, tmp_path
):
    if connection.vendor != "postgresql":
        missing_service("the backup test needs PostgreSQL (set DATABASE_URL)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        missing_service("pg_dump and pg_restore are not installed")
    db = connection.settings_dict
    args, env = _pg(db)
    dump = tmp_path / "ryhma.dump"
    restored = f"{db['NAME']}_restored"

    subprocess.run(
        [
            "pg_dump",
            *args,
            "--format=custom",
            "--no-owner",
            "--no-acl",
            "-f",
            str(dump),
            db["NAME"],
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "-d",
                restored,
                str(dump),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        served = subprocess.run(
            [sys.executable, "-c", SERVE_PAGE],
            cwd=BASE_DIR,
            env={
                **env,
                "DJANGO_SETTINGS_MODULE": "ryhma.settings",
                "RYHMA_DEBUG": "1",
                "ALLOWED_HOSTS": "testserver",
                "DATABASE_URL": _url(db, restored),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    assert served.returncode == 0, served.stderr
    status, page = served.stdout.split("\n", 1)
    assert status == "200"
    assert programme.name in page
    assert programme.municipality.name in page
