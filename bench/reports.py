"""Benchmark (not a test): the demo programme's yearly PDF report against a plain document.

    .venv/bin/python bench/reports.py [--year 2026] [--repeat 3]

Builds a throw-away SQLite database with the demo data (or uses DATABASE_URL when set),
renders the programme report of the year and a plain document with the same page
count, fonts and page rules (report.css) through the same PDF writer, each render in a
fresh process, the two kinds taking turns so that other load on the machine falls on
both alike. The report's time covers everything a report job does: reading the
figures, the templates and WeasyPrint. Prints the ratio of the median times (report /
plain, target <= 3), the same for CPU time as a check that is less sensitive to other
load (the report's CPU time leaves out the database server's share), and the peak
memory (RSS) of the report's render process (target <= 300 MB). Writes
bench/results.json.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0
TARGET_MB = 300


def setup_django(database: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("RYHMA_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ryhma.settings")
    if database:
        os.environ["SQLITE_PATH"] = database
    import django

    django.setup()


def plain_html(pages: int) -> str:
    """`pages` pages of running text with the report's stylesheet and page rules."""
    from django.templatetags.static import static

    paragraph = (
        "<p>Kyläyhdistykset työllistävät pitkäaikaistyöttömiä palkkatuella tuottamaan "
        "lähipalveluja kyliin. Työ tehdään pienissä ryhmissä, ja kaupunki koordinoi, "
        "rahoittaa ja mittaa tuloksia. Tämä kappale on tavallista tekstiä ilman taulukoita, "
        "kaavioita tai sisällysluetteloa.</p>"
    )
    sections = "".join(
        f'<section class="report-section"><h2>Osio {n}</h2>{paragraph * 6}</section>'
        for n in range(1, pages + 1)
    )
    return (
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Plain</title>'
        f'<link rel="stylesheet" href="{static("css/report.css")}"></head>'
        '<body data-title="Tavallinen asiakirja" data-period="2026" data-page-word="Sivu">'
        f"{sections}</body></html>"
    )


def child(kind: str, year: int, pages: int) -> dict:
    """Render once in this process; report seconds, CPU seconds, pages and peak RSS."""
    import weasyprint  # noqa: F401  (imported before the clock starts, as in a worker)

    from evaluation.models import ReportKind
    from evaluation.reports.figures import Scope
    from evaluation.reports.periods import year_period
    from evaluation.reports.render import render_pdf, write_pdf
    from villages.models import Programme

    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "report":
        programme = Programme.objects.select_related("municipality").get(slug="pudasjarvi")
        scope = Scope(kind=ReportKind.PROGRAMME, programme=programme, period=year_period(year))
        pdf, page_count = render_pdf(scope, "fi")
    else:
        pdf, page_count = write_pdf(plain_html(pages))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pages": page_count,
        "bytes": len(pdf),
        "peak_mb": peak_kb / 1024,
    }


def run_child(kind: str, year: int, pages: int, database: str | None) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--year", str(year)]
    command += ["--pages", str(pages)]
    if database:
        command += ["--database", database]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def summary(runs: list[dict]) -> dict:
    """Medians of the runs' times (and the spread), the largest peak memory."""
    seconds = [r["seconds"] for r in runs]
    return {
        "seconds": statistics.median(seconds),
        "seconds_min": min(seconds),
        "seconds_max": max(seconds),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "pages": runs[-1]["pages"],
        "bytes": runs[-1]["bytes"],
        "peak_mb": max(r["peak_mb"] for r in runs),
        "runs": len(runs),
    }


def measure(year: int, database: str | None, repeat: int) -> tuple[dict, dict]:
    """Report and plain renders taking turns; the plain one has the report's page count."""
    pages = run_child("report", year, 0, database)["pages"]
    reports, plains = [], []
    for _ in range(repeat):
        reports.append(run_child("report", year, 0, database))
        plains.append(run_child("plain", year, pages, database))
    return summary(reports), summary(plains)


def prepare_database() -> str | None:
    if os.environ.get("DATABASE_URL"):
        return None
    database = str(Path(tempfile.mkdtemp(prefix="ryhma-bench-")) / "bench.sqlite3")
    env = {**os.environ, "RYHMA_DEBUG": "1", "SQLITE_PATH": database}
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    return database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=["report", "plain"])
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--database")
    args = parser.parse_args()
    if args.child:
        setup_django(args.database)
        print(json.dumps(child(args.child, args.year, args.pages)))
        return 0

    database = prepare_database()
    setup_django(database)
    from workers.models import Employment

    contracts = Employment.objects.filter(
        starts_on__year__lte=args.year, association__village__municipality__slug="pudasjarvi"
    ).count()
    report, plain = measure(args.year, database, args.repeat)
    ratio = report["seconds"] / plain["seconds"]
    cpu_ratio = report["cpu_seconds"] / plain["cpu_seconds"]
    load = os.getloadavg()[0]
    results = {
        "year": args.year,
        "contracts": contracts,
        "report": report,
        "plain": plain,
        "ratio": round(ratio, 2),
        "cpu_ratio": round(cpu_ratio, 2),
        "load_average": round(load, 2),
        "targets": {"ratio": TARGET_RATIO, "peak_mb": TARGET_MB},
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    print(f"Demo programme, yearly report {args.year} ({contracts} contracts in the demo data)")
    print(f"  {args.repeat} renders of each, medians; load average {load:.1f}")
    for label, part in (("report", report), ("plain ", plain)):
        print(
            f"  {label}: {part['seconds']:.2f} s ({part['seconds_min']:.2f}–"
            f"{part['seconds_max']:.2f}), CPU {part['cpu_seconds']:.2f} s, "
            f"{part['pages']} pages, peak {part['peak_mb']:.0f} MB"
        )
    ok_ratio = ratio <= TARGET_RATIO
    ok_memory = report["peak_mb"] <= TARGET_MB
    print(f"  time ratio {ratio:.2f} (target <= {TARGET_RATIO}): {'ok' if ok_ratio else 'OVER'}")
    print(f"  CPU time ratio {cpu_ratio:.2f} (the report's without the database server)")
    print(
        f"  peak memory {report['peak_mb']:.0f} MB (target <= {TARGET_MB} MB): "
        f"{'ok' if ok_memory else 'OVER'}"
    )
    if report["pages"] != plain["pages"]:
        print(f"  note: page counts differ ({report['pages']} vs {plain['pages']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
