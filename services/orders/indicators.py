"""What the village community got from the services: the indicators the reports and the
economy read."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce

from services.models import DONE_ORDER_STATUSES, InvoiceLine, ServiceKind, ServiceOrder

ZERO = Decimal("0")


@dataclass(frozen=True)
class ServiceTypeHours:
    kind: str
    label: str
    orders: int
    hours: Decimal


@dataclass(frozen=True)
class CommunityIndicators:
    """What the village community got from the services in a period (domain brief §7)."""

    period: tuple[datetime.date, datetime.date]
    orders_done: int
    unique_customers: int
    customers_aged_65_plus: int
    villages_reached: int
    own_work_orders: int
    sold_orders: int
    own_work_hours: Decimal
    sold_hours: Decimal
    revenue: Decimal
    satisfaction_mean: Decimal | None
    satisfaction_answers: int
    complaints: int
    hours_by_service_type: list[ServiceTypeHours]

    @property
    def share_aged_65_plus(self) -> Decimal | None:
        """Share (0–1) of unique customers aged 65+, None when there are no customers."""
        if not self.unique_customers:
            return None
        return Decimal(self.customers_aged_65_plus) / Decimal(self.unique_customers)

    @property
    def total_hours(self) -> Decimal:
        return self.own_work_hours + self.sold_hours


def _done_orders(scope, start: datetime.date, end: datetime.date):
    return ServiceOrder.objects.filter(
        association__in=scope, status__in=DONE_ORDER_STATUSES, completed_on__range=(start, end)
    )


def _revenue(scope, start: datetime.date, end: datetime.date) -> Decimal:
    """Invoice lines of invoices for months within the period."""
    total = InvoiceLine.objects.filter(
        invoice__association__in=scope,
        invoice__period_start__gte=start.replace(day=1),
        invoice__period_start__lte=end,
    ).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    return Decimal(total)


def _satisfaction(mean) -> Decimal | None:
    return None if mean is None else Decimal(str(round(mean, 2)))


@dataclass(frozen=True)
class ServiceTotals:
    """The few service figures the economic evaluation reads (see community_indicators)."""

    revenue: Decimal
    orders_done: int
    unique_customers: int
    customers_aged_65_plus: int
    satisfaction_mean: Decimal | None
    satisfaction_answers: int


def service_totals(scope, period: tuple[datetime.date, datetime.date]) -> ServiceTotals:
    """`community_indicators`' revenue, orders, customers and satisfaction only, as the
    dashboards need them on every view: two queries, and a third of the aggregates."""
    start, end = period
    totals = _done_orders(scope, start, end).aggregate(
        orders_done=Count("pk"),
        unique_customers=Count("customer", distinct=True),
        customers_aged_65_plus=Count(
            "customer", distinct=True, filter=Q(customer__aged_65_plus=True)
        ),
        satisfaction_mean=Avg("feedback_rating"),
        satisfaction_answers=Count("feedback_rating"),
    )
    mean = totals.pop("satisfaction_mean")
    return ServiceTotals(
        revenue=_revenue(scope, start, end), satisfaction_mean=_satisfaction(mean), **totals
    )


def community_indicators(scope, period: tuple[datetime.date, datetime.date]):
    """Service indicators of the associations in `scope` for orders done in `period`.

    `scope` is a queryset (or list) of associations, e.g.
    `Association.objects.for_user(user)`; `period` is (first day, last day), inclusive.
    Revenue counts invoice lines of invoices for months within the period. Three
    queries, whatever the size of the data.
    """
    start, end = period
    done = _done_orders(scope, start, end)
    own = Q(service__is_own_work=True)
    hours = Coalesce(Sum("hours", filter=own), ZERO), Coalesce(Sum("hours", filter=~own), ZERO)
    totals = done.aggregate(
        orders_done=Count("pk"),
        unique_customers=Count("customer", distinct=True),
        customers_aged_65_plus=Count(
            "customer", distinct=True, filter=Q(customer__aged_65_plus=True)
        ),
        villages_reached=Count("customer__village", distinct=True),
        own_work_orders=Count("pk", filter=own),
        sold_orders=Count("pk", filter=~own),
        own_work_hours=hours[0],
        sold_hours=hours[1],
        satisfaction_mean=Avg("feedback_rating"),
        satisfaction_answers=Count("feedback_rating"),
        complaints=Count("pk", filter=~Q(complaint="")),
    )
    by_kind = (
        done.values("service__kind")
        .annotate(orders=Count("pk"), hours=Coalesce(Sum("hours"), ZERO))
        .order_by("service__kind")
    )
    labels = dict(ServiceKind.choices)
    mean = totals.pop("satisfaction_mean")
    return CommunityIndicators(
        period=(start, end),
        revenue=_revenue(scope, start, end),
        satisfaction_mean=_satisfaction(mean),
        hours_by_service_type=[
            ServiceTypeHours(
                row["service__kind"],
                str(labels.get(row["service__kind"], row["service__kind"])),
                row["orders"],
                Decimal(row["hours"]),
            )
            for row in by_kind
        ],
        **totals,
    )
