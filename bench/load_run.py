"""Benchmark part (not a test): village staff posting hours to gunicorn on loopback.

    DATABASE_URL=<city database> .venv/bin/python bench/load_run.py --municipality synt-001

Starts `gunicorn ryhma.wsgi --workers N` (N = `--workers`, by default the machine's cores)
on 127.0.0.1 (a free port), then: one client saves `--single` weeks one after another (the
single-client median), then `--clients` clients (threads, each a village staff user of its
own association) save weeks for `--seconds` seconds. Every save writes one new work entry
into a week of its own, so the rows created must equal the successful responses. Traffic
stays on 127.0.0.1 and every loop is bounded. Prints one JSON line.
"""

import argparse
import datetime
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from urllib.parse import urlencode

from common import ROOT, emit, median_ms, setup_django

HOST = "127.0.0.1"
MAX_REQUESTS_PER_CLIENT = 5000
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class StaffClient:
    """One village staff user with a session, saving one cell in a new week per request."""

    def __init__(self, port, session_cookie, association_id, employment_id, first_week):
        self.port = port
        self.cookies = dict([session_cookie])
        self.association_id = association_id
        self.employment_id = employment_id
        self.week = first_week
        self.csrf = ""
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.successes = 0

    def _request(self, method, path, body=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def prepare(self) -> None:
        status, text = self._request("GET", f"/palvelut/viikko/?yhdistys={self.association_id}")
        match = CSRF_INPUT.search(text)
        if status != 200 or not match:
            raise RuntimeError(f"the week page answered {status} without a form")
        self.csrf = match.group(1)

    def save_one(self) -> bool:
        week_start = self.week
        self.week += datetime.timedelta(days=7)
        year, week, _day = week_start.isocalendar()
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.csrf,
                "yhdistys": self.association_id,
                "vko": f"{year}-W{week:02d}",
                "version": 0,
                "token": uuid.uuid4().hex,
                "original": "{}",
                "row": f"{self.employment_id}:general",
                f"c-{self.employment_id}-general-{week_start:%Y%m%d}": "4",
                "action": "save",
                "confirm_over_contract": "1",
            }
        )
        started = time.perf_counter()
        try:
            status, text = self._request("POST", "/palvelut/viikko/", body)
        except OSError as error:
            self.errors.append(repr(error))
            return False
        self.latencies.append(time.perf_counter() - started)
        if status != 302:
            self.errors.append(f"{status} for week {year}-W{week:02d}")
            return False
        self.successes += 1
        return True


def make_clients(municipality: str, count: int, port: int) -> list[StaffClient]:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from ryhma.models import Role
    from services.hours.weeks import monday_of
    from villages.models import Membership
    from workers.models import Employment

    clients = []
    memberships = (
        Membership.objects.filter(municipality__slug=municipality, user__role=Role.VILLAGE_STAFF)
        .select_related("user")
        .order_by("user__username")
    )
    # Weeks far enough ahead that no generated hours are there: a new sheet per save.
    first_week = monday_of(timezone.localdate()) + datetime.timedelta(days=7 * 60)
    for membership in memberships:
        association = membership.associations.order_by("pk").first()
        employment = (
            Employment.objects.filter(association=association, ends_on__isnull=True)
            .order_by("pk")
            .first()
        )
        if employment is None:
            continue
        login = Client(HTTP_HOST=HOST)
        login.force_login(membership.user)
        clients.append(
            StaffClient(
                port,
                (settings.SESSION_COOKIE_NAME, login.cookies[settings.SESSION_COOKIE_NAME].value),
                association.pk,
                employment.pk,
                first_week,
            )
        )
        if len(clients) == count:
            break
    if len(clients) < count:
        raise RuntimeError(f"only {len(clients)} staff users with an open contract, {count} needed")
    return clients


def start_server(port: int, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "ryhma.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def count_entries() -> int:
    from services.models import WorkEntry

    return WorkEntry.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--single", type=int, default=30)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (the cores)"
    )
    args = parser.parse_args()
    setup_django()
    port = free_port()
    clients = make_clients(args.municipality, args.clients + 1, port)
    single, clients = clients[0], clients[1:]
    server = start_server(port, args.workers)
    try:
        before = count_entries()
        single.prepare()
        for _ in range(args.single):
            single.save_one()
        for client in clients:
            client.prepare()
        deadline = time.monotonic() + args.seconds

        def run(client):
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= deadline:
                    break
                client.save_one()

        threads = [threading.Thread(target=run, args=(client,)) for client in clients]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
        created = count_entries() - before
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [s for client in clients for s in client.latencies]
    errors = [e for client in [single, *clients] for e in client.errors]
    successes = single.successes + sum(client.successes for client in clients)
    single_ms = median_ms(single.latencies)
    p95_ms = round(statistics.quantiles(latencies, n=20)[-1] * 1000, 2) if latencies else None
    # Little's law for a closed loop without think time: the mean response time is the
    # number of clients over the throughput, however fast one save is.
    throughput = len(latencies) / elapsed
    clients_over_throughput_ms = round(len(clients) / throughput * 1000, 2) if latencies else None
    emit(
        {
            "clients": len(clients),
            "workers": args.workers,
            "seconds": round(elapsed, 1),
            "requests": len(single.latencies) + len(latencies),
            "concurrent_requests": len(latencies),
            "throughput_per_s": round(throughput, 1),
            "errors": len(errors),
            "error_samples": errors[:5],
            "successes": successes,
            "rows_created": created,
            "single_median_ms": single_ms,
            "concurrent_median_ms": median_ms(latencies) if latencies else None,
            "concurrent_p95_ms": p95_ms,
            "p95_over_single_median": round(p95_ms / single_ms, 2) if p95_ms else None,
            "clients_over_throughput_ms": clients_over_throughput_ms,
            "clients_over_throughput_over_single_median": (
                round(clients_over_throughput_ms / single_ms, 2) if latencies else None
            ),
            "ok": not errors and created == successes,
        }
    )


if __name__ == "__main__":
    sys.exit(main())
