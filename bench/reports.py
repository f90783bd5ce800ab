"""Benchmark (not a test): the demo programme's yearly PDF report against a plain document.

    .venv/bin/python bench/reports.py [--year 2026] [--repeat 3]

Builds a throw-away SQLite database with the demo data (or uses DATABASE_URL when set),
renders the programme report of the year, then a plain document with the same page
count, fonts and page rules (report.css), each in a fresh process. Prints the time
ratio (report / plain, target <= 3) and the peak memory (RSS) of the report's render
process (target <= 300 MB). Writes bench/results.json.
"""

import argparse
import json
import os
import resource
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
    """Render once in this process; report seconds, pages and peak RSS."""
    from weasyprint import HTML

    from evaluation.models import ReportKind
    from evaluation.reports.figures import Scope
    from evaluation.reports.periods import year_period
    from evaluation.reports.render import BASE_URL, render_pdf, static_only_fetcher
    from villages.models import Programme

    started = time.perf_counter()
    if kind == "report":
        programme = Programme.objects.select_related("municipality").get(slug="pudasjarvi")
        scope = Scope(kind=ReportKind.PROGRAMME, programme=programme, period=year_period(year))
        pdf, page_count = render_pdf(scope, "fi")
    else:
        document = HTML(
            string=plain_html(pages), base_url=BASE_URL, url_fetcher=static_only_fetcher()
        ).render()
        pdf, page_count = document.write_pdf(), len(document.pages)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "pages": page_count, "bytes": len(pdf), "peak_mb": peak_kb / 1024}


def run_child(kind: str, year: int, pages: int, database: str | None) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--year", str(year)]
    command += ["--pages", str(pages)]
    if database:
        command += ["--database", database]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def best_of(kind: str, year: int, pages: int, database: str | None, repeat: int) -> dict:
    runs = [run_child(kind, year, pages, database) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


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
    parser.add_argument("--repeat", type=int, default=3)
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
    report = best_of("report", args.year, 0, database, args.repeat)
    plain = best_of("plain", args.year, report["pages"], database, args.repeat)
    ratio = report["seconds"] / plain["seconds"]
    results = {
        "year": args.year,
        "contracts": contracts,
        "report": report,
        "plain": plain,
        "ratio": round(ratio, 2),
        "targets": {"ratio": TARGET_RATIO, "peak_mb": TARGET_MB},
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    print(f"Demo programme, yearly report {args.year} ({contracts} contracts in the demo data)")
    print(
        f"  report: {report['seconds']:.2f} s, {report['pages']} pages, "
        f"peak {report['peak_mb']:.0f} MB"
    )
    print(
        f"  plain:  {plain['seconds']:.2f} s, {plain['pages']} pages, "
        f"peak {plain['peak_mb']:.0f} MB"
    )
    ok_ratio = ratio <= TARGET_RATIO
    ok_memory = report["peak_mb"] <= TARGET_MB
    print(f"  time ratio {ratio:.2f} (target <= {TARGET_RATIO}): {'ok' if ok_ratio else 'OVER'}")
    print(
        f"  peak memory {report['peak_mb']:.0f} MB (target <= {TARGET_MB} MB): "
        f"{'ok' if ok_memory else 'OVER'}"
    )
    if report["pages"] != plain["pages"]:
        print(f"  note: page counts differ ({report['pages']} vs {plain['pages']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
