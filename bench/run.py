"""`make bench`: every benchmark part, one table, bench/results.json. Not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ryhma .venv/bin/python bench/run.py

PostgreSQL only. DATABASE_URL names a server and a database name; the benchmark makes
its own databases next to it and leaves the named one alone:

- `<name>_bench` (made again on every run): the demo data, then the city scale on top.
  Every main page of every role is measured on the demo municipality, then on the city;
  their query counts must be equal and each page's median time at most 4 x /healthz's.
  The city's 30-worker crew saves its week; 20 village staff post hours to gunicorn
  (2 workers) for 60 s.
- `<name>_bench_national` (made once, about 10 minutes; reused while it holds the
  national scale): the dashboard's hour aggregates for one municipality-year, with
  EXPLAIN (ANALYZE, BUFFERS), against a count(*) over the same rows.
- bench/reports.py (the PDF report part), when present, runs on the demo data of
  `<name>_bench` and writes its own results; they are taken in under "reports".

Pages are measured in a production configuration (RYHMA_DEBUG=0, collected static files);
generating data needs the development one. Options skip parts (see --help).
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results.json"
PYTHON = sys.executable
PAGE_BUDGET = 4.0
AGGREGATE_BUDGET = 3.0
NATIONAL_MUNICIPALITIES = 300
# Redis for the production shape's cache (a database of its own, emptied on each run).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")


class BenchError(Exception):
    pass


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def recreate_database(url: str) -> None:
    name = database_name(url)
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def database_exists(url: str) -> bool:
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def development_env(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "RYHMA_DEBUG": "1"}
    env.pop("REDIS_URL", None)
    env["RYHMA_CACHE_URL"] = CACHE_URL  # its writes move the generations the pages read
    return env


def production_env(url: str) -> dict:
    """A production configuration on loopback: no DEBUG, collected static files, no TLS."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RYHMA_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    # Tasks run in-process, as the pages measured enqueue nothing; /healthz then does not
    # ping a broker, so the ratio compares page work with the bare request path. The cache
    # is Redis, as in production (every process shares kept pages and generations).
    env.pop("REDIS_URL", None)
    env["RYHMA_CACHE_URL"] = CACHE_URL
    return env


