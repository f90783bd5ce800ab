"""The kept worker-month figures (`evaluation.kept_figures`) read for the pages: the
dashboard's economy and the workers' figures, summed in SQL.

`dashboard_economy` gives the same `Economy` as `selectors.economy` from SQL sums of the
rows, when every year it needs is kept, fresh and of `models.kept.ENGINE_VERSION`;
otherwise it computes. `kept_worker_rows` gives the same worker rows as
`selectors.economy(...).workers`, or None when they must be computed; `explaining_economy`
the economy that explains one figure, kept where the kept sums explain it.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Aggregate, Count, Q, Sum

from evaluation import economy as model
from evaluation import figures
from evaluation.economy import ZERO
from evaluation.models import KeptFiguresYear, WorkerMonthFigures
from evaluation.models.kept import ENGINE_VERSION, SUMMED_COLUMNS, from_cents
from evaluation.selectors import programme_economy
from evaluation.selectors.programme_economy import Economy, MonthRow, WorkerRow
from workers.money import money
from workers.parameters import parameters_for


def _sums(keys=SUMMED_COLUMNS, only=None) -> dict:
    return {f"s_{key}": Sum(key, filter=only) for key in keys}


def dashboard_economy(programme, period, *, worker_keys=SUMMED_COLUMNS) -> Economy:
    """`selectors.economy(programme, period)` from the kept figures when
    every year it needs is kept and fresh, else computed. The same euros to the cent; the
    summed totals do not explain themselves (their explanation page computes).

    `worker_keys`: the figures the worker rows need besides hours and person-months; kept
    rows carry only these (the dashboard shows no per-worker euros: `kept_worker_rows`)."""
    kept = kept_economy(programme, period, worker_keys=worker_keys)
    if kept is None:
        return programme_economy.economy(programme, period)
    return kept


def explaining_economy(programme, period, key: str, *, worker_keys=SUMMED_COLUMNS) -> Economy:
    """The economy whose figure `key` the explanation page shows, explained as
    `selectors.economy` explains it: from the kept figures where their totals say all of it,
    computed otherwise.

    The kept rows hold each worker-month's euros, not the formula, parameters and reasons
    behind them, so a figure summed over worker-months (`SUMMED_LABELS`) is computed. The
    others are made from totals alone (hours, person-months, revenue, coordination, the
    net effects combined from the sums, the cash view, SROI): the same value, inputs,
    parameters and notes from the kept sums."""
    if key in model.SUMMED_LABELS:
        return programme_economy.economy(programme, period)
    return dashboard_economy(programme, period, worker_keys=worker_keys)


def _fresh(municipality, years: set[int]) -> bool:
    """Whether every one of the municipality's `years` is kept, fresh and of this engine."""
    fresh = KeptFiguresYear.objects.filter(
        municipality=municipality,
        year__in=years,
        stale=False,
        engine_version=ENGINE_VERSION,
    ).count()
    return fresh == len(years)


def kept_economy(programme, period, *, worker_keys=SUMMED_COLUMNS):
    """The Economy from the kept rows, or None when any of them may not be read; its worker
    rows carry the figures of `worker_keys` (a plain dict: no other key reads as zero)."""
    municipality = programme.municipality
    params = parameters_for(municipality, period.year)
    lead = programme_economy._payment_lead(params)
    first_index = figures.month_index(period.start) - (lead or 0)
    first_month = figures.index_date(first_index)
    if not _fresh(municipality, set(range(first_month.year, period.year + 1))):
        return None
    village_id = period.village.pk if period.village else None
    mine = Q(employment__association__village_id=village_id) if village_id else None
    by_month = (
        WorkerMonthFigures.objects.filter(
            municipality=municipality, month__range=(first_month, period.end)
        )
        .values("month")
        .order_by("month")
        .annotate(
            all_fraction=Sum("employed_fraction"),
            fraction=Sum("employed_fraction", filter=mine),
            hours=Sum("hours_hundredths", filter=mine),
            count=Count("pk", filter=mine),
            incomplete=Count("pk", filter=Q(complete=False)),
            moves=Count("pk", filter=Q(drop_moves=True)),
            **_sums(only=mine),
        )
    )
    month_rows = list(by_month)
    if any(row["incomplete"] for row in month_rows):
        return None
    if village_id and any(row["moves"] for row in month_rows):
        return None
    workers = _worker_rows(municipality, period, worker_keys)
    if workers is None:
        return None
    return _economy(programme, period, params, month_rows, workers, first_month, lead)


def kept_worker_rows(programme, period, keys=SUMMED_COLUMNS) -> list | None:
    """`selectors.economy(programme, period).workers` from the kept rows, with the figures of
    `keys` (a plain dict), in the same order; None when the rows may not be read."""
    municipality = programme.municipality
    if not _fresh(municipality, {period.year}):
        return None
    workers = _worker_rows(municipality, period, keys, checked=True)
    return None if workers is None else programme_economy.by_name(workers.values())


def worker_figure_rows(programme, period, keys=SUMMED_COLUMNS) -> list:
    """Each worker's row of `selectors.economy(programme, period)`: from the kept rows when
    they may be read, else computed (the same figures to the cent)."""
    rows = kept_worker_rows(programme, period, keys)
    if rows is None:
        rows = programme_economy.economy(
            programme, period, with_sroi=False, with_earlier=False
        ).workers
    return rows


