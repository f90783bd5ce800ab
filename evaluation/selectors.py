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
from typing import NamedTuple

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import economy as model
from evaluation.inputs import ServiceFigures, approved_hours, service_figures
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
from ryhma.gc_pause import cyclic_gc_paused
from villages.models import Association
from workers.models import (
    Destination,
    Employment,
    FollowUp,
    SubsidyDecision,
    SubsidyPayer,
    Worker,
)
from workers.parameters import MissingParameter, Parameters, parameters_for

ZERO = Decimal("0")
MIN_GROUP = 5  # officials never see a group smaller than this (domain brief §7)


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
    worker: Worker
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


def _employments(municipality, period: Period):
    return list(
        Employment.objects.filter(association__village__municipality=municipality)
        .overlapping(period.start, period.end)
        .select_related("worker", "association__village")
        .prefetch_related(
            Prefetch("subsidy_decisions", queryset=SubsidyDecision.objects.order_by("starts_on"))
        )
        .order_by("worker_id", "starts_on")
    )


def _subsidy_terms(employment, year: int, month: int, covered_hours: Decimal):
    best, best_fraction = None, ZERO
    for decision in employment.subsidy_decisions.all():
        start = max(decision.starts_on, employment.starts_on)
        end = min(decision.ends_on, employment.ends_on or decision.ends_on)
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


