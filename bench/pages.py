"""Benchmark part (not a test): every role's main pages and the crew-grid save, in-process.

    DATABASE_URL=... .venv/bin/python bench/pages.py --municipality pudasjarvi --label demo

For each page: the SQL queries of one request and the median server time over `--repeat`
requests through Django's test client (the whole middleware stack; every page is rendered,
there is no page cache), divided by the median of /healthz measured in the same rounds with
the same client. bench/run.py holds the budgets. Pages whose URL is not in the project yet
are listed as missing. Then the weekly crew grid of the staff user's
association is saved `--repeat` times (every weekday cell of the crew, alternating values).
Prints one JSON line.
"""

import argparse
import datetime
import uuid
from dataclasses import dataclass

from common import emit, median_ms, setup_django, timed

HOST = "127.0.0.1"  # in ALLOWED_HOSTS of a development configuration


@dataclass
class Scope:
    users: dict
    programme_slug: str | None
    association_pk: int | None
    worker_pk: int | None
    month: datetime.date


# (role, URL name, positional arguments from the scope, query string from the scope)
PAGES = [
    ("coordinator", "villages:programme_list", None, None),
    ("coordinator", "villages:programme_detail", lambda s: [s.programme_slug], None),
    ("coordinator", "workers:list", None, None),
    ("coordinator", "workers:detail", lambda s: [s.worker_pk], None),
    ("coordinator", "services:approvals", None, None),
    ("coordinator", "services:week", None, lambda s: f"yhdistys={s.association_pk}"),
    (
        "coordinator",
        "services:month",
        lambda s: [s.association_pk, s.month.year, s.month.month],
        None,
    ),
    ("coordinator", "services:order_list", None, None),
    ("coordinator", "services:customer_list", None, None),
    ("coordinator", "evaluation:dashboard", None, None),
    ("coordinator", "evaluation:worker_figures", None, None),
    ("coordinator", "evaluation:due", None, None),
    ("coordinator", "evaluation:metrics", lambda s: [s.programme_slug], None),
    ("coordinator", "evaluation:report_list", None, None),
    ("coordinator", "audit_log", None, None),
    ("staff", "services:week", None, None),
    ("staff", "services:month", lambda s: [s.association_pk, s.month.year, s.month.month], None),
    ("staff", "workers:list", None, None),
    # Every status: one association's open orders can be none at national size (12 orders
    # a year, open for a few days), and an empty page runs two queries fewer.
    ("staff", "services:order_list", None, lambda s: "tila="),
    ("staff", "services:agenda_current", None, None),
    ("official", "evaluation:dashboard", None, None),
    ("official", "evaluation:metrics", lambda s: [s.programme_slug], None),
    ("official", "evaluation:explain", lambda s: ["city_net_effect"], None),
    # A sum over worker-months explains itself by computing them (its parameters, formula
    # and reasons are not kept): the worst of the explanation pages.
    ("coordinator", "evaluation:explain", lambda s: ["subsidy_income"], None),
    ("official", "evaluation:report_list", None, None),
    ("worker", "workers:me", None, None),
]


def find_scope(slug: str) -> Scope:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ryhma.models import Role
    from villages.models import Membership, Programme
    from workers.models import Employment, Worker

    User = get_user_model()
    in_municipality = User.objects.filter(membership__municipality__slug=slug).order_by("pk")
    users = {
        "coordinator": in_municipality.filter(role=Role.COORDINATOR).first(),
        "staff": in_municipality.filter(role=Role.VILLAGE_STAFF).first(),
        "official": in_municipality.filter(role=Role.OFFICIAL).first(),
        "worker": User.objects.filter(
            role=Role.WORKER, worker_profile__municipality__slug=slug
        ).first(),
    }
    association_pk = None
    if users["staff"]:
        membership = Membership.objects.get(user=users["staff"])
        association_pk = membership.associations.order_by("pk").values_list("pk", flat=True)[0]
    employment = Employment.objects.filter(association_id=association_pk).order_by("pk").first()
    programme = Programme.objects.filter(municipality__slug=slug).order_by("pk").first()
    this_month = timezone.localdate().replace(day=1)
    return Scope(
        users={role: user for role, user in users.items() if user is not None},
        programme_slug=programme.slug if programme else None,
        association_pk=association_pk,
        worker_pk=employment.worker_id
        if employment
        else Worker.objects.filter(municipality__slug=slug).values_list("pk", flat=True).first(),
        month=(this_month - datetime.timedelta(days=1)).replace(day=1),
    )


