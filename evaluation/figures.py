"""Worker-months for the economic model, and their figures kept in the database.

The model (`evaluation.economy`) computes each employment's figures month by month. A
city-year is thousands of such worker-months, most of a second on every dashboard view,
although from one view to the next only the months whose hours or contracts changed have
different figures. `EmploymentMonthFigures` keeps each worker-month's values, and
`read_figures` recomputes only what is no longer valid.

VALIDITY. A row holds the figures of one employment and month computed from:

- `inputs`, a digest (`inputs_key`) of everything else the month is computed from: the
  contract's dates, wage and hours per week, the worker's benefit days at the start, the
  subsidy decisions, the year, every value of the year's parameter set
  (`Parameters.digest`) and the code of the model (`MODEL_NUMBER`);
- `hours_row_id`, the services.MonthlyHours row that held the month's approved hours. The
  hour actions replace a month's roll-up row whenever its approved hours may have changed
  (services.rollups), so another id, or a row appearing or disappearing, means the month is
  computed again.

The reader compares these with the current inputs, whatever changed them (an action, the
admin, a bulk load, an `update()`), so no write path has to know about the figures. An
employment whose digest differs is recomputed for the whole range read; one whose roll-up
rows changed, only for those months.

The roll-up rows are compared per employment, not per month: the number of rows in the
range and the largest id, kept and current. That is exact because a refresh replaces rows
with new ids while it holds the employment's lock (`refresh_monthly_hours`), so a refresh
committed after the figures were computed either added a row with a larger id than any
they saw, or only removed rows. Only employments that differ are compared month by month.

NOT KEPT: the recorded drops in social assistance (a handful of rows: the reader adds them,
because the month's drop belongs to one of the worker's contracts, which depends on the
village selected), and months with a missing parameter: those are left to the explained
path (`selectors.economy(explained=True)`), which says what is missing.
"""

import calendar
import datetime
import hashlib
import logging
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.sql.constants import MULTI

from evaluation import economy as model
from evaluation.models import EmploymentMonthFigures
from services.models import MonthlyHours
from workers.models import Employment, SubsidyPayer
from workers.parameters import MissingParameter, Parameters

logger = logging.getLogger(__name__)
ZERO = Decimal("0")
ONE = Decimal("1")

# The worker-month figures kept; the others are sums and differences of these (and of the
# social assistance figures, which are zero without a recorded drop).
STORED = (
    "wage_cost",
    "side_costs",
    "subsidy_income",
    "municipal_top_up",
    "city_avoided_benefit_share",
    "city_paid_subsidy",
    "public_avoided_benefit",
    "public_taxes_returned",
)
COLUMNS = {key: f"{key}_cents" for key in STORED}

# Figures kept by another version of the model are not valid: the digest of its code (this
# module builds the worker-months) is part of every row's inputs.
# (The Python version too: the hash of a tuple, see inputs_key, may change with it.)
MODEL_NUMBER = (
    int.from_bytes(
        hashlib.blake2b(
            Path(model.__file__).read_bytes() + Path(__file__).read_bytes() + sys.version.encode(),
            digest_size=8,
        ).digest(),
        "big",
    )
    >> 1
)


@dataclass(frozen=True)
class Decision:
    starts_on: datetime.date
    ends_on: datetime.date
    subsidy_type: str
    rate_percent: Decimal
    monthly_cap: Decimal | None
    payer: str


@dataclass
class Contract:
    """An employment with what the economic model needs of it, as plain values."""

    id: int
    worker_id: int
    first_name: str
    last_name: str
    village_id: int
    village_name: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    hours_per_week: Decimal
    hourly_wage: Decimal
    benefit_days: int
    decisions: list[Decision] = field(default_factory=list)
    inputs: tuple | None = None  # see _contract_inputs

    def worker(self) -> "WorkerName":
        return WorkerName(self.worker_id, self.first_name, self.last_name)


