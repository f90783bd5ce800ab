"""Reads for the dashboards, the metrics and `economy_summary`, in a constant number of queries.

`economy(programme, period)` turns employments, subsidy decisions, approved hours and
service revenue into worker-months for `evaluation.economy` and returns the totals, the
monthly trend, SROI and the parameters used. `score_changes` pairs each worker's start
assessment with their latest one. `metric_statuses` computes the phase-7 indicators
against their targets. `due_assessments` lists who should be assessed now.
"""

import calendar
import dataclasses
import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import economy as model
from evaluation import figures, suppression
from evaluation.inputs import (
    ServiceFigures,
    approved_day_hours,
    approved_hours,
    service_figures,
)
from evaluation.models import (
    Assessment,
    AssessmentStatus,
    Instrument,
    Metric,
    MetricKey,
    QuantitySource,
    Respondent,
    SocialAssistanceDrop,
    SroiProxy,
    Timepoint,
)
from evaluation.models.instruments import TIMEPOINT_MONTHS
from villages.models import Association
from workers.models import (
    Destination,
    FollowUp,
    Worker,
)
from workers.parameters import (
    MissingParameter,
    Parameters,
    parameters_for,
)

ZERO = Decimal("0")
MIN_GROUP = suppression.MIN_GROUP  # officials never see a smaller group (domain brief §7)


@dataclass(frozen=True)
class Period:
    year: int
    month_from: int = 1
    month_to: int = 12
    village: object = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month_from, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(
            self.year, self.month_to, calendar.monthrange(self.year, self.month_to)[1]
        )

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
        seen = {}
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
    explained: bool = True,
) -> Economy:
    """The economic figures of the programme (or one village of it) for the period.

    `with_earlier`: the cash view also counts the subsidy and top-up earned in the months
    before the period (back to the longer payment lag) that are paid inside it.
    `earnings_only`: only the monthly pay subsidy and top-up (of those earlier months), no
    totals.
    `explained`: kept for the callers; every total explains itself on demand (the
    figures are computed from their inputs on every read, see evaluation.figures).
    """
    municipality = programme.municipality
    params = parameters_for(municipality, period.year)
    earlier = _earlier_earnings(programme, period, params) if with_earlier else None
    contracts = figures.contracts(municipality, period.start, period.end)
    village_id = period.village.pk if period.village else None
    in_period = [c for c in contracts if c.ends_on is None or c.ends_on >= period.start]
    hours = approved_hours([c.id for c in in_period], period.start, period.end)
    selected = [c for c in in_period if village_id is None or c.village_id == village_id]
    day_hours = approved_day_hours(figures.split_months(selected, period.start, period.end))
    days_at = figures.benefit_days(contracts, params, period.end)
    services = _services(municipality, period)
    drops = social_assistance_drops({c.worker_id for c in contracts}, period)
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
            int(params.value(model.K.SUBSIDY_PAYMENT_LAG_MONTHS)),
            int(params.value(model.K.TOP_UP_PAYMENT_LAG_MONTHS)),
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
    all_pm: dict[int, Decimal] = defaultdict(lambda: ZERO)
    monthly = {m: MonthRow(m) for m in period.months}
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
                all_pm[index % 12 + 1] += fraction
            continue
        months = figures.worker_months(
            contract, params, period.start, period.end, hours, days_at, day_hours
        )
        for wm, result in month_results(contract, months, drops, params, earnings_only):
            month = wm.month
            all_pm[month] += wm.employed_fraction
            results.append(result)
            people.add(contract.worker_id)
            worker_row = workers.get(contract.worker_id)
            if worker_row is None:
                worker_row = workers[contract.worker_id] = WorkerRow(
                    contract.worker(), contract.village_name
                )
            values = result.values
            for target in (monthly[month], worker_row):
                target.hours += wm.approved_hours
                target.person_months += wm.employed_fraction
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
            monthly=[monthly[m] for m in period.months],
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
        all_pm,
        totals,
        services,
        hours_available=hours.available,
        earlier=earlier,
        with_sroi=with_sroi,
    )


