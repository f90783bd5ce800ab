"""The economy of a programme (or one village of it) over a period, in a constant number of queries.

`economy(programme, period)` turns employments, subsidy decisions, approved hours and
service revenue into worker-months for the economic model (`evaluation.economy`) and
returns the totals, the monthly and per-worker rows, the cash view, SROI and the
parameters used: the figures of the dashboard, the reports and `economy_summary`.
"""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from evaluation import economy as model
from evaluation import figures
from evaluation.economy import ZERO
from evaluation.inputs import ServiceFigures, approved_day_hours, approved_hours, service_figures
from evaluation.models import QuantitySource, SocialAssistanceDrop, SroiProxy
from ryhma.dates import month_bounds
from villages.models import Association, Village
from workers.models import Destination, FollowUp, ParameterKey
from workers.parameters import MissingParameter, Parameters, UsedValue, parameters_for


@dataclass(frozen=True)
class Period:
    year: int
    month_from: int = 1
    month_to: int = 12
    village: Village | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month_from, 1)

    @property
    def end(self) -> datetime.date:
        return month_bounds(self.year, self.month_to)[1]

    @property
    def months(self) -> list[int]:
        return list(range(self.month_from, self.month_to + 1))


@dataclass
class MonthRow:
    month: int
    hours: Decimal = ZERO
    person_months: Decimal = ZERO
    values: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))


@dataclass
class WorkerRow:
    worker: figures.WorkerName
    village: str
    hours: Decimal = ZERO
    person_months: Decimal = ZERO
    values: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))


@dataclass
class Economy:
    period: Period
    params: Parameters
    totals: model.Totals | None
    missing: list[str]
    monthly: list[MonthRow]
    workers: list[WorkerRow]
    people: int
    hours_available: bool
    services: ServiceFigures
    sroi: model.SroiResult | None = None
    cash_flow: model.CashFlow | None = None
    # open_market_rates of the period, when SROI read them
    open_market: dict[int, tuple[int, int]] | None = None

    @property
    def parameters(self) -> list:
        """Every parameter value used, with its source and status, for 'how computed'."""
        seen: dict[str, UsedValue] = {}
        if self.totals:
            for figure in self.totals.figures.values():
                for used in figure.parameters:
                    seen.setdefault(used.key, used)
        if self.sroi:
            for used in self.sroi.figure.parameters:
                seen.setdefault(used.key, used)
        return list(seen.values())


def economy(
    programme,
    period: Period,
    *,
    with_sroi: bool = True,
    with_earlier: bool = True,
    earnings_only: bool = False,
) -> Economy:
    """The economic figures of the programme (or one village of it) for the period.

    `with_earlier`: the cash view also counts the subsidy and top-up earned in the months
    before the period (back to the longer payment lag) that are paid inside it.
    `earnings_only`: only the monthly pay subsidy and top-up (of those earlier months), no
    totals. Every total explains itself on demand.
    """
    municipality = programme.municipality
    params = parameters_for(municipality, period.year)
    earlier = _earlier_earnings(programme, period, params) if with_earlier else None
    contracts = figures.contracts(municipality, period.start, period.end)
    village_id = period.village.pk if period.village else None
    in_period = [
        contract
        for contract in contracts
        if contract.ends_on is None or contract.ends_on >= period.start
    ]
    hours = approved_hours([contract.id for contract in in_period], period.start, period.end)
    selected = [
        contract
        for contract in in_period
        if village_id is None or contract.village_id == village_id
    ]
    day_hours = approved_day_hours(figures.split_months(selected, period.start, period.end))
    days_at = figures.benefit_days(contracts, params, period.end)
    services = _services(municipality, period)
    drops = social_assistance_drops({contract.worker_id for contract in contracts}, period)
    return _economy(
        programme,
        period,
        params,
        in_period,
        hours,
        (day_hours, days_at),
        services,
        drops,
        with_sroi=with_sroi,
        earlier=earlier,
        earnings_only=earnings_only,
    )


def _services(municipality, period: Period) -> ServiceFigures:
    associations = Association.objects.filter(village__municipality=municipality)
    if period.village is not None:
        associations = associations.filter(village_id=period.village.pk)
    return service_figures(associations, period.start, period.end)


def _payment_lead(params: Parameters) -> int | None:
    """How many months before a period the cash view looks back (the longer payment lag)."""
    try:
        return max(
            int(params.value(ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS)),
            int(params.value(ParameterKey.TOP_UP_PAYMENT_LAG_MONTHS)),
        )
    except MissingParameter:
        return None


