"""Benchmark part (not a test): the dashboard's hour aggregates for one municipality-year.

    DATABASE_URL=<national database> .venv/bin/python bench/aggregates.py --year 2026

Runs the query the dashboard and reports sum hours with (`evaluation.inputs.
approved_hours`: approved hours per contract and month, and the hours on subsidised days)
for the contracts of one synthetic municipality, `--repeat` times, and a plain count(*)
over the same rows (same filter) as many times. Prints the median of each, their ratio,
and whether EXPLAIN (ANALYZE, BUFFERS) of the aggregate scans the work-entry table
sequentially. Prints one JSON line.
"""

import argparse
import datetime

from common import emit, median_ms, setup_django, timed

BUDGET = 3.0
WORK_ENTRY_TABLE = "services_workentry"


def aggregate_queryset(employment_ids, start, end):
    """The dashboard's query as a queryset: evaluation.inputs when it exists, else the same
    shape written here (approved current hours per contract and month, and those on days a
    subsidy decision covers)."""
    from django.db.models import DecimalField, Exists, OuterRef, Q, Sum, Value
    from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

    from services.hours.models.entries import APPROVED_STATUSES
    from services.models import WorkEntry
    from workers.models import SubsidyDecision

    covered = SubsidyDecision.objects.filter(
        employment=OuterRef("employment_id"),
        starts_on__lte=OuterRef("work_date"),
        ends_on__gte=OuterRef("work_date"),
    )
    decimal = DecimalField(max_digits=10, decimal_places=2)
    rows = WorkEntry.objects.filter(
        employment_id__in=employment_ids,
        work_date__range=(start, end),
        status__in=APPROVED_STATUSES,
        is_current=True,
    )
    aggregate = (
        rows.annotate(year=ExtractYear("work_date"), month=ExtractMonth("work_date"))
        .values("employment_id", "year", "month")
        .annotate(
            hours_sum=Coalesce(Sum("hours"), Value(0), output_field=decimal),
            covered_sum=Coalesce(
                Sum("hours", filter=Q(Exists(covered))), Value(0), output_field=decimal
            ),
        )
        .order_by()
    )
    return rows, aggregate


def explain(action) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the work-entry queries `action` runs, exactly as sent."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    plans = []
    for query in captured.captured_queries:
        if WORK_ENTRY_TABLE in query["sql"]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--municipality", default="synt-150")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    from workers.models import Employment

    start, end = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    employment_ids = list(
        Employment.objects.filter(association__village__municipality__slug=args.municipality)
        .overlapping(start, end)
        .values_list("pk", flat=True)
    )
    rows, aggregate = aggregate_queryset(employment_ids, start, end)
    source = "bench/aggregates.py (same shape as the dashboard's)"
    try:
        from evaluation.inputs import approved_hours

        def run_aggregate():
            approved_hours(employment_ids, start, end)

        source = "evaluation.inputs.approved_hours"
    except ImportError:

        def run_aggregate():
            list(aggregate.all())  # a fresh queryset: no result cache

    run_aggregate(), rows.count()  # warm the cache, as a dashboard in use would be
    aggregate_samples, count_samples = [], []
    for _round in range(args.repeat):
        aggregate_samples += timed(run_aggregate, 1)
        count_samples += timed(rows.count, 1)
    plan = explain(run_aggregate)
    sequential = [line.strip() for line in plan.splitlines() if "Seq Scan" in line]
    aggregate_ms, count_ms = median_ms(aggregate_samples), median_ms(count_samples)
    ratio = round(aggregate_ms / count_ms, 2)
    no_seq_scan = not any(WORK_ENTRY_TABLE in line for line in sequential)
    emit(
        {
            "municipality": args.municipality,
            "year": args.year,
            "source": source,
            "contracts": len(employment_ids),
            "rows": rows.count(),
            "aggregate_ms": aggregate_ms,
            "count_ms": count_ms,
            "ratio": ratio,
            "no_seq_scan_of_work_entries": no_seq_scan,
            "sequential_scans": sequential,
            "explain": plan,
            "ok": ratio <= BUDGET and no_seq_scan,
        }
    )


if __name__ == "__main__":
    main()
