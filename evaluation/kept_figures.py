"""Kept worker-month figures: their upkeep by the writes, and the dashboard's read of them.

Upkeep: `refresh_figures` recomputes, with the money engine and the economy's own
functions (`evaluation.figures`, `selectors.programme_economy.month_results`), every
worker-month of the given people (or of the whole municipality) in the kept years, and
replaces their rows.
The writes that change an input call it in their transaction: lower apps through
`workers.signals.economy_inputs_changed` (connected in `evaluation.apps`), evaluation's
own writes directly. A parameter change marks its municipality-year stale in its
transaction and refreshes it in a Celery task after commit (`year_changed`).

Read: `evaluation.selectors.kept` sums the rows in SQL for the dashboard and the workers'
figures. `differences` compares the rows with a recomputation
(`manage.py refresh_figures --check`).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from evaluation import economy as model
from evaluation import figures
from evaluation.inputs import approved_day_hours, approved_hours
from evaluation.models import KeptFiguresYear, WorkerMonthFigures
from evaluation.models.kept import ENGINE_VERSION, SUMMED_COLUMNS, cents
from evaluation.selectors import programme_economy
from ryhma.transactions import after_commit
from workers.models import Employment
from workers.parameters import parameters_for

ZERO = Decimal("0")
FRACTION_TOLERANCE = Decimal("1e-12")
HUNDRED = Decimal("100")
assert SUMMED_COLUMNS == model.SUMMED  # one column per summed figure, in the same order


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _compute_year(municipality, year: int, worker_ids=None) -> list[WorkerMonthFigures]:
    """The rows of the year's worker-months (of `worker_ids`, or everyone's), computed as
    `selectors.economy` computes the whole municipality's year."""
    first, last = _year_bounds(year)
    params = parameters_for(municipality, year)
    contracts = figures.contracts(municipality, first, last, worker_ids)
    in_period = [c for c in contracts if c.ends_on is None or c.ends_on >= first]
    hours = approved_hours([c.id for c in in_period], first, last)
    day_hours = approved_day_hours(figures.split_months(in_period, first, last))
    days_at = figures.benefit_days(contracts, params, last)
    drops = programme_economy.social_assistance_drops(
        {c.worker_id for c in contracts}, programme_economy.Period(year)
    )
    rows: list[WorkerMonthFigures] = []
    worker_of_row: list[int] = []
    villages: dict[tuple[int, int], set[int]] = defaultdict(set)
    dropped: set[tuple[int, int]] = set()
    for contract in in_period:
        months = figures.worker_months(contract, params, first, last, hours, days_at, day_hours)
        for worker_month, result in programme_economy.month_results(
            contract, months, drops, params
        ):
            values = result.values
            complete = all(values[key] is not None for key in model.SUMMED)
            hundredths = worker_month.approved_hours * HUNDRED
            if hundredths != hundredths.to_integral_value():
                complete = False
            row = WorkerMonthFigures(
                municipality_id=municipality.pk,
                employment_id=contract.id,
                month=datetime.date(year, worker_month.month, 1),
                hours_hundredths=int(hundredths),
                employed_fraction=worker_month.employed_fraction,
                complete=complete,
                **{
                    key: None if values[key] is None else cents(values[key]) for key in model.SUMMED
                },
            )
            rows.append(row)
            worker_of_row.append(contract.worker_id)
            villages[(contract.worker_id, worker_month.month)].add(contract.village_id)
            if worker_month.social_assistance_drop:
                dropped.add((contract.worker_id, worker_month.month))
    for row, worker_id in zip(rows, worker_of_row, strict=True):
        key = (worker_id, row.month.month)
        row.drop_moves = key in dropped and len(villages[key]) > 1
    return rows


def _replace_year(municipality, year: int, worker_ids=None) -> int:
    first, last = _year_bounds(year)
    rows = _compute_year(municipality, year, worker_ids)
    existing = WorkerMonthFigures.objects.filter(
        municipality=municipality, month__range=(first, last)
    )
    if worker_ids is not None:
        existing = existing.filter(employment__worker_id__in=worker_ids)
    existing.delete()
    WorkerMonthFigures.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _worker_ids(employment_ids) -> set[int]:
    return set(
        Employment.objects.filter(pk__in=list(employment_ids)).values_list("worker_id", flat=True)
    )


@transaction.atomic
def refresh_figures(*, municipality, employment_ids, first_month: datetime.date) -> None:
    """Recompute the kept figures of the people of `employment_ids` (every contract of
    theirs: benefit days count on across them) in the municipality's kept years from
    `first_month`'s on. Call inside the transaction that changed the inputs (on its own, it
    runs in a transaction of its own).

    Years not kept, stale or of another engine version are left alone: the dashboard
    computes them. The years' rows are locked (in year order), so a concurrent refresh of
    the same year waits and then reads what this one committed."""
    years = list(
        KeptFiguresYear.objects.select_for_update()
        .filter(
            municipality=municipality,
            year__gte=first_month.year,
            stale=False,
            engine_version=ENGINE_VERSION,
        )
        .order_by("year")
        .values_list("year", flat=True)
    )
    if not years:
        return
    worker_ids = _worker_ids(employment_ids)
    if not worker_ids:
        return
    for year in years:
        _replace_year(municipality, year, worker_ids)


def refresh_year(municipality, year: int) -> int:
    """Recompute every worker-month of the municipality-year and mark it fresh; the rows."""
    with transaction.atomic():
        state, _created = KeptFiguresYear.objects.get_or_create(
            municipality=municipality, year=year
        )
        state = KeptFiguresYear.objects.select_for_update().get(pk=state.pk)
        count = _replace_year(municipality, year)
        state.stale = False
        state.engine_version = ENGINE_VERSION
        state.refreshed_at = timezone.now()
        state.save(update_fields=["stale", "engine_version", "refreshed_at"])
    return count


