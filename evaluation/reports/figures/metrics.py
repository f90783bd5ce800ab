"""The report's score changes and metrics, and which metrics an official may not see."""

from evaluation import selectors, suppression
from evaluation.inputs import service_figures
from evaluation.models import MetricKey, ReportKind
from evaluation.reports.figures.data import MIN_GROUP, MetricRow, Scope, YearFigures, _count
from villages.models import Association


def _score_changes(scope: Scope, worker_ids: list[int]) -> list:
    """Mean change per instrument; in aggregate reports only over 5 or more pairs."""
    if scope.kind == ReportKind.VILLAGE:
        return []  # per village and period, two reports would differ by a person's pair
    # Aggregate reports: over all the programme's pairs, as the dashboard shows officials.
    ids = None if scope.is_aggregate else worker_ids
    changes = selectors.score_changes(scope.programme.municipality, ids)
    rows = []
    for change in changes:
        if not change.pairs:
            continue
        suppressed = scope.is_aggregate and change.pairs < MIN_GROUP
        rows.append(
            {"change": change, "pairs": _count(change.pairs, scope), "shown": not suppressed}
        )
    return rows


# Metrics whose value sums the workers of its period: for officials only over whole
# years (two overlapping periods would differ by a few people; evaluation.suppression).
WORKER_METRICS = {
    MetricKey.PEOPLE_EMPLOYED,
    MetricKey.PERSON_MONTHS,
    MetricKey.HOURS,
    MetricKey.NET_COST_PER_PERSON_MONTH,
    MetricKey.CITY_NET_EFFECT,
    MetricKey.OPEN_MARKET_3M,
    MetricKey.OPEN_MARKET_6M,
}


# Metrics whose value describes a group of people: shown only for MIN_GROUP or more.
PEOPLE_METRICS = {
    MetricKey.PEOPLE_EMPLOYED,
    MetricKey.UNIQUE_CUSTOMERS,
    MetricKey.OPEN_MARKET_3M,
    MetricKey.OPEN_MARKET_6M,
    MetricKey.INSTRUMENT_CHANGE,
    MetricKey.SHARE_65_PLUS,
    MetricKey.SATISFACTION,
}


def _metrics(scope: Scope, years: list[YearFigures]) -> list[MetricRow]:
    """The metrics against their targets; a metric over one of the report's years reads
    the economy already computed for it instead of computing it again."""
    known = years[-1].economy if years else None
    statuses = selectors.metric_statuses(scope.programme, today=scope.period.end, known=known)
    hide_metrics(scope.programme, statuses)
    return [MetricRow(status, shown=not status.hidden) for status in statuses]


def hide_metrics(programme, statuses: list, *, changes=None, pattern=None) -> None:
    """Mark the metric statuses an official must not see (`status.hidden`): a worker
    metric over anything but a whole calendar year, or a value about a small group.

    `changes`: the municipality's `score_changes` over all its pairs, if the caller has
    them; `pattern`: the programme's `selectors.year_pattern` of a year, if the caller
    has it: a worker metric over that whole year counts its people from its months."""
    groups = _MetricGroups(programme.municipality, changes=changes, pattern=pattern)
    for status in statuses:
        metric = status.metric
        if metric.key in WORKER_METRICS and not suppression.whole_year(
            metric.period_start, metric.period_end
        ):
            status.hidden = True
            continue
        if metric.key in WORKER_METRICS or metric.key in PEOPLE_METRICS:
            size = groups.size(status)
            status.hidden = size is not None and suppression.is_small(size)
        if metric.key == MetricKey.CITY_NET_EFFECT and not status.hidden:
            # It adds the social assistance drops (evaluation.suppression.ASSISTANCE_KEYS)
            # of the worker rows its value was read from.
            status.hidden = suppression.assistance_hidden(status.workers)


class _MetricGroups:
    """How many people a metric's value is about, for the metric's own period (the one
    `selectors.metric_statuses` computes it for: its first calendar year)."""

    def __init__(self, municipality, *, changes=None, pattern=None):
        self.municipality = municipality
        self._rates: dict = {}
        self._services: dict = {}
        self._changes = changes
        self._people: dict = {}
        if pattern is not None and pattern.employed is not None:
            # The people of the year's months together: what `month_people` of the whole
            # year gives.
            self._people[selectors.Period(pattern.year)] = pattern.employed

    @staticmethod
    def _period(metric) -> selectors.Period:
        start, end = metric.period_start, metric.period_end
        return selectors.Period(
            start.year, start.month, end.month if end.year == start.year else 12
        )

    def size(self, status) -> int | None:
        metric, key = status.metric, status.metric.key
        if key in (MetricKey.PEOPLE_EMPLOYED, MetricKey.UNIQUE_CUSTOMERS):
            return None if status.value is None else int(status.value)
        period = self._period(metric)
        rates = (MetricKey.OPEN_MARKET_3M, MetricKey.OPEN_MARKET_6M)
        if key in WORKER_METRICS and key not in rates:
            if period not in self._people:
                months = selectors.month_people(self.municipality, period.start, period.end)
                self._people[period] = len(set().union(*months.values()))
            return self._people[period]
        if key in (MetricKey.OPEN_MARKET_3M, MetricKey.OPEN_MARKET_6M):
            if period not in self._rates:
                self._rates[period] = status.rates or selectors.open_market_rates(
                    self.municipality, period
                )
            return self._rates[period][3 if key == MetricKey.OPEN_MARKET_3M else 6][1]
        if key == MetricKey.INSTRUMENT_CHANGE:
            if self._changes is None:
                self._changes = selectors.score_changes(self.municipality)
            pairs = [
                change.pairs
                for change in self._changes
                if change.instrument.pk == metric.instrument_id
            ]
            return pairs[0] if pairs else 0
        if period not in self._services:
            # The figures the status's value was read from (`metric_statuses` reads the
            # same associations, the municipality's, over the same period), else read.
            figures = status.services
            if figures is None:
                associations = Association.objects.filter(village__municipality=self.municipality)
                figures = service_figures(associations, period.start, period.end)
            self._services[period] = figures
        figures = self._services[period]
        if key == MetricKey.SHARE_65_PLUS:
            return figures.unique_customers
        return figures.satisfaction_answers