def _worker_months(employment, params: Parameters, period: Period, hours):
    """(month, WorkerMonth) for the months of `period` the employment covers.

    Counterfactual benefit days run from the start of the employment, also over months
    before the period, so that a step crossed earlier is not forgotten.
    """
    months = []
    cursor = datetime.date(employment.starts_on.year, employment.starts_on.month, 1)
    last_day = period.end
    while cursor <= last_day:
        fraction = model.month_fraction(
            employment.starts_on, employment.ends_on, cursor.year, cursor.month
        )
        months.append((cursor.year, cursor.month, fraction))
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    try:
        starts = model.counterfactual_benefit_days(
            Decimal(employment.worker.benefit_days), [f for _y, _m, f in months], params
        )
    except MissingParameter:
        starts = [None] * len(months)  # the avoided-benefit figures will name the value
    result = []
    for (year, month, fraction), days in zip(months, starts, strict=True):
        if year != period.year or month not in period.months or fraction == 0:
            continue
        month_hours = hours.get(employment.id, year, month)
        result.append(
            (
                month,
                model.WorkerMonth(
                    year=year,
                    month=month,
                    approved_hours=month_hours.hours,
                    hourly_wage=employment.hourly_wage,
                    contract_hours_per_week=employment.hours_per_week,
                    employed_fraction=fraction,
                    benefit_days_at_start=days,
                    subsidy=_subsidy_terms(employment, year, month, month_hours.covered_hours),
                ),
            )
        )
    return result


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
    totals.
    """
    municipality = programme.municipality
    params = parameters_for(municipality, period.year)
    earlier = _earlier_earnings(programme, period, params) if with_earlier else None
    employments = _employments(municipality, period)
    hours = approved_hours([e.id for e in employments], period.start, period.end)
    village_id = period.village.pk if period.village else None
    associations = Association.objects.filter(village__municipality=municipality)
    if village_id:
        associations = associations.filter(village_id=village_id)
    services = service_figures(associations, period.start, period.end)

    drops = social_assistance_drops({e.worker_id for e in employments}, period)
    # A city-year is thousands of worker-months whose results live until they are summed:
    # the cycle collector would walk them again and again (a third of the time).
    with cyclic_gc_paused():
        return _economy(
            programme,
            period,
            params,
            employments,
            hours,
            services,
            drops,
            with_sroi=with_sroi,
            earlier=earlier,
            earnings_only=earnings_only,
        )


def _earlier_earnings(programme, period: Period, params: Parameters):
    """[(pay subsidy income, top-up)] of the months before the period, oldest first, as
    many as the longer payment lag (None when a lag is missing: the cash view says so)."""
    try:
        lead = max(
            int(params.value(model.K.SUBSIDY_PAYMENT_LAG_MONTHS)),
            int(params.value(model.K.TOP_UP_PAYMENT_LAG_MONTHS)),
        )
    except MissingParameter:
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
    programme, period, params, employments, hours, services, drops, *, with_sroi, earlier,
    earnings_only,
):  # fmt: skip
    municipality = programme.municipality
    village_id = period.village.pk if period.village else None
    results = []
    all_pm: dict[int, Decimal] = defaultdict(lambda: ZERO)
    monthly = {m: MonthRow(m) for m in period.months}
    workers: dict[int, WorkerRow] = {}
    people = set()
    summed = model.EARNED if earnings_only else model.SUMMED
    if earnings_only and employments and params.parameter_set is None:
        # Only the months before another period are asked for (see _earlier_earnings), and
        # without a parameter set their figures are all missing: say so without computing.
        employments = []
        for row in monthly.values():
            row.values.update(dict.fromkeys(summed))
    for employment in employments:
        selected = village_id is None or employment.association.village_id == village_id
        for month, wm in _worker_months(employment, params, period, hours):
            all_pm[month] += wm.employed_fraction
            if not selected:
                continue
            # A recorded drop belongs to the worker's month once, even with two contracts.
            drop = drops.pop((employment.worker_id, wm.year, month), None)
            if drop:
                wm = dataclasses.replace(wm, social_assistance_drop=drop)
            result = (
                model.compute_earnings(wm, params)
                if earnings_only
                else model.compute_month(wm, params, partial=True)
            )
            results.append(result)
            people.add(employment.worker_id)
            worker_row = workers.setdefault(
                employment.worker_id,
                WorkerRow(employment.worker, employment.association.village.name),
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
    totals = model.summarise(
        results,
        params=params,
        service_revenue=services.revenue,
        coordination_months=months_share,
        partial=True,
    )
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
    sroi_result = None
    if with_sroi and not missing:
        try:
            sroi_result = _sroi(municipality, params, totals, services, period)
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
        hours_available=hours.available,
        services=services,
        sroi=sroi_result,
        cash_flow=flow,
    )


def social_assistance_drops(worker_ids, period: Period) -> dict[tuple[int, int, int], Decimal]:
    """{(worker, year, month): recorded drop in basic social assistance}, in one query."""
    rows = SocialAssistanceDrop.objects.filter(worker_id__in=worker_ids).overlapping(
        period.start, period.end
    )
    drops: dict[tuple[int, int, int], Decimal] = {}
    for row in rows:
        for year, month in row.months():
            if year == period.year and month in period.months:
                drops[(row.worker_id, year, month)] = row.monthly_amount
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


def _sroi(municipality, params, totals, services, period) -> model.SroiResult:
    open_market = open_market_rates(municipality, period)[6][0]
    quantities = {
        QuantitySource.PERSON_MONTHS: totals.person_months,
        QuantitySource.HOURS: totals.hours,
        QuantitySource.OPEN_MARKET: Decimal(open_market),
        QuantitySource.ORDERS_DONE: Decimal(services.orders_done),
        QuantitySource.CUSTOMERS_65_PLUS: Decimal(services.customers_aged_65_plus),
        QuantitySource.AVOIDED_BENEFIT: totals["public_avoided_benefit"],
    }
    outcomes = [
        model.Outcome(
            proxy.name,
            quantities[proxy.quantity_source],
            proxy.value_per_unit,
            proxy.duration_years,
        )
        for proxy in SroiProxy.objects.filter(municipality=municipality, is_active=True)
    ]
    investment = totals["employer_cost"] + totals["coordination_costs"]
    return model.sroi(outcomes, investment=investment, params=params)


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


class _AssessmentRow(NamedTuple):
    worker_id: int
    instrument_id: int
    timepoint: str
    assessed_on: datetime.date
    score: Decimal


def score_changes(municipality, worker_ids=None) -> list[ScoreChange]:
    """Mean change per instrument over workers with both a start and a later assessment."""
    instruments = list(
        Instrument.objects.filter(municipality=municipality, respondent=Respondent.WORKER)
    )
    assessments = Assessment.objects.done().filter(instrument__in=instruments)
    if worker_ids is not None:
        assessments = assessments.filter(worker_id__in=worker_ids)
    # Plain rows, not model instances: a city has thousands of assessments.
    pairs = latest_pairs(
        _AssessmentRow(*row) for row in assessments.values_list(*_AssessmentRow._fields)
    )
    changes = []
    for instrument in instruments:
        own = [p for key, p in pairs.items() if key[1] == instrument.pk]
        changes.append(
            ScoreChange(
                instrument,
                len(own),
                _mean([s.score for s, _l in own]),
                _mean([latest.score for _s, latest in own]),
                _mean([latest.score - s.score for s, latest in own]),
            )
        )
    return changes


@dataclass
class MetricStatus:
    metric: Metric
    value: Decimal | None
    status: str  # "met", "on_track", "behind", "no_data"
    note: str = ""

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


def _period_for(metric: Metric) -> Period:
    """The metric's period within its first year (figures are computed per calendar year)."""
    end = metric.period_end if metric.period_end.year == metric.period_start.year else None
    return Period(
        metric.period_start.year,
        metric.period_start.month,
        end.month if end else 12,
    )


def metric_statuses(
    programme, today: datetime.date | None = None, *, known: Economy | None = None
) -> list[MetricStatus]:
    """Every metric of the programme with its value for its own period and its status.

    `known` is an economy the caller already has (the dashboard's): a metric over the
    same period reads it instead of computing the figures again.
    """
    today = today or timezone.localdate()
    metrics = list(
        Metric.objects.filter(programme=programme).select_related("instrument").order_by("key")
    )
    economies: dict[Period, Economy] = {}
    if known is not None:
        economies[known.period] = known
    cache: dict[Period, tuple] = {}
    changes = score_changes(programme.municipality) if metrics else []
    statuses = []
    for metric in metrics:
        period = _period_for(metric)
        if period not in cache:
            cache[period] = (
                economies.get(period)
                or economy(programme, period, with_sroi=False, with_earlier=False),
                open_market_rates(programme.municipality, period),
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
        .only("municipality_id", "name")
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