def month_results(contract, months, drops, params, earnings_only=False):
    """(worker-month, its figures) of the contract's `months`, with the worker's recorded
    social assistance drop of the month taken from `drops` (and removed from it)."""
    for wm in months:
        # A recorded drop belongs to the worker's month once, even with two contracts.
        drop = drops.pop((contract.worker_id, wm.year, wm.month), None)
        if drop:
            wm = dataclasses.replace(wm, social_assistance_drop=drop)
        result = (
            model.compute_earnings(wm, params)
            if earnings_only
            else model.compute_month(wm, params, partial=True)
        )
        yield wm, result


def _complete(
    programme, period, params, monthly, workers, people, all_pm, totals_for, services, *,
    hours_available, earlier, with_sroi,
):  # fmt: skip
    """The programme-level part: coordination costs, totals, the cash view and SROI."""
    village_id = period.village.pk if period.village else None
    try:
        coordination = params.value(model.K.COORDINATION_COST_PER_MONTH)
    except MissingParameter:
        coordination = None
    months_share = ZERO
    for month in period.months:
        if village_id is None:
            share = Decimal(1) if _programme_runs(programme, period.year, month) else ZERO
        else:
            pm = all_pm[month]
            share = monthly[month].person_months / pm if pm else ZERO
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
            for row in (monthly[m] for m in period.months)
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
        monthly=[monthly[m] for m in period.months],
        workers=sorted(workers.values(), key=lambda r: (r.worker.last_name, r.worker.first_name)),
        people=len(people),
        hours_available=hours_available,
        services=services,
        sroi=sroi_result,
        cash_flow=flow,
        open_market=rates,
    )


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
    first = datetime.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
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
    for timepoint, destination in follow_ups.values_list("timepoint", "destination"):
        if timepoint in counts:
            counts[timepoint][1] += 1
            counts[timepoint][0] += destination in Destination.open_market()
    return {k: (v[0], v[1]) for k, v in counts.items()}


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
    for proxy in SroiProxy.objects.filter(municipality=municipality, is_active=True):
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


@dataclass
class ScoreChange:
    instrument: Instrument
    pairs: int
    mean_start: Decimal | None
    mean_latest: Decimal | None
    mean_change: Decimal | None


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return model.two_places(sum(values, ZERO) / len(values))


def latest_pairs(assessments) -> dict[tuple[int, int], tuple[Assessment, Assessment]]:
    """{(worker, instrument): (start, latest later assessment)} for the paired workers."""
    start, latest = {}, {}
    for assessment in assessments:
        key = (assessment.worker_id, assessment.instrument_id)
        if assessment.timepoint == Timepoint.START:
            start[key] = assessment
        elif key not in latest or assessment.assessed_on >= latest[key].assessed_on:
            latest[key] = assessment
    return {key: (start[key], latest[key]) for key in start.keys() & latest.keys()}


@dataclass(frozen=True)
class ScorePairs:
    """The municipality's worker instruments, and for each worker and instrument with both
    a start and a later assessment: (worker, instrument, start score, latest later score)."""

    instruments: list[Instrument]
    pairs: list[tuple[int, int, Decimal, Decimal]]


def score_pairs(municipality) -> ScorePairs:
    """Two queries; the latest later assessment is found by the database (the latest date,
    the last recorded of one day), not by reading every assessment of the city."""
    instruments = list(
        Instrument.objects.filter(municipality=municipality, respondent=Respondent.WORKER)
    )
    later = (
        Assessment.objects.done()
        .filter(worker_id=OuterRef("worker_id"), instrument_id=OuterRef("instrument_id"))
        .exclude(timepoint=Timepoint.START)
        .order_by("-assessed_on", "-pk")
    )
    rows = (
        Assessment.objects.done()
        .filter(instrument__in=instruments, timepoint=Timepoint.START)
        .annotate(latest=Subquery(later.values("score")[:1]))
        .order_by()
        .values_list("worker_id", "instrument_id", "score", "latest")
    )
    return ScorePairs(instruments, [row for row in rows if row[3] is not None])