def resolve(scope: Scope):
    """[(role, name, url)] of the pages in the project, and the names that are not."""
    from django.urls import NoReverseMatch, reverse

    found, missing = [], []
    for role, name, args, query in PAGES:
        if role not in scope.users:
            missing.append(f"{role} {name} (no {role} user)")
            continue
        try:
            url = reverse(name, args=args(scope) if args else None)
        except NoReverseMatch:
            missing.append(f"{role} {name}")
            continue
        if query:
            url += "?" + query(scope)
        found.append((role, name, url))
    return found, missing


def measure_pages(scope: Scope, repeat: int) -> dict:
    """Each page's queries, and its median time against /healthz's in the same rounds."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages, missing = resolve(scope)
    clients = {}
    for role, user in scope.users.items():
        clients[role] = Client(HTTP_HOST=HOST)
        clients[role].force_login(user)
    health = clients["coordinator"]
    results = []
    for role, name, url in pages:
        client = clients[role]
        response = client.get(url)  # warm caches (templates, translations, connection)
        if response.status_code == 302 and response.url.startswith("/"):
            url = response.url  # a page that opens the current week, month...
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Counted now: the next request empties Django's query log.
        query_count = len(queries.captured_queries)
        results.append(
            {
                "role": role,
                "page": name,
                "url": url,
                "status": response.status_code,
                "queries": query_count,
                "samples": [],
            }
        )
    health.get("/healthz")
    health_samples = []
    # Rounds: /healthz and every page once per round, so that the load of a shared
    # machine falls on both sides of the ratio alike.
    for _round in range(repeat):
        health_samples += timed(lambda: health.get("/healthz"), 1)
        for row in results:
            client = clients[row["role"]]
            row["samples"] += timed(lambda c=client, u=row["url"]: c.get(u), 1)
    health_ms = median_ms(health_samples)
    for row in results:
        row["median_ms"] = median_ms(row.pop("samples"))
        row["ratio"] = round(row["median_ms"] / health_ms, 2)
    return {"healthz_ms": health_ms, "pages": results, "missing": missing}


def measure_crew_save(scope: Scope, repeat: int) -> dict | None:
    """Save the staff user's crew grid for this week: every weekday cell of the crew."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    try:
        from services.hours.selectors import build_week_grid
        from services.hours.weeks import monday_of, week_code
        from services.models import DEFAULT_TASK
        from villages.models import Association

        url = reverse("services:week")
    except (ImportError, NoReverseMatch):
        return None
    if "staff" not in scope.users:
        return None
    association = Association.objects.get(pk=scope.association_pk)
    week_start = monday_of(timezone.localdate())
    client = Client(HTTP_HOST=HOST)
    client.force_login(scope.users["staff"])

    def form(value: str) -> dict:
        grid = build_week_grid(association, week_start)
        data = {
            "yhdistys": association.pk,
            "vko": week_code(week_start),
            "version": grid.version,
            "token": uuid.uuid4().hex,
            "original": grid.original,
            "row": [row.key for row in grid.rows],
            "action": "save",
            "confirm_over_contract": "1",
        }
        for row in grid.rows:
            for cell in row.cells:
                if row.task == DEFAULT_TASK and cell.editable and not cell.day.is_weekend:
                    data[cell.name] = value
        return data

    crew = len({row.employment.worker_id for row in build_week_grid(association, week_start).rows})
    client.post(url, form("4,5"))  # the first save creates the missing cells
    values = ["4,75", "4,5"]
    cells = sum(1 for key in form("0") if key.startswith("c-"))
    data = form(values[0])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    # Counted now: the captured slice moves once Django's query log (9000) wraps.
    query_count = len(queries.captured_queries)
    samples, statuses = [], [response.status_code]
    for n in range(repeat):
        data = form(values[(n + 1) % 2])
        samples += timed(lambda d=data: statuses.append(client.post(url, d).status_code), 1)
    return {
        "crew": crew,
        "cells": cells,
        "queries": query_count,
        "median_ms": median_ms(samples),
        "statuses": sorted(set(statuses)),
        "ok": set(statuses) == {302},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality", required=True, help="slug of the measured municipality")
    parser.add_argument("--label", required=True)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    scope = find_scope(args.municipality)
    result = {"label": args.label, **measure_pages(scope, args.repeat)}
    result["crew_save"] = measure_crew_save(scope, args.repeat)
    emit(result)


if __name__ == "__main__":
    main()