def _worker_rows(municipality, period, keys, *, checked=False) -> dict[int, WorkerRow] | None:
    """{worker id: WorkerRow} of the period's kept rows (of its village): hours, person-months
    and the figures of `keys` summed over the worker's contracts, the village the first
    contract's, as `selectors.economy` makes them; None when the rows may not be read.

    Two queries: each contract's sums over the kept rows alone, then the contracts in the
    model's order (worker, start) with their names (summing before joining is the cheaper
    plan). `checked`: also see that no row misses a figure and that no recorded drop
    moves with the village filter (the caller has not seen the months' rows)."""
    village = period.village
    rows = WorkerMonthFigures.objects.filter(
        municipality=municipality, month__range=(period.start, period.end)
    )
    if village is not None:
        rows = rows.filter(employment__association__village_id=village.pk)
    aggregates: dict[str, Aggregate] = {
        "fraction": Sum("employed_fraction"),
        "hours": Sum("hours_hundredths"),
        **_sums(keys),
    }
    if checked:
        aggregates["incomplete"] = Count("pk", filter=Q(complete=False))
        aggregates["moves"] = Count("pk", filter=Q(drop_moves=True))
    sums: dict[int, tuple[Any, ...]] = {
        row[0]: row[1:]
        for row in rows.values("employment_id")
        .order_by()
        .annotate(**aggregates)
        .values_list("employment_id", *aggregates)
    }
    if checked and any(row[-2] or (village is not None and row[-1]) for row in sums.values()):
        return None
    contracts = (
        figures.employments(municipality, period.start, period.end, village)
        .order_by("worker_id", "starts_on", "pk")
        .values_list(
            "pk",
            "worker_id",
            "worker__first_name",
            "worker__last_name",
            "association__village__name",
        )
    )
    # Per worker: [name, village, hundredths of hours, person-months, cents of each figure
    # of `keys`], the name and village of the first contract.
    totals: dict[int, list[Any]] = {}
    found = 0
    for pk, worker_id, first_name, last_name, village_name in contracts:
        own_sums = sums.get(pk)
        if own_sums is None:
            continue  # no day of the contract in the period
        found += 1
        own = totals.get(worker_id)
        if own is None:
            name = figures.WorkerName(worker_id, first_name, last_name)
            own = totals[worker_id] = [name, village_name, 0, ZERO, *([0] * len(keys))]
        fraction, hours, *cents = own_sums
        own[2] += hours or 0
        own[3] += fraction or ZERO
        for index, value in enumerate(cents[: len(keys)], 4):
            own[index] += value or 0
    if found != len(sums):
        return None  # rows of a contract outside the period: not what a recomputation reads
    return {
        worker_id: WorkerRow(
            name,
            village_name,
            ZERO + from_cents(hours),
            ZERO + person_months,
            {key: ZERO + from_cents(value) for key, value in zip(keys, cents, strict=True)},
        )
        for worker_id, (name, village_name, hours, person_months, *cents) in totals.items()
    }


def _fill(target, row) -> None:
    """Add an aggregate row's sums to a MonthRow."""
    target.hours += from_cents(row["hours"] or 0)
    target.person_months += row["fraction"] or ZERO
    for key in SUMMED_COLUMNS:
        target.values[key] += from_cents(row[f"s_{key}"] or 0)


def _economy(programme, period, params, month_rows, workers, first_month, lead):
    monthly = {m: MonthRow(m) for m in period.months}
    all_pm: dict[int, Decimal] = defaultdict(lambda: ZERO)
    earlier_rows = {}
    for row in month_rows:
        month = row["month"]
        if month < period.start:
            earlier_rows[month] = row
            continue
        all_pm[month.month] += row["all_fraction"] or ZERO
        if row["count"]:
            _fill(monthly[month.month], row)
    earlier = None
    if lead is not None:
        earlier = []
        for index in range(figures.month_index(first_month), figures.month_index(period.start)):
            row = earlier_rows.get(figures.index_date(index))
            if row is None or not row["count"]:
                earlier.append((ZERO, ZERO))
            else:
                earlier.append(
                    (from_cents(row["s_subsidy_income"]), from_cents(row["s_municipal_top_up"]))
                )
    services = programme_economy._services(programme.municipality, period)
    totals_values = {key: ZERO for key in SUMMED_COLUMNS}
    for row in monthly.values():
        for key in SUMMED_COLUMNS:
            totals_values[key] += row.values.get(key, ZERO)
    hours = money(sum((r.hours for r in monthly.values()), ZERO))
    person_months = money(sum((r.person_months for r in monthly.values()), ZERO))

    def totals(coordination_months: Decimal) -> model.Totals:
        return model.summarise_values(
            totals_values,
            hours=hours,
            person_months=person_months,
            worker_months=bool(workers),
            params=params,
            service_revenue=services.revenue,
            coordination_months=coordination_months,
        )

    return programme_economy._complete(
        programme,
        period,
        params,
        monthly,
        workers,
        set(workers),
        all_pm,
        totals,
        services,
        hours_available=True,
        earlier=earlier,
        with_sroi=True,
    )
