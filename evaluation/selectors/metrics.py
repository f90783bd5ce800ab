"""The phase-7 indicators of a programme against their targets."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext_lazy

from evaluation import economy as model
from evaluation import suppression
from evaluation.economy import ZERO
from evaluation.inputs import ServiceFigures
from evaluation.models import Metric, MetricKey
from evaluation.selectors.kept import kept_economy
from evaluation.selectors.programme_economy import Economy, Period, economy, open_market_rates
from evaluation.selectors.scores import ScorePairs, score_changes
from workers.money import money


@dataclass
class MetricStatus:
    metric: Metric
    value: Decimal | None
    status: str  # "met", "on_track", "behind", "no_data"
    note: str = ""
    hidden: bool = False  # for officials: it would show a small group (evaluation.suppression)
    # The open-market rates of the metric's period its value was read from (the group
    # sizes that suppression checks come from the same rates).
    rates: dict | None = None
    # Likewise the service figures (customers, feedback answers) of the metric's period,
    # and its worker rows (whose social assistance figures decide whether an official
    # may see a sum that adds them).
    services: ServiceFigures | None = None
    workers: list | None = None

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
        return str(STATUS_LABELS[self.status])


# A status's label, translated when shown (the metric table shows one a row).
STATUS_LABELS = {
    "met": gettext_lazy("Target met"),
    "on_track": gettext_lazy("On track"),
    "behind": gettext_lazy("Behind the target"),
    "no_data": gettext_lazy("No data yet"),
}


CUMULATIVE = {
    MetricKey.PERSON_MONTHS,
    MetricKey.HOURS,
    MetricKey.ORDERS_DONE,
    MetricKey.UNIQUE_CUSTOMERS,
    MetricKey.REVENUE,
    MetricKey.PEOPLE_EMPLOYED,
}


def metric_value(metric: Metric, economy_result: Economy, rates, changes) -> Decimal | None:
    # A whole economy (not earnings only) has totals.
    totals = cast(model.Totals, economy_result.totals)
    services = economy_result.services
    key = metric.key
    if key == MetricKey.PEOPLE_EMPLOYED:
        return Decimal(economy_result.people)
    if key in (MetricKey.PERSON_MONTHS, MetricKey.HOURS):
        rows = economy_result.monthly
        attr = "person_months" if key == MetricKey.PERSON_MONTHS else "hours"
        return money(sum((getattr(row, attr) for row in rows), ZERO))
    if key in (MetricKey.OPEN_MARKET_3M, MetricKey.OPEN_MARKET_6M):
        open_market, recorded = rates[3 if key == MetricKey.OPEN_MARKET_3M else 6]
        return money(Decimal(open_market) * 100 / recorded) if recorded else None
    if key == MetricKey.INSTRUMENT_CHANGE:
        change = next(
            (change for change in changes if change.instrument.pk == metric.instrument_id), None
        )
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
        return money(Decimal(services.customers_aged_65_plus) * 100 / services.unique_customers)
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
    programme,
    today: datetime.date | None = None,
    *,
    known: Economy | None = None,
    pairs: ScorePairs | None = None,
    changes: list | None = None,
) -> list[MetricStatus]:
    """Every metric of the programme with its value for its own period and its status.

    `known` is an economy the caller already has (the dashboard's): a metric over the
    same period reads it instead of computing the figures again; `pairs` likewise the
    municipality's `score_pairs`, and `changes` its `score_changes` over all pairs. Any
    other period's economy is read from the kept figures when they are fresh (the same
    euros to the cent, in a constant number of queries), else computed.
    """
    today = today or timezone.localdate()
    metrics = list(
        Metric.objects.filter(programme=programme).select_related("instrument").order_by("key")
    )
    economies: dict[Period, Economy] = {}
    if known is not None:
        economies[known.period] = known
    cache: dict[Period, tuple] = {}
    if changes is None:
        changes = score_changes(programme.municipality, pairs=pairs) if metrics else []
    statuses = []
    for metric in metrics:
        period = _period_for(metric)
        if period not in cache:
            result = (
                economies.get(period)
                or kept_economy(programme, period, worker_keys=suppression.ASSISTANCE_WORKER_KEYS)
                or economy(programme, period, with_sroi=False, with_earlier=False)
            )
            cache[period] = (
                result,
                result.open_market or open_market_rates(programme.municipality, period),
            )
        result, rates = cache[period]
        value = metric_value(metric, result, rates, changes)
        statuses.append(
            MetricStatus(
                metric,
                value,
                _status(metric, value, today),
                rates=rates,
                services=result.services,
                workers=result.workers,
            )
        )
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