class WorkerName:
    """A worker as the figures' rows show them: the id (for links) and the name, written
    as `Worker` writes it. Not a model instance: a city has hundreds of rows."""

    __slots__ = ("first_name", "last_name", "pk")

    def __init__(self, pk: int, first_name: str, last_name: str):
        self.pk, self.first_name, self.last_name = pk, first_name, last_name

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __eq__(self, other) -> bool:
        return isinstance(other, WorkerName) and other.pk == self.pk

    def __hash__(self) -> int:
        return hash(self.pk)


def employments(municipality, first: datetime.date, last: datetime.date, village=None):
    """The municipality's (or the village's) employments overlapping [first, last]."""
    queryset = Employment.objects.filter(association__village__municipality=municipality)
    if village is not None:
        queryset = queryset.filter(association__village=village)
    return queryset.overlapping(first, last)


def contracts(municipality, first: datetime.date, last: datetime.date) -> list[Contract]:
    """The municipality's employments overlapping [first, last], in the model's order
    (worker, start), with their subsidy decisions (by start). One query (a row per
    decision)."""
    rows = (
        employments(municipality, first, last)
        .order_by(
            "worker_id", "starts_on", "pk", "subsidy_decisions__starts_on", "subsidy_decisions__pk"
        )
        .values_list(
            "pk",
            "worker_id",
            "worker__first_name",
            "worker__last_name",
            "association__village_id",
            "association__village__name",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "hourly_wage",
            "worker__benefit_days",
            "subsidy_decisions__starts_on",
            "subsidy_decisions__ends_on",
            "subsidy_decisions__subsidy_type",
            "subsidy_decisions__rate_percent",
            "subsidy_decisions__monthly_cap",
            "subsidy_decisions__payer",
        )
    )
    result: list[Contract] = []
    for row in rows:
        if not result or result[-1].id != row[0]:
            result.append(Contract(*row[:11]))
        if row[11] is not None:
            result[-1].decisions.append(Decision(*row[11:]))
    return result


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def index_date(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def _days_in_month(index: int) -> int:
    return calendar.monthrange(index // 12, index % 12 + 1)[1]


def contract_months(contract: Contract, first: int, last: int) -> list[tuple[int, Decimal]]:
    """[(month index, share of the month employed)] of the months first…last (indexes)
    the contract has days in: the values of `economy.month_fraction` (days inside the
    contract / days of the month), worked out without building dates."""
    start = month_index(contract.starts_on)
    end = month_index(contract.ends_on) if contract.ends_on else None
    months = []
    for index in range(max(first, start), min(last, last if end is None else end) + 1):
        if index == start or index == end:
            days = _days_in_month(index)
            first_day = contract.starts_on.day if index == start else 1
            last_day = contract.ends_on.day if index == end else days
            if last_day >= first_day:
                months.append((index, Decimal(last_day - first_day + 1) / Decimal(days)))
        else:
            months.append((index, ONE))
    return months


def subsidy_terms(contract: Contract, year: int, month: int, covered_hours: Decimal):
    """The decision covering most of the month (the earliest of equals), as model terms."""
    best, best_fraction = None, ZERO
    for decision in contract.decisions:
        start = max(decision.starts_on, contract.starts_on)
        end = min(decision.ends_on, contract.ends_on or decision.ends_on)
        fraction = model.month_fraction(start, end, year, month)
        if fraction > best_fraction:
            best, best_fraction = decision, fraction
    if best is None:
        return None
    return model.SubsidyTerms(
        subsidy_type=best.subsidy_type,
        rate_percent=best.rate_percent,
        monthly_cap=best.monthly_cap,
        paid_by_city=best.payer == SubsidyPayer.MUNICIPALITY,
        covered_fraction=best_fraction,
        covered_hours=covered_hours,
    )


def worker_months(
    contract: Contract, params: Parameters, first: datetime.date, last: datetime.date, hours
) -> list[model.WorkerMonth]:
    """The WorkerMonths of the months [first, last] (one year, `params` its parameters) in
    which the contract has days, without social assistance.

    Counterfactual benefit days run from the start of the contract, also over months
    before `first`, so that a step crossed earlier is not forgotten.
    """
    start, last_index = month_index(contract.starts_on), month_index(last)
    months = [
        (index, model.month_fraction(contract.starts_on, contract.ends_on, *_year_month(index)))
        for index in range(start, last_index + 1)
    ]
    try:
        starts = model.counterfactual_benefit_days(
            Decimal(contract.benefit_days), [f for _i, f in months], params
        )
    except MissingParameter:
        starts = [None] * len(months)  # the avoided-benefit figures will name the value
    first_index = month_index(first)
    result = []
    for (index, fraction), days in zip(months, starts, strict=True):
        if index < first_index or fraction == 0:
            continue
        year, month = _year_month(index)
        month_hours = hours.get(contract.id, year, month)
        result.append(
            model.WorkerMonth(
                year=year,
                month=month,
                approved_hours=month_hours.hours,
                hourly_wage=contract.hourly_wage,
                contract_hours_per_week=contract.hours_per_week,
                employed_fraction=fraction,
                benefit_days_at_start=days,
                subsidy=subsidy_terms(contract, year, month, month_hours.covered_hours),
            )
        )
    return result


def _year_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _number(text: str) -> int:
    """A stable 63-bit number for a text (Python's own hash of text varies by process)."""
    number = _NUMBERS.get(text)
    if number is None:
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        number = _NUMBERS[text] = int.from_bytes(digest, "big") >> 1
    return number


_NUMBERS: dict[str, int] = {}


def _contract_inputs(contract: Contract) -> tuple:
    """The contract's own inputs as numbers (worked out once per contract)."""
    if contract.inputs is None:
        contract.inputs = (
            contract.starts_on.toordinal(),
            contract.ends_on.toordinal() if contract.ends_on else 0,
            contract.hourly_wage,
            contract.hours_per_week,
            contract.benefit_days,
            *(
                (
                    d.starts_on.toordinal(),
                    d.ends_on.toordinal(),
                    _number(d.subsidy_type),
                    d.rate_percent,
                    -1 if d.monthly_cap is None else d.monthly_cap,  # hash(None) varies
                    _number(d.payer),
                )
                for d in contract.decisions
            ),
        )
    return contract.inputs


def inputs_key(contract: Contract, year: int, params: Parameters) -> int | None:
    """A 64-bit digest of what the contract's months of `year` are computed from, apart from
    the hours (None without a parameter set: nothing is kept then).

    Python's hash of a tuple of numbers: the same in every process (only the hash of text
    is salted per process, and the texts here are digested into numbers first), and a
    tenth of the cost of a cryptographic digest, which matters for a thousand contracts.
    Equal values (12.3 and 12.30) give equal figures and equal keys."""
    parameters = params.digest
    if parameters is None:
        return None
    return hash((MODEL_NUMBER, year, _number(parameters), _contract_inputs(contract)))


def _cents(value: Decimal) -> int:
    return int(value.scaleb(2))


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def hours_from_hundredths(hundredths: int) -> Decimal:
    # The roll-up holds hours to two decimals; a month without approved hours is 0.
    return Decimal(hundredths).scaleb(-2) if hundredths else ZERO


@dataclass
class Figures:
    """Sums of the kept figures, in cents (hours in hundredths): per month index over the
    whole range read, per contract over the period's months."""

    by_month: dict[int, dict[str, int]]
    by_contract: dict[int, dict[str, int]]
    # Years (of the range) with a month that cannot be computed (a missing parameter):
    # their sums are not to be used.
    incomplete: set[int]


def _current_hours_row():
    return Coalesce(
        Subquery(
            MonthlyHours.objects.filter(
                employment_id=OuterRef("employment_id"), month=OuterRef("month")
            ).values("pk")[:1]
        ),
        Value(0),
    )


def _sums() -> dict:
    columns = {"hours": "hours_hundredths", **COLUMNS}
    return {key: Sum(column) for key, column in columns.items()}


_GROUP = ("inputs", "in_period", "rows", "incomplete", "hours_rows", "last_hours_row")
_SUMMED = ("hours", *STORED)


def _plain_rows(queryset) -> list[tuple]:
    """The rows of a values_list() queryset as the database driver returns them.

    For aggregates of integers, which need no conversion: Django converts every value of
    every row again (int() of an int), which for a thousand groups costs more than the
    query itself."""
    compiler = queryset.query.get_compiler(queryset.db)
    return [row for chunk in compiler.execute_sql(MULTI) for row in chunk]


def _by_contract_query(employments_, first: datetime.date, last: datetime.date, period_start):
    return (
        EmploymentMonthFigures.objects.filter(
            employment__in=employments_.values("pk"), month__range=(first, last)
        )
        .annotate(in_period=Q(month__gte=period_start))
        .values("employment_id", "inputs", "in_period")
        .annotate(
            rows=Count("pk"),
            incomplete=Count("pk", filter=Q(complete=False)),
            hours_rows=Count("pk", filter=Q(hours_row_id__gt=0)),
            last_hours_row=Max("hours_row_id"),
            **_sums(),
        )
        .order_by()
        .values_list("employment_id", *_GROUP, *_SUMMED)
    )


def _by_contract(employments_, first: datetime.date, last: datetime.date, period_start):
    """{contract: [{inputs, in_period, rows, incomplete, hours_rows, last_hours_row, sums}]}
    of the rows in [first, last], the period's months apart from the earlier ones."""
    queryset = _by_contract_query(employments_, first, last, period_start)
    names = (*_GROUP, *_SUMMED)
    groups = defaultdict(list)
    for employment_id, *values in _plain_rows(queryset):
        groups[employment_id].append(dict(zip(names, values, strict=True)))
    return groups


def _roll_up_rows(employments_, first: datetime.date, last: datetime.date):
    """{employment: (its monthly roll-up rows in [first, last], the largest row id)}."""
    rows = (
        MonthlyHours.objects.filter(
            employment__in=employments_.values("pk"), month__range=(first, last)
        )
        .values("employment_id")
        .annotate(rows=Count("pk"), last=Max("pk"))
        .order_by()
        .values_list("employment_id", "rows", "last")
    )
    return {employment_id: (count, last) for employment_id, count, last in rows}


def read_figures(
    selected: list[Contract],
    selected_employments,
    months: dict[int, list[tuple[int, Decimal]]],
    params_by_year: dict[int, Parameters],
    *,
    first: int,
    period_first: int,
    last: int,
    load_hours: Callable,
) -> Figures:
    """The kept figures of the `selected` contracts in the months first…last (indexes),
    made valid first: stale or missing months are computed and kept.

    `selected_employments` is the queryset of those contracts; `months` gives each one's
    months with days in the range (`contract_months`); `params_by_year` the parameters of
    every year of the range; `load_hours(ids, first day, last day)` reads approved hours
    (evaluation.inputs). Three queries when every month is valid. Raises NotKept when the
    recomputed figures cannot be written.
    """
    first_day, last_day = index_date(first), _month_end(index_date(last))
    period_start = index_date(period_first)
    expected: dict[int, dict[int, int]] = {}
    keys: dict[tuple[int, int], int | None] = {}
    year_of: dict[int, int] = {}
    incomplete: set[int] = set()
    for contract in selected:
        counts: dict[int, int] = defaultdict(int)
        for index, _fraction in months[contract.id]:
            year = index // 12
            if (contract.id, year) not in keys:
                key = keys[(contract.id, year)] = inputs_key(contract, year, params_by_year[year])
                year_of[key] = year
            key = keys[(contract.id, year)]
            if key is None:
                incomplete.add(year)  # no parameter set: nothing can be computed
            else:
                counts[key] += 1
        expected[contract.id] = counts
    groups = _by_contract(selected_employments, first_day, last_day, period_start)
    roll_up = _roll_up_rows(selected_employments, first_day, last_day)
    whole, hours_changed = [], []
    for contract in selected:
        found: dict[int, int] = defaultdict(int)
        hours_rows, last_hours_row = 0, 0
        for group in groups.get(contract.id, ()):
            found[group["inputs"]] += group["rows"]
            hours_rows += group["hours_rows"]
            last_hours_row = max(last_hours_row, group["last_hours_row"])
        if found != expected[contract.id]:
            whole.append(contract)
        elif roll_up.get(contract.id, (0, 0)) != (hours_rows, last_hours_row):
            hours_changed.append(contract)
    if whole or hours_changed:
        _recompute(
            {c.id: c for c in selected},
            whole,
            _stale_months(hours_changed, first_day, last_day),
            months,
            params_by_year,
            keys,
            first_day=first_day,
            last_day=last_day,
            load_hours=load_hours,
        )
        groups = _by_contract(selected_employments, first_day, last_day, period_start)
    by_contract = {}
    for contract_id, found_groups in groups.items():
        sums = dict.fromkeys(("hours", *STORED), 0)
        for group in found_groups:
            if group["incomplete"]:
                incomplete.add(year_of[group["inputs"]])
            if group["in_period"]:
                for key in sums:
                    sums[key] += group[key]
        by_contract[contract_id] = sums
    return Figures(_by_month(selected_employments, first_day, last_day), by_contract, incomplete)


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _by_month(employments_, first_day, last_day) -> dict[int, dict[str, int]]:
    rows = (
        EmploymentMonthFigures.objects.filter(
            employment__in=employments_.values("pk"), month__range=(first_day, last_day)
        )
        .values("month")
        .annotate(**_sums())
        .order_by()
    )
    return {month_index(row.pop("month")): row for row in rows}


def _stale_months(contracts_: list[Contract], first_day, last_day) -> dict[int, set[int]]:
    """{contract: month indexes} whose approved hours changed since they were kept."""
    if not contracts_:
        return {}
    rows = (
        EmploymentMonthFigures.objects.filter(
            employment_id__in=[c.id for c in contracts_], month__range=(first_day, last_day)
        )
        .exclude(hours_row_id=_current_hours_row())
        .values_list("employment_id", "month")
    )
    stale = defaultdict(set)
    for employment_id, month in rows:
        stale[employment_id].add(month_index(month))
    return dict(stale)


def _recompute(
    by_id: dict[int, Contract],
    whole: list[Contract],
    stale_months: dict[int, set[int]],
    months,
    params_by_year,
    keys,
    *,
    first_day,
    last_day,
    load_hours,
) -> None:
    """Compute and keep the figures of the `whole` contracts' months in the range and of
    the `stale_months`. A month that cannot be computed is kept as incomplete (zeros), so
    that the next reader knows without computing it again."""
    wanted: dict[int, set[int] | None] = {c.id: None for c in whole}
    wanted.update(stale_months)
    hours = load_hours(list(wanted), first_day, last_day)
    rows = []
    for contract_id, only in wanted.items():
        contract = by_id[contract_id]
        for year in sorted({index // 12 for index, _f in months[contract_id]}):
            params, key = params_by_year[year], keys[(contract_id, year)]
            if key is None:
                continue
            chunk_first = max(first_day, datetime.date(year, 1, 1))
            chunk_last = min(last_day, datetime.date(year, 12, 31))
            for wm in worker_months(contract, params, chunk_first, chunk_last, hours):
                index = wm.year * 12 + wm.month - 1
                if only is not None and index not in only:
                    continue
                result = model.compute_month(wm, params, partial=True)
                values = result.values
                complete = not result.errors
                rows.append(
                    EmploymentMonthFigures(
                        employment_id=contract_id,
                        month=index_date(index),
                        inputs=key,
                        hours_row_id=hours.get(contract_id, wm.year, wm.month).row_id or 0,
                        complete=complete,
                        hours_hundredths=_cents(wm.approved_hours),
                        **{COLUMNS[k]: _cents(values[k]) if complete else 0 for k in STORED},
                    )
                )
    try:
        with transaction.atomic():
            if whole:
                EmploymentMonthFigures.objects.filter(
                    employment_id__in=[c.id for c in whole], month__range=(first_day, last_day)
                ).delete()
            EmploymentMonthFigures.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["employment", "month"],
                update_fields=[
                    "inputs",
                    "hours_row_id",
                    "complete",
                    "hours_hundredths",
                    *COLUMNS.values(),
                ],
            )
    except DatabaseError as error:
        # Two views keeping the same months at once can deadlock (the database ends one);
        # the loser's figures are not kept, and its caller computes them the other way.
        logger.warning("Worker-month figures not kept: %s", error)
        raise NotKept from error


class NotKept(Exception):
    """The figures could not be written (see _recompute); nothing was changed."""