def score_changes(municipality, worker_ids=None, *, pairs: ScorePairs | None = None):
    """Mean change per instrument over workers with both a start and a later assessment
    (of `worker_ids` only, when given). `pairs`: the municipality's `score_pairs`, when the
    caller already has them."""
    if pairs is None:
        pairs = score_pairs(municipality)
    wanted = None if worker_ids is None else set(worker_ids)
    by_instrument: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for worker_id, instrument_id, start, latest in pairs.pairs:
        if wanted is None or worker_id in wanted:
            by_instrument[instrument_id].append((start, latest))
    changes = []
    for instrument in pairs.instruments:
        own = by_instrument[instrument.pk]
        changes.append(
            ScoreChange(
                instrument,
                len(own),
                _mean([start for start, _l in own]),
                _mean([latest for _s, latest in own]),
                _mean([latest - start for start, latest in own]),
            )
        )
    return changes


@dataclass
class MetricStatus:
    metric: Metric
    value: Decimal | None
    status: str  # "met", "on_track", "behind", "no_data"
    note: str = ""
    hidden: bool = False  # for officials: it would show a small group (evaluation.suppression)

    @property
    def period_label(self) -> str:
        """'1.1.2026–31.12.2026' (the date filter's "j.n.Y", without its lookups)."""
        start, end = self.metric.period_start, self.metric.period_end
        return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"

    @property
    def key_label(self) -> str:
        # The enum's label, not get_key_display(): that translates the whole choice list.
        try:
            return str(MetricKey(self.metric.key).label)
        except ValueError:
            return self.metric.key

    @property
    def status_label(self) -> str:
        return {
            "met": _("Target met"),
            "on_track": _("On track"),
            "behind": _("Behind the target"),
            "no_data": _("No data yet"),
        }[self.status]


CUMULATIVE = {
    MetricKey.PERSON_MONTHS,
    MetricKey.HOURS,
    MetricKey.ORDERS_DONE,
    MetricKey.UNIQUE_CUSTOMERS,
    MetricKey.REVENUE,
    MetricKey.PEOPLE_EMPLOYED,
}


def metric_value(metric: Metric, economy_result: Economy, rates, changes) -> Decimal | None:
    totals = economy_result.totals
    services = economy_result.services
    key = metric.key
    if key == MetricKey.PEOPLE_EMPLOYED:
        return Decimal(economy_result.people)
    if key in (MetricKey.PERSON_MONTHS, MetricKey.HOURS):
        rows = economy_result.monthly
        attr = "person_months" if key == MetricKey.PERSON_MONTHS else "hours"
        return model.two_places(sum((getattr(r, attr) for r in rows), ZERO))
    if key in (MetricKey.OPEN_MARKET_3M, MetricKey.OPEN_MARKET_6M):
        open_market, recorded = rates[3 if key == MetricKey.OPEN_MARKET_3M else 6]
        return model.two_places(Decimal(open_market) * 100 / recorded) if recorded else None
    if key == MetricKey.INSTRUMENT_CHANGE:
        change = next((c for c in changes if c.instrument.pk == metric.instrument_id), None)
        return change.mean_change if change else None
    if not services.available and key in (
        MetricKey.ORDERS_DONE,
        MetricKey.UNIQUE_CUSTOMERS,
        MetricKey.SHARE_65_PLUS,
        MetricKey.SATISFACTION,
        MetricKey.REVENUE,
    ):
        return None
    if key == MetricKey.ORDERS_DONE:
        return Decimal(services.orders_done)
    if key == MetricKey.UNIQUE_CUSTOMERS:
        return Decimal(services.unique_customers)
    if key == MetricKey.SHARE_65_PLUS:
        if not services.unique_customers:
            return None
        return model.two_places(
            Decimal(services.customers_aged_65_plus) * 100 / services.unique_customers
        )
    if key == MetricKey.SATISFACTION:
        return services.satisfaction_mean
    if key == MetricKey.REVENUE:
        return model.money(services.revenue)
    if key == MetricKey.NET_COST_PER_PERSON_MONTH:
        if not totals.person_months or totals["association_net_cost"] is None:
            return None
        return model.money(totals["association_net_cost"] / totals.person_months)
    if key == MetricKey.CITY_NET_EFFECT:
        return totals["city_net_effect"]
    return None


