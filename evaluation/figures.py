"""Worker-months for the economic model, read from the database as plain values.

`contracts` reads a municipality's employments with their subsidy decisions in one query;
`worker_months` turns one contract into the model's `WorkerMonth`s, with the pay subsidy
computed by the money engine (`workers.money.month_subsidy`, the function the claim
basis uses too) and the person's cumulative benefit days (`person_benefit_days`).

Nothing is kept between requests: the figures are computed from their inputs on every
read (bench/NOTE-economy.md says why and what it costs), so a GET writes nothing and no
figure can be stale.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from evaluation import economy as model
from workers import money as engine
from workers.models import Employment, ParameterKey
from workers.parameters import MissingParameter, Parameters

ZERO = Decimal("0")
ONE = Decimal("1")


@dataclass
class Contract:
    """An employment with what the economic model needs of it, as plain values."""

    id: int
    worker_id: int
    first_name: str
    last_name: str
    village_id: int
    village_name: str
    association_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    hours_per_week: Decimal
    hourly_wage: Decimal
    benefit_days: int
    decisions: list[engine.Decision] = field(default_factory=list)

    def worker(self) -> "WorkerName":
        return WorkerName(self.worker_id, self.first_name, self.last_name)

    @property
    def terms(self) -> engine.Contract:
        return engine.Contract(self.starts_on, self.ends_on, self.hourly_wage, self.hours_per_week)


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


def contracts(
    municipality, first: datetime.date, last: datetime.date, worker_ids=None
) -> list[Contract]:
    """The contracts of every person employed in [first, last] that started by `last`
    (earlier ones too: benefit days keep counting across a person's contracts), in the
    model's order (worker, start), with their subsidy decisions. One query (a row per
    decision). `worker_ids`: only these people's."""
    workers = employments(municipality, first, last).values("worker_id")
    if worker_ids is not None:
        workers = workers.filter(worker_id__in=worker_ids)
    rows = (
        Employment.objects.filter(
            association__village__municipality=municipality,
            worker_id__in=workers,
            starts_on__lte=last,
        )
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
            "association_id",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "hourly_wage",
            "worker__benefit_days",
            "subsidy_decisions__pk",
            "subsidy_decisions__subsidy_type",
            "subsidy_decisions__rate_percent",
            "subsidy_decisions__monthly_cap",
            "subsidy_decisions__starts_on",
            "subsidy_decisions__ends_on",
            "subsidy_decisions__months",
            "subsidy_decisions__decided_on",
            "subsidy_decisions__payer",
            "subsidy_decisions__decision_number",
        )
    )
    result: list[Contract] = []
    for row in rows:
        if not result or result[-1].id != row[0]:
            result.append(Contract(*row[:12]))
        if row[12] is not None:
            result[-1].decisions.append(engine.Decision(*row[12:]))
    return result


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def index_date(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def _year_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def contract_months(contract: Contract, first: int, last: int) -> list[tuple[int, Decimal]]:
    """[(month index, share of the month employed)] of the months first…last (indexes)
    the contract has days in (days inside the contract / days of the month)."""
    start = month_index(contract.starts_on)
    end = month_index(contract.ends_on) if contract.ends_on else None
    months = []
    for index in range(max(first, start), min(last, last if end is None else end) + 1):
        if index == start or index == end:
            days = engine.days_in_month(*_year_month(index))
            first_day = contract.starts_on.day if index == start else 1
            last_day = (
                contract.ends_on.day if index == end and contract.ends_on is not None else days
            )
            if last_day >= first_day:
                months.append((index, Decimal(last_day - first_day + 1) / Decimal(days)))
        else:
            months.append((index, ONE))
    return months


def split_months(
    selected: list[Contract], first: datetime.date, last: datetime.date
) -> set[tuple[int, int, int]]:
    """{(employment, year, month)} whose hours the subsidy needs by day: a decision starts
    or ends inside the month (see `engine.month_subsidy`)."""
    wanted = set()
    for contract in selected:
        if not contract.decisions:
            continue
        terms = contract.terms
        for index, _fraction in contract_months(contract, month_index(first), month_index(last)):
            year, month = _year_month(index)
            if engine.needs_day_hours(terms, contract.decisions, year, month):
                wanted.add((contract.id, year, month))
    return wanted


def benefit_days(
    all_contracts: list[Contract], params: Parameters, last: datetime.date
) -> dict[tuple[int, int], Decimal | None]:
    """{(contract, month index): the person's cumulative benefit days at the start of the
    month}, counting on across the person's contracts (`engine.person_benefit_days`).
    `worker.benefit_days` is the count at the start of the person's first contract."""
    try:
        per_month = params.value(ParameterKey.BENEFIT_DAYS_PER_MONTH)
    except MissingParameter:
        return {}
    by_worker: dict[int, list[Contract]] = defaultdict(list)
    for contract in all_contracts:
        by_worker[contract.worker_id].append(contract)
    result: dict[tuple[int, int], Decimal | None] = {}
    end = month_index(last)
    for own in by_worker.values():
        fractions: dict[int, Decimal] = defaultdict(lambda: ZERO)
        months_of = {}
        for contract in own:
            months = contract_months(contract, month_index(contract.starts_on), end)
            months_of[contract.id] = months
            for index, fraction in months:
                fractions[index] += fraction
        days = engine.person_benefit_days(Decimal(own[0].benefit_days), fractions, per_month)
        for contract in own:
            for index, _fraction in months_of[contract.id]:
                result[(contract.id, index)] = days[index]
    return result


def worker_months(
    contract: Contract,
    params: Parameters,
    first: datetime.date,
    last: datetime.date,
    hours,
    days_at: dict[tuple[int, int], Decimal | None],
    day_hours=None,
) -> list[model.WorkerMonth]:
    """The WorkerMonths of the months [first, last] (one year, `params` its parameters) in
    which the contract has days, without social assistance.

    `hours.get(employment, year, month)` gives the month's approved hours; `day_hours`
    {(employment, year, month): {day: hours}} those of the months `split_months` names;
    `days_at` the benefit days (`benefit_days`)."""
    result = []
    terms = contract.terms
    day_hours = day_hours or {}
    for index, fraction in contract_months(contract, month_index(first), month_index(last)):
        year, month = _year_month(index)
        month_hours = hours.get(contract.id, year, month).hours
        subsidy = missing = None
        if contract.decisions:
            try:
                subsidy = engine.month_subsidy(
                    contract=terms,
                    decisions=contract.decisions,
                    year=year,
                    month=month,
                    month_hours=month_hours,
                    day_hours=day_hours.get((contract.id, year, month), {}),
                    params=params,
                )
            except MissingParameter as error:
                missing = error  # the subsidy figure names it
        result.append(
            model.WorkerMonth(
                year=year,
                month=month,
                approved_hours=month_hours,
                hourly_wage=contract.hourly_wage,
                contract_hours_per_week=contract.hours_per_week,
                employed_fraction=fraction,
                benefit_days_at_start=days_at.get((contract.id, index)),
                subsidy=subsidy,
                subsidy_missing=missing,
            )
        )
    return result