def refresh_stale() -> list[tuple[int, int]]:
    """Refresh every stale kept municipality-year (a parameter edit whose task was lost);
    [(municipality id, year)] refreshed."""
    done = []
    stale = KeptFiguresYear.objects.filter(stale=True).select_related("municipality")
    for state in stale.order_by("municipality_id", "year"):
        refresh_year(state.municipality, state.year)
        done.append((state.municipality_id, state.year))
    return done


def years_of(municipality) -> list[int]:
    """The years a municipality's figures are kept for: from the year before its first
    contract (the cash view's earlier months) to its last contract's or this year."""
    bounds = Employment.objects.filter(association__village__municipality=municipality)
    starts = list(bounds.order_by("starts_on").values_list("starts_on", flat=True)[:1])
    if not starts:
        return []
    last = timezone.localdate().year
    ends = bounds.filter(ends_on__isnull=False).order_by("-ends_on")
    latest_end = ends.values_list("ends_on", flat=True).first()
    if latest_end is not None:
        last = max(last, latest_end.year)
    latest_start = bounds.order_by("-starts_on").values_list("starts_on", flat=True).first()
    if latest_start is not None:
        last = max(last, latest_start.year)
    return list(range(starts[0].year - 1, last + 1))


def refresh_municipality(municipality, years=None) -> int:
    """Refresh every kept year of the municipality (`years_of`), or the given ones."""
    return sum(refresh_year(municipality, year) for year in years or years_of(municipality))


def mark_stale(municipality, year: int) -> None:
    """Say in the current transaction that the municipality-year's rows are out of date,
    and refresh them in a Celery task once it commits. The dashboard computes the year
    meanwhile; a broker that does not answer leaves it stale (and computed) until the
    next refresh, never failing the write."""
    states = KeptFiguresYear.objects.filter(municipality=municipality)
    if not states.filter(year=year).update(stale=True):
        if not states.exists():
            return  # nothing of the municipality is kept: the dashboard computes
        KeptFiguresYear.objects.get_or_create(municipality=municipality, year=year)
    municipality_id = municipality.pk

    def enqueue():
        from evaluation.tasks import refresh_kept_year

        refresh_kept_year.delay(municipality_id, year)

    after_commit(enqueue, name="evaluation.kept_figures.enqueue_refresh")


def inputs_changed(sender=None, *, municipality_id=None, employment_ids=(), first_month, **_):
    """The receiver of `workers.signals.economy_inputs_changed`."""
    from villages.models import Municipality

    employment_ids = list(employment_ids)
    if municipality_id is None:
        by_municipality = defaultdict(list)
        for pk, municipality_pk in Employment.objects.filter(pk__in=employment_ids).values_list(
            "pk", "association__village__municipality_id"
        ):
            by_municipality[municipality_pk].append(pk)
    else:
        by_municipality = {municipality_id: employment_ids}
    for municipality_pk, ids in by_municipality.items():
        if not KeptFiguresYear.objects.filter(municipality_id=municipality_pk).exists():
            continue
        municipality = Municipality.objects.get(pk=municipality_pk)
        refresh_figures(municipality=municipality, employment_ids=ids, first_month=first_month)


def drop_changed(drop) -> None:
    """A recorded social assistance drop was saved or deleted: refresh its worker's months."""
    employment_ids = list(
        Employment.objects.filter(worker_id=drop.worker_id).values_list("pk", flat=True)
    )
    if employment_ids:
        inputs_changed(employment_ids=employment_ids, first_month=drop.first_month)


def parameters_changed(sender=None, *, municipality_id, year, **_):
    """The receiver of `workers.signals.economy_parameters_changed`."""
    from villages.models import Municipality

    mark_stale(Municipality.objects.get(pk=municipality_id), year)


def differences(municipality, years=None) -> list[tuple]:
    """Where the kept rows differ from a recomputation: (year, employment, month, column,
    kept, computed), for the municipality's fresh kept years (or the given ones)."""
    states = KeptFiguresYear.objects.filter(municipality=municipality)
    if years is not None:
        states = states.filter(year__in=years)
    found: list[tuple] = []
    for state in states.order_by("year"):
        if state.stale or state.engine_version != ENGINE_VERSION:
            found.append((state.year, None, None, "stale", state.engine_version, ENGINE_VERSION))
            continue
        first, last = _year_bounds(state.year)
        columns = (
            "hours_hundredths",
            "employed_fraction",
            "complete",
            "drop_moves",
            *SUMMED_COLUMNS,
        )
        kept = {
            (row[0], row[1]): row[2:]
            for row in WorkerMonthFigures.objects.filter(
                municipality=municipality, month__range=(first, last)
            ).values_list("employment_id", "month", *columns)
        }
        computed = {
            (row.employment_id, row.month): tuple(getattr(row, column) for column in columns)
            for row in _compute_year(municipality, state.year)
        }
        for key in sorted(kept.keys() | computed.keys()):
            have, want = kept.get(key), computed.get(key)
            if have is None or want is None:
                found.append((state.year, key[0], key[1], "row", have, want))
                continue
            for column, a, b in zip(columns, have, want, strict=True):
                if column == "employed_fraction":
                    # Exact on PostgreSQL; SQLite keeps a decimal as a double.
                    same = a is not None and abs(Decimal(a) - b) < FRACTION_TOLERANCE
                else:
                    same = a == b
                if not same:
                    found.append((state.year, key[0], key[1], column, a, b))
    return found