def month_people(municipality, first: datetime.date, last: datetime.date) -> dict:
    """The workers employed on at least one day of each month of [first, last], keyed by
    (year, month), as sets of worker ids. One query."""
    result: dict[tuple[int, int], set[int]] = defaultdict(set)
    rows = figures.employments(municipality, first, last).values_list(
        "worker_id", "starts_on", "ends_on"
    )
    for worker_id, starts_on, ends_on in rows:
        month = max(starts_on, first).replace(day=1)
        stop = min(ends_on or last, last)
        while month <= stop:
            result[(month.year, month.month)].add(worker_id)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


def year_pattern(programme, year: int, workers: list[WorkerRow]) -> suppression.YearPattern:
    """What an official may see of the programme's `year` (`evaluation.suppression`).

    `workers`: the year's worker rows of the whole programme (`economy(...).workers`),
    which the village table groups by village."""
    villages: dict[str, set[int]] = defaultdict(set)
    for row in workers:
        villages[row.village].add(row.worker.pk)
    first = datetime.date(year, 1, 1)
    earlier_first = _add_months(first, -suppression.CASH_LAG_MONTHS)
    people = month_people(programme.municipality, earlier_first, datetime.date(year, 12, 31))
    months = {month: people.get((year, month), set()) for month in range(1, 13)}
    earlier = {key: value for key, value in people.items() if key[0] < year}
    return suppression.year_pattern(year, dict(sorted(villages.items())), months, earlier)


def _period_for(metric: Metric) -> Period:
    """The metric's period within its first year (figures are computed per calendar year)."""
    end = metric.period_end if metric.period_end.year == metric.period_start.year else None
    return Period(
        metric.period_start.year,
        metric.period_start.month,
        end.month if end else 12,
    )


def metric_statuses(
    programme,
    today: datetime.date | None = None,
    *,
    known: Economy | None = None,
    pairs: ScorePairs | None = None,
) -> list[MetricStatus]:
    """Every metric of the programme with its value for its own period and its status.

    `known` is an economy the caller already has (the dashboard's): a metric over the
    same period reads it instead of computing the figures again; `pairs` likewise the
    municipality's `score_pairs`.
    """
    today = today or timezone.localdate()
    metrics = list(
        Metric.objects.filter(programme=programme).select_related("instrument").order_by("key")
    )
    economies: dict[Period, Economy] = {}
    if known is not None:
        economies[known.period] = known
    cache: dict[Period, tuple] = {}
    changes = score_changes(programme.municipality, pairs=pairs) if metrics else []
    statuses = []
    for metric in metrics:
        period = _period_for(metric)
        if period not in cache:
            result = economies.get(period) or economy(
                programme, period, with_sroi=False, with_earlier=False, explained=False
            )
            cache[period] = (
                result,
                result.open_market or open_market_rates(programme.municipality, period),
            )
        result, rates = cache[period]
        value = metric_value(metric, result, rates, changes)
        statuses.append(MetricStatus(metric, value, _status(metric, value, today)))
    return statuses


def _status(metric: Metric, value: Decimal | None, today: datetime.date) -> str:
    if value is None:
        return "no_data"
    met = value <= metric.target if metric.lower_is_better else value >= metric.target
    if met:
        return "met"
    if metric.key in CUMULATIVE and metric.period_start <= today < metric.period_end:
        elapsed = Decimal((today - metric.period_start).days + 1)
        length = Decimal((metric.period_end - metric.period_start).days + 1)
        if value >= metric.target * elapsed / length:
            return "on_track"
    return "behind"


