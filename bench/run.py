"""`make bench`: every benchmark part, one table, bench/results.json. Not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ryhma .venv/bin/python bench/run.py

PostgreSQL only. DATABASE_URL names a server and a database name; the benchmark makes
its own databases next to it and leaves the named one alone:

- `<name>_bench` (made again on every run): the demo data, then the city scale on top.
  Every main page of every role is measured on the demo municipality, then on the city;
  their query counts must be equal and each page's rendered median time at most its
  budget times /healthz's median in the same rounds (PAGE_BUDGET, HEAVY_PAGE_BUDGET). The city's
  30-worker crew saves its week; 20 village staff post hours to gunicorn (one worker per
  core) for 60 s: 0 errors, rows equal to successes, p95 at most LOAD_P95_BUDGET times a
  single client's median.
- `<name>_bench_national` (made once, about 10 minutes; reused while it holds the
  national scale): the pages again on one municipality inside the national data (the
  same query counts), and the dashboard's hour aggregates for one municipality-year, with
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
# A page's rendered median time at most this many times /healthz's median in the same
# rounds, at city size (and at demo size). The three pages that show a whole programme,
# municipality-year or crew-week get twice the room.
PAGE_BUDGET = 10.0
HEAVY_PAGE_BUDGET = 20.0
HEAVY_PAGES = frozenset(
    {
        "evaluation:dashboard",  # the municipality-year's economy
        "villages:programme_detail",  # the programme (phase) board
        "services:week",  # the 30-worker week grid
    }
)
# The load run's p95 at most this many times a single client's median.
LOAD_P95_BUDGET = 6.0
AGGREGATE_BUDGET = 3.0
NATIONAL_MUNICIPALITIES = 300


def page_budget(name: str) -> float:
    return HEAVY_PAGE_BUDGET if name in HEAVY_PAGES else PAGE_BUDGET


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
    env.pop("RYHMA_CACHE_URL", None)
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
    # Tasks run in-process, as the pages measured enqueue nothing, and no page reads the
    # cache: /healthz then checks the database alone (in its probe thread, on its own open
    # connection), so the ratio compares page work with the bare request path.
    env.pop("REDIS_URL", None)
    env.pop("RYHMA_CACHE_URL", None)
    return env


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


def compare_pages(demo: dict, city: dict, national: dict | None = None) -> list[dict]:
    """One row per page: queries at each size, time ratios, its budget and verdict."""
    city_pages = {(p["role"], p["page"]): p for p in city["pages"]}
    national_pages = {(p["role"], p["page"]): p for p in (national or {}).get("pages", [])}
    rows = []
    for page in demo["pages"]:
        key = (page["role"], page["page"])
        other = city_pages.get(key, {})
        far = national_pages.get(key)
        budget = page_budget(page["page"])
        queries_equal = page["queries"] == other.get("queries") and (
            far is None or far["queries"] == page["queries"]
        )
        ratio_ok = page["ratio"] <= budget and other.get("ratio", 999) <= budget
        statuses_ok = page["status"] == 200 and other.get("status") == 200
        rows.append(
            {
                "role": page["role"],
                "page": page["page"],
                "budget": budget,
                "queries_demo": page["queries"],
                "queries_city": other.get("queries"),
                "queries_national": far["queries"] if far else None,
                "ms_demo": page["median_ms"],
                "ms_city": other.get("median_ms"),
                "ms_national": far["median_ms"] if far else None,
                "ratio_demo": page["ratio"],
                "ratio_city": other.get("ratio"),
                "ratio_national": far["ratio"] if far else None,
                "status_demo": page["status"],
                "status_city": other.get("status"),
                "queries_equal": queries_equal,
                "within_budget": ratio_ok,
                "ok": queries_equal and ratio_ok and statuses_ok,
            }
        )
    return rows


def misses(results: dict) -> list[str]:
    """What missed its budget, in words (printed at the end of the run)."""
    found = []
    for row in results.get("pages") or []:
        if not row["within_budget"]:
            found.append(
                f"{row['role']} {row['page']}: {row['ratio_demo']} x demo, "
                f"{row['ratio_city']} x city (budget {row['budget']} x /healthz)"
            )
        if not row["queries_equal"]:
            found.append(
                f"{row['role']} {row['page']}: queries {row['queries_demo']} demo, "
                f"{row['queries_city']} city, {row['queries_national']} national (must be equal)"
            )
        if row["status_demo"] != 200 or row["status_city"] != 200:
            found.append(
                f"{row['role']} {row['page']}: status {row['status_demo']} / {row['status_city']}"
            )
    load = results.get("load_run")
    if load and not load["ok"]:
        found.append(
            f"load run: {load['errors']} errors, rows {load['rows_created']} for "
            f"{load['successes']} successes, p95 {load['p95_over_single_median']} x "
            f"(budget {LOAD_P95_BUDGET} x)"
        )
    return found


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
    results["page_runs"] = {"demo": demo, "city": city}
    results["pages_not_in_project"] = sorted(set(demo["missing"]) | set(city["missing"]))
    results["crew_save"] = {"demo": demo["crew_save"], "city": city["crew_save"]}
    if not args.skip_load_run:
        workers = os.cpu_count() or 2
        load = part(
            "load_run.py", "--municipality", "synt-001", "--seconds", str(args.seconds),
            "--workers", str(workers),
            env=produce, label=f"load run ({args.seconds:.0f} s, 20 clients, {workers} workers)",
        )  # fmt: skip
        p95 = load.get("p95_over_single_median")
        load["budget"] = LOAD_P95_BUDGET
        load["ok"] = load["ok"] and p95 is not None and p95 <= LOAD_P95_BUDGET
        results["load_run"] = load


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
        # Data made before the kept figures existed (or by an older engine): the measured
        # municipality's figures are made as a deploy makes them (`refresh_figures`).
        manage(
            "refresh_figures", "--municipality", "Synteettinen kunta 001",
            env=develop, label="refresh_figures (synt-001)",
        )  # fmt: skip
    national = part(
        "pages.py", "--municipality", "synt-001", "--label", "national",
        "--repeat", str(args.repeat),
        env=production_env(url), label="pages of one municipality at national scale",
    )  # fmt: skip
    results["page_runs"]["national"] = national
    results["healthz_ms"]["national"] = national["healthz_ms"]
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
        print(
            "healthz median: "
            + ", ".join(f"{size} {ms} ms" for size, ms in results["healthz_ms"].items())
        )
        print("every page rendered (no page cache); x = median / healthz median, same rounds")
        header = (
            f"{'role':<12} {'page':<30} {'queries d/c/n':>13} {'ms demo':>8} {'ms city':>8} "
            f"{'x demo':>7} {'x city':>7} {'x nat':>6} {'budget':>6}  verdict"
        )
        print(header)
        print("-" * len(header))
        for row in pages:
            national = row["queries_national"] or "-"
            queries = f"{row['queries_demo']}/{row['queries_city']}/{national}"
            print(
                f"{row['role']:<12} {row['page']:<30} {queries:>13} {row['ms_demo']:>8} "
                f"{row['ms_city'] or '-':>8} {row['ratio_demo']:>7} {row['ratio_city'] or '-':>7} "
                f"{row['ratio_national'] or '-':>6} {row['budget']:>6}  {verdict(row['ok'])}"
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
            f"load run: {load['clients']} clients, {load.get('workers')} gunicorn workers, "
            f"{load['seconds']} s, "
            f"{load['concurrent_requests']} saves ({load['throughput_per_s']}/s), "
            f"{load['errors']} errors, rows created {load['rows_created']} = successes "
            f"{load['successes']}: {load['rows_created'] == load['successes']}; "
            f"p95 {load['concurrent_p95_ms']} ms / single median {load['single_median_ms']} ms "
            f"= {load['p95_over_single_median']} x (budget {LOAD_P95_BUDGET} x); "
            f"N/X {load.get('clients_over_throughput_ms')} ms "
            f"= {load.get('clients_over_throughput_over_single_median')} x "
            f"[{verdict(load['ok'])}]"
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
    missed = misses(results)
    print()
    if missed:
        print("MISSED BUDGETS:")
        for line in missed:
            print(f"  {line}")
    else:
        print("Every page and the load run are within their budgets.")


def markdown(results: dict) -> str:
    """The pages table as Markdown, for bench/README.md."""
    lines = [
        "| role | page | queries demo / city / national | ms demo | ms city | ms national | "
        "x healthz demo | x healthz city | x healthz national | budget | within |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results.get("pages") or []:
        lines.append(
            f"| {row['role']} | `{row['page']}` | {row['queries_demo']} / "
            f"{row['queries_city']} / {row['queries_national'] or '–'} | {row['ms_demo']} | "
            f"{row['ms_city']} | {row['ms_national'] or '–'} | {row['ratio_demo']} | "
            f"{row['ratio_city']} | {row['ratio_national'] or '–'} | {row['budget']} x | "
            f"{'yes' if row['ok'] else '**no**'} |"
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
        city_parts(base_url, args, results)
        if not args.skip_national:
            national_part(base_url, args, results)
    except BenchError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    runs = results["page_runs"]
    results["pages"] = compare_pages(runs["demo"], runs["city"], runs.get("national"))
    results["conditions"]["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    RESULTS.with_suffix(".md").write_text(markdown(results))
    print_table(results)
    print(f"\nWritten to {RESULTS.relative_to(ROOT)} (and the pages table as results.md)")
    return 1 if misses(results) else 0


if __name__ == "__main__":
    sys.exit(main())