def empty_cache() -> None:
    """The production shape's Redis cache, emptied (stale pages of an earlier run's data)."""
    import redis

    try:
        redis.Redis.from_url(CACHE_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        raise BenchError(
            f"make bench needs Redis for the production cache at {CACHE_URL} "
            f"(set BENCH_CACHE_URL to another): {error}"
        ) from error


def run(command: list[str], env: dict, label: str) -> str:
    started = time.monotonic()
    print(f"  {label} ...", end="", flush=True)
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    print(f" {time.monotonic() - started:.0f} s", flush=True)
    if completed.returncode != 0:
        raise BenchError(
            f"{label} failed (exit {completed.returncode}):\n"
            + (completed.stderr or completed.stdout)[-3000:]
        )
    return completed.stdout


def manage(*arguments: str, env: dict, label: str) -> str:
    return run([PYTHON, str(ROOT / "manage.py"), *arguments], env, label)


def part(script: str, *arguments: str, env: dict, label: str) -> dict:
    output = run([PYTHON, str(BENCH / script), *arguments], env, label)
    return json.loads(output.strip().splitlines()[-1])


def conditions() -> dict:
    load = os.getloadavg()
    return {
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_1_5_15": [round(value, 2) for value in load],
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def compare_pages(demo: dict, city: dict) -> list[dict]:
    """One row per page: queries at demo and city scale, time ratios, verdict."""
    city_pages = {(p["role"], p["page"]): p for p in city["pages"]}
    rows = []
    for page in demo["pages"]:
        other = city_pages.get((page["role"], page["page"]), {})
        queries_equal = page["queries"] == other.get("queries")
        ratio_ok = page["ratio"] <= PAGE_BUDGET and other.get("ratio", 99) <= PAGE_BUDGET
        statuses_ok = page["status"] == 200 and other.get("status") == 200
        rows.append(
            {
                "role": page["role"],
                "page": page["page"],
                "queries_demo": page["queries"],
                "queries_city": other.get("queries"),
                "ms_demo": page["median_ms"],
                "ms_city": other.get("median_ms"),
                "ratio_demo": page["ratio"],
                "ratio_city": other.get("ratio"),
                "rendered_ms_demo": page.get("rendered_ms"),
                "rendered_ms_city": other.get("rendered_ms"),
                "rendered_ratio_city": other.get("rendered_ratio"),
                "status_demo": page["status"],
                "status_city": other.get("status"),
                "ok": queries_equal and ratio_ok and statuses_ok,
            }
        )
    return rows


def city_parts(base_url: str, args, results: dict) -> None:
    url = database_url(base_url, database_name(base_url) + "_bench")
    develop, produce = development_env(url), production_env(url)
    print(f"Demo and city scale in {database_name(url)} (made again)")
    recreate_database(url)
    manage("migrate", "--noinput", "-v", "0", env=develop, label="migrate")
    manage("collectstatic", "--noinput", "-v", "0", env=produce, label="collectstatic")
    manage("seed_demo", env=develop, label="seed_demo")
    if not args.skip_reports:
        reports_part(develop, results)
    repeat = str(args.repeat)
    demo = part(
        "pages.py", "--municipality", "pudasjarvi", "--label", "demo", "--repeat", repeat,
        env=produce, label="pages at demo scale",
    )  # fmt: skip
    started = time.monotonic()
    manage(
        "generate_load", "--scale", "city", "--allow-existing-data",
        env=develop, label="generate_load --scale city",
    )  # fmt: skip
    results["generate_city_seconds"] = round(time.monotonic() - started, 1)
    city = part(
        "pages.py", "--municipality", "synt-001", "--label", "city", "--repeat", repeat,
        env=produce, label="pages at city scale",
    )  # fmt: skip
    results["healthz_ms"] = {"demo": demo["healthz_ms"], "city": city["healthz_ms"]}
    results["pages"] = compare_pages(demo, city)
    results["pages_not_in_project"] = sorted(set(demo["missing"]) | set(city["missing"]))
    results["crew_save"] = {"demo": demo["crew_save"], "city": city["crew_save"]}
    if not args.skip_load_run:
        results["load_run"] = part(
            "load_run.py", "--municipality", "synt-001", "--seconds", str(args.seconds),
            env=produce, label=f"load run ({args.seconds:.0f} s, 20 clients)",
        )  # fmt: skip


def national_part(base_url: str, args, results: dict) -> None:
    url = database_url(base_url, database_name(base_url) + "_bench_national")
    develop = development_env(url)
    print(f"National scale in {database_name(url)}")
    if not (database_exists(url) and holds_national(url)):
        recreate_database(url)
        manage("migrate", "--noinput", "-v", "0", env=develop, label="migrate")
        started = time.monotonic()
        manage(
            "generate_load", "--scale", "national",
            env=develop, label="generate_load --scale national",
        )  # fmt: skip
        results["generate_national_seconds"] = round(time.monotonic() - started, 1)
    else:
        print("  (reusing the national data of an earlier run)")
        manage("migrate", "--noinput", "-v", "0", env=develop, label="migrate")
    year = datetime.datetime.now(datetime.UTC).year
    results["dashboard_aggregates"] = part(
        "aggregates.py", "--year", str(year), "--repeat", str(args.repeat),
        env=production_env(url), label="dashboard aggregates",
    )  # fmt: skip


def holds_national(url: str) -> bool:
    import psycopg2

    parts = urlsplit(url)
    try:
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname=database_name(url),
        )
    except psycopg2.Error:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM villages_municipality WHERE slug LIKE 'synt-%%'")
            return cursor.fetchone()[0] == NATIONAL_MUNICIPALITIES
    except psycopg2.Error:
        return False
    finally:
        connection.close()


def reports_part(env: dict, results: dict) -> None:
    """The reports issue's part, on the demo data just seeded; it writes results.json."""
    script = BENCH / "reports.py"
    if not script.exists():
        results["reports"] = None
        return
    run([PYTHON, str(script)], env, "PDF report (bench/reports.py)")
    results["reports"] = json.loads(RESULTS.read_text()) if RESULTS.exists() else None


def verdict(ok) -> str:
    return "ok" if ok else "OVER"


def print_table(results: dict) -> None:
    print()
    pages = results.get("pages") or []
    if pages:
        print(f"healthz median: demo {results['healthz_ms']['demo']} ms, "
              f"city {results['healthz_ms']['city']} ms")  # fmt: skip
        print("kept: served by the page cache until the data changes (the budget); rendered: "
              "the first view after a change")  # fmt: skip
        header = (
            f"{'role':<12} {'page':<30} {'queries':>11} {'ms demo':>8} {'ms city':>8} "
            f"{'x demo':>7} {'x city':>7}  budget  {'rendered ms demo/city':>21} {'x city':>7}"
        )
        print(header)
        print("-" * len(header))
        for row in pages:
            queries = f"{row['queries_demo']}/{row['queries_city']}"
            print(
                f"{row['role']:<12} {row['page']:<30} {queries:>11} {row['ms_demo']:>8} "
                f"{row['ms_city'] or '-':>8} {row['ratio_demo']:>7} {row['ratio_city'] or '-':>7}"
                f"  {verdict(row['ok']):<6}  "
                f"{str(row['rendered_ms_demo']) + ' / ' + str(row['rendered_ms_city']):>21} "
                f"{row['rendered_ratio_city'] or '-':>7}"
            )
        if results.get("pages_not_in_project"):
            print("not in the project yet: " + ", ".join(results["pages_not_in_project"]))
    for label, save in (results.get("crew_save") or {}).items():
        if save:
            print(
                f"crew-grid save ({label}): {save['crew']} workers, {save['cells']} cells, "
                f"{save['queries']} queries, median {save['median_ms']} ms "
                f"[{verdict(save['ok'])}]"
            )
    aggregates = results.get("dashboard_aggregates")
    if aggregates:
        print(
            f"dashboard aggregates ({aggregates['municipality']} {aggregates['year']}, "
            f"{aggregates['rows']:,} entries): {aggregates['aggregate_ms']} ms vs count(*) "
            f"{aggregates['count_ms']} ms = {aggregates['ratio']} x (budget "
            f"{AGGREGATE_BUDGET}), seq scan of work entries: "
            f"{'no' if aggregates['no_seq_scan_of_work_entries'] else 'YES'} "
            f"[{verdict(aggregates['ok'])}]"
        )
    load = results.get("load_run")
    if load:
        print(
            f"load run: {load['clients']} clients, {load['seconds']} s, "
            f"{load['concurrent_requests']} saves ({load['throughput_per_s']}/s), "
            f"{load['errors']} errors, rows created {load['rows_created']} = successes "
            f"{load['successes']}: {load['rows_created'] == load['successes']}; "
            f"p95 {load['concurrent_p95_ms']} ms / single median {load['single_median_ms']} ms "
            f"= {load['p95_over_single_median']} x [{verdict(load['ok'])}]"
        )
    reports = results.get("reports")
    if reports:
        print(
            f"PDF report: ratio {reports.get('ratio')} (budget "
            f"{reports.get('targets', {}).get('ratio')}), peak "
            f"{reports.get('report', {}).get('peak_mb', 0):.0f} MB"
        )
    for key in ("generate_city_seconds", "generate_national_seconds"):
        if key in results:
            print(f"{key.replace('_', ' ')}: {results[key]}")
    print(f"conditions: {results['conditions']}")


def markdown(results: dict) -> str:
    """The pages table as Markdown, for the README's Performance section."""
    lines = [
        "| role | page | queries demo / city | kept ms demo | kept ms city | x healthz demo | "
        "x healthz city | within budget | rendered ms demo | rendered ms city | "
        "rendered x healthz city |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results.get("pages") or []:
        lines.append(
            f"| {row['role']} | `{row['page']}` | {row['queries_demo']} / "
            f"{row['queries_city']} | {row['ms_demo']} | {row['ms_city']} | "
            f"{row['ratio_demo']} | {row['ratio_city']} | {'yes' if row['ok'] else '**no**'} | "
            f"{row['rendered_ms_demo']} | {row['rendered_ms_city']} | "
            f"{row['rendered_ratio_city']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (median)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the load run")
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-load-run", action="store_true")
    parser.add_argument("--skip-reports", action="store_true")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if urlsplit(base_url).scheme not in ("postgres", "postgresql", "pgsql"):
        print(
            "make bench needs PostgreSQL: set DATABASE_URL, e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ryhma make bench\n"
            "It makes its own databases <name>_bench and <name>_bench_national on that "
            "server and leaves <name> alone. SQLite timings would say nothing about "
            "production, so there is no SQLite fallback.",
            file=sys.stderr,
        )
        return 2
    results: dict = {"conditions": conditions()}
    try:
        empty_cache()
        city_parts(base_url, args, results)
        if not args.skip_national:
            national_part(base_url, args, results)
    except BenchError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    results["conditions"]["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    RESULTS.with_suffix(".md").write_text(markdown(results))
    print_table(results)
    print(f"\nWritten to {RESULTS.relative_to(ROOT)} (and the pages table as results.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