@dataclass
class DueAssessment:
    """One assessment due: the worker by id and name (a page lists hundreds of them)."""

    worker_id: int
    first_name: str
    last_name: str
    instrument: Instrument
    timepoint: str
    due_on: datetime.date

    @property
    def worker_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def worker(self) -> Worker:
        """The worker as a model instance with its id and name (not read again)."""
        return Worker(pk=self.worker_id, first_name=self.first_name, last_name=self.last_name)

    @property
    def timepoint_label(self) -> str:
        return Timepoint(self.timepoint).label


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _current_timepoint(
    first_start: datetime.date, last_end: datetime.date | None, horizon: datetime.date
) -> tuple[str, datetime.date] | None:
    """The latest timepoint due by `horizon`: exit once the last contract has ended by
    then, else the last of start and every 3 months on or before it, if any."""
    if last_end is not None and last_end <= horizon:
        return Timepoint.EXIT, last_end
    for timepoint, months in reversed(TIMEPOINT_MONTHS.items()):
        day = _add_months(first_start, months)
        # A timepoint on or after the last contract's end gives way to the exit.
        if day <= horizon and (last_end is None or day < last_end):
            return timepoint, day
    return None


def due_assessments(user, today: datetime.date, *, window_days: int = 14) -> list[DueAssessment]:
    """The assessment each visible worker should do now (at most one per instrument).

    Start at the first contract's start, then every 3 months, and exit when the last
    contract ends; due from 14 days before, until recorded. Three queries: the visible
    workers with their contracts' first start and last end, the assessments done at each
    worker's current timepoint only, and the instruments.
    """
    horizon = today + datetime.timedelta(days=window_days)
    forgotten = today - datetime.timedelta(days=60)
    # Per worker in name order: the first contract's start and the last one's end (None
    # while one is open). Plain values: a city's coordinator sees hundreds of workers.
    workers = (
        Worker.objects.for_user(user)
        .annotate(
            first_start=Min("employments__starts_on"),
            last_end=Max("employments__ends_on"),
            open_contracts=Count("employments", filter=Q(employments__ends_on__isnull=True)),
        )
        .filter(first_start__lte=horizon)
        .order_by("last_name", "first_name", "pk")
        .values_list(
            "pk",
            "municipality_id",
            "first_name",
            "last_name",
            "first_start",
            "last_end",
            "open_contracts",
        )
    )
    current = []
    for *worker, first_start, last_end, open_contracts in workers:
        last_end = None if open_contracts else last_end
        if last_end is not None and last_end < forgotten:
            continue
        due_now = _current_timepoint(first_start, last_end, horizon)
        if due_now is not None:
            current.append((worker, *due_now))
    if not current:
        return []
    by_timepoint = defaultdict(list)
    for (worker_id, *_names), timepoint, _day in current:
        by_timepoint[timepoint].append(worker_id)
    recorded = set(
        Assessment.objects.filter(
            reduce(
                operator.or_,
                (Q(timepoint=tp, worker_id__in=ids) for tp, ids in by_timepoint.items()),
            ),
            status=AssessmentStatus.DONE,
        )
        .order_by()
        .values_list("worker_id", "instrument_id", "timepoint")
    )
    instruments = defaultdict(list)
    for instrument in (
        Instrument.objects.active()
        .filter(
            respondent=Respondent.WORKER,
            municipality__in={worker[1] for worker, _tp, _day in current},
        )
        .only("municipality_id", "name", "translations", "version")
    ):
        instruments[instrument.municipality_id].append(instrument)
    due = []
    for (worker_id, municipality_id, first_name, last_name), timepoint, day in current:
        for instrument in instruments[municipality_id]:
            if (worker_id, instrument.pk, timepoint) not in recorded:
                due.append(
                    DueAssessment(worker_id, first_name, last_name, instrument, timepoint, day)
                )
    return due