def _earlier_earnings(programme, period: Period, params: Parameters):
    """[(pay subsidy income, top-up)] of the months before the period, oldest first, as
    many as the longer payment lag (None when a lag is missing: the cash view says so)."""
    lead = _payment_lead(params)
    if lead is None:
        return None
    by_year: dict[int, list[int]] = defaultdict(list)
    for back in range(lead, 0, -1):
        index = period.year * 12 + period.month_from - 1 - back
        by_year[index // 12].append(index % 12 + 1)
    earned = []
    for year, months in sorted(by_year.items()):
        before = economy(
            programme,
            Period(year, months[0], months[-1], village=period.village),
            with_sroi=False,
            with_earlier=False,
            earnings_only=True,
        )
        earned += [
            (row.values["subsidy_income"], row.values["municipal_top_up"]) for row in before.monthly
        ]
    return earned


def _economy(
    programme, period, params, contracts, hours, extra, services, drops, *, with_sroi, earlier,
    earnings_only,
):  # fmt: skip
    day_hours, days_at = extra
    village_id = period.village.pk if period.village else None
    results = []
    all_person_months: dict[int, Decimal] = defaultdict(lambda: ZERO)
    monthly = {month: MonthRow(month) for month in period.months}
    workers: dict[int, WorkerRow] = {}
    people = set()
    summed = model.EARNED if earnings_only else model.SUMMED
    if earnings_only and contracts and params.parameter_set is None:
        # Only the months before another period are asked for (see _earlier_earnings), and
        # without a parameter set their figures are all missing: say so without computing.
        contracts = []
        for row in monthly.values():
            row.values.update(dict.fromkeys(summed))
    first_index, last_index = figures.month_index(period.start), figures.month_index(period.end)
    for contract in contracts:
        selected = village_id is None or contract.village_id == village_id
        if not selected:
            # Another village's contract: only its share of the months (coordination costs).
            for index, fraction in figures.contract_months(contract, first_index, last_index):
                all_person_months[index % 12 + 1] += fraction
            continue
        months = figures.worker_months(
            contract, params, period.start, period.end, hours, days_at, day_hours
        )
        for worker_month, result in month_results(contract, months, drops, params, earnings_only):
            month = worker_month.month
            all_person_months[month] += worker_month.employed_fraction
            results.append(result)
            people.add(contract.worker_id)
            worker_row = workers.get(contract.worker_id)
            if worker_row is None:
                worker_row = workers[contract.worker_id] = WorkerRow(
                    contract.worker(), contract.village_name
                )
            values = result.values
            for target in (monthly[month], worker_row):
                target.hours += worker_month.approved_hours
                target.person_months += worker_month.employed_fraction
                totals = target.values
                for key in summed:
                    value = values[key]
                    if value is None or (key in totals and totals[key] is None):
                        totals[key] = None  # a missing figure makes the total missing for good
                    else:
                        totals[key] += value

    if earnings_only:
        return Economy(
            period=period,
            params=params,
            totals=None,
            missing=[],
            monthly=[monthly[month] for month in period.months],
            workers=[],
            people=len(people),
            hours_available=hours.available,
            services=services,
        )

    def totals(coordination_months: Decimal) -> model.Totals:
        return model.summarise(
            results,
            params=params,
            service_revenue=services.revenue,
            coordination_months=coordination_months,
            partial=True,
        )

    return _complete(
        programme,
        period,
        params,
        monthly,
        workers,
        people,
        all_person_months,
        totals,
        services,
        hours_available=hours.available,
        earlier=earlier,
        with_sroi=with_sroi,
    )


def month_results(contract, months, drops, params, earnings_only=False):
    """(worker-month, its figures) of the contract's `months`, with the worker's recorded
    social assistance drop of the month taken from `drops` (and removed from it)."""
    for worker_month in months:
        # A recorded drop belongs to the worker's month once, even with two contracts.
        drop = drops.pop((contract.worker_id, worker_month.year, worker_month.month), None)
        if drop:
            worker_month = dataclasses.replace(worker_month, social_assistance_drop=drop)
        result = (
            model.compute_earnings(worker_month, params)
            if earnings_only
            else model.compute_month(worker_month, params, partial=True)
        )
        yield worker_month, result


def _complete(
    programme, period, params, monthly, workers, people, all_person_months, totals_for, services, *,
    hours_available, earlier, with_sroi,
):  # fmt: skip
    """The programme-level part: coordination costs, totals, the cash view and SROI."""
    village_id = period.village.pk if period.village else None
    try:
        coordination = params.value(ParameterKey.COORDINATION_COST_PER_MONTH)
    except MissingParameter:
        coordination = None
    months_share = ZERO
    for month in period.months:
        if village_id is None:
            share = Decimal(1) if _programme_runs(programme, period.year, month) else ZERO
        else:
            month_total = all_person_months[month]
            share = monthly[month].person_months / month_total if month_total else ZERO
        months_share += share
        monthly[month].values["coordination_costs"] = (
            None if coordination is None else model.money(coordination * share)
        )
    totals = totals_for(months_share)
    flow = model.cash_flow(
        [
            (
                row.month,
                row.values["employer_cost"],
                row.values["subsidy_income"],
                row.values["municipal_top_up"],
            )
            for row in (monthly[month] for month in period.months)
        ],
        params,
        year=period.year,
        earlier=earlier,
    )
    totals.figures["bridging_need"] = flow.figure
    totals.values["bridging_need"] = flow.figure.value
    missing = totals.missing
    sroi_result = rates = None
    if with_sroi and not missing:
        rates = open_market_rates(programme.municipality, period)
        try:
            sroi_result = _sroi(programme.municipality, params, totals, services, rates)
        except MissingParameter as error:
            missing = [*missing, str(error)]
    return Economy(
        period=period,
        params=params,
        totals=totals,
        missing=missing,
        monthly=[monthly[month] for month in period.months],
        workers=by_name(workers.values()),
        people=len(people),
        hours_available=hours_available,
        services=services,
        sroi=sroi_result,
        cash_flow=flow,
        open_market=rates,
    )


def by_name(rows) -> list[WorkerRow]:
    """Worker rows in the order the pages list them: last name, first name (then as given)."""
    return sorted(rows, key=lambda row: (row.worker.last_name, row.worker.first_name))


def social_assistance_drops(worker_ids, period: Period) -> dict[tuple[int, int, int], Decimal]:
    """{(worker, year, month): recorded drop in basic social assistance}, in one query.

    `worker_ids`: ids, or a queryset of them (a subquery, however many workers)."""
    rows = (
        SocialAssistanceDrop.objects.filter(worker_id__in=worker_ids)
        .overlapping(period.start, period.end)
        .order_by()
        .values_list("worker_id", "first_month", "last_month", "monthly_amount")
    )
    drops: dict[tuple[int, int, int], Decimal] = {}
    for worker_id, first, last, amount in rows:
        for month in period.months:
            if (first.year, first.month) <= (period.year, month) <= (last.year, last.month):
                drops[(worker_id, period.year, month)] = amount
    return drops


def _programme_runs(programme, year: int, month: int) -> bool:
    first, last = month_bounds(year, month)
    return programme.starts_on <= last and (programme.ends_on is None or programme.ends_on >= first)


def open_market_rates(municipality, period: Period) -> dict[int, tuple[int, int]]:
    """{3: (open market, recorded), 6: (…)} for follow-ups of exits in the period."""
    follow_ups = FollowUp.objects.filter(
        exit__worker__municipality=municipality,
        exit__exited_on__range=(period.start, period.end),
        recorded_on__isnull=False,
    )
    if period.village is not None:
        follow_ups = follow_ups.filter(exit__employment__association__village=period.village)
    counts = {3: [0, 0], 6: [0, 0]}
    for timepoint, destination in follow_ups.order_by().values_list("timepoint", "destination"):
        if timepoint in counts:
            counts[timepoint][1] += 1
            counts[timepoint][0] += destination in Destination.open_market()
    return {
        timepoint: (open_market, recorded) for timepoint, (open_market, recorded) in counts.items()
    }


# Outcomes valued on the local services done: what customers paid for them is revenue
# already, so it is deducted from their value (no double counting).
SERVICE_QUANTITIES = (QuantitySource.HOURS, QuantitySource.ORDERS_DONE)


def _sroi(municipality, params, totals, services, rates) -> model.SroiResult:
    open_market = rates[6][0]
    quantities = {
        QuantitySource.PERSON_MONTHS: totals.person_months,
        QuantitySource.HOURS: totals.hours,
        QuantitySource.OPEN_MARKET: Decimal(open_market),
        QuantitySource.ORDERS_DONE: Decimal(services.orders_done),
        QuantitySource.CUSTOMERS_65_PLUS: Decimal(services.customers_aged_65_plus),
        QuantitySource.AVOIDED_BENEFIT: totals["public_avoided_benefit"],
    }
    revenue_left = model.money(services.revenue)
    outcomes = []
    # By name: the model's order within one municipality, without joining it to sort by
    # its name.
    proxies = SroiProxy.objects.filter(municipality=municipality, is_active=True).order_by("name")
    for proxy in proxies:
        quantity = quantities[proxy.quantity_source]
        paid = ZERO
        if proxy.quantity_source in SERVICE_QUANTITIES and revenue_left > 0:
            paid = min(revenue_left, quantity * proxy.value_per_unit)
            revenue_left -= paid
        outcomes.append(
            model.Outcome(
                proxy.label,
                quantity,
                proxy.value_per_unit,
                proxy.duration_years,
                source=proxy.source_label,
                status=proxy.status,
                quantity_label=str(QuantitySource(proxy.quantity_source).label),
                customer_paid=paid,
                fiscal=proxy.quantity_source == QuantitySource.AVOIDED_BENEFIT,
            )
        )
    investment = totals["employer_cost"] + totals["coordination_costs"]
    parts = (
        model.Input(_("Employer cost"), totals["employer_cost"], "€"),
        model.Input(_("Coordination costs"), totals["coordination_costs"], "€"),
    )
    return model.sroi(outcomes, investment=investment, params=params, investment_parts=parts)
