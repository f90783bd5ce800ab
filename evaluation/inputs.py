"""The narrow inputs the evaluation takes from services/: approved hours and service figures.

Two functions, one query each (two for the community indicators), whatever the data
size. They read the services app through its public names only (the monthly roll-up of
approved hours in `services.hours.rollups`, `WorkEntry.objects.approved()`,
`services.orders.indicators.service_totals`); where services/ does not provide a figure yet
they say so (`available=False`) instead of inventing numbers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from ryhma.dates import add_months
from services.hours.rollups import approved_month_hours
from services.models import WorkEntry
from workers.models import SubsidyDecision

ZERO = Decimal("0")


@dataclass
class MonthHours:
    hours: Decimal = ZERO
    covered_hours: Decimal = ZERO
    # The monthly roll-up row the hours come from (None: summed from the entries, or none):
    # where the hours were read, not part of their value.
    row_id: int | None = field(default=None, compare=False)


@dataclass
class ApprovedHours:
    available: bool
    by_month: dict[tuple[int, int, int], MonthHours] = field(default_factory=dict)

    def get(self, employment_id: int, year: int, month: int) -> MonthHours:
        return self.by_month.get((employment_id, year, month), MonthHours())


def approved_hours(
    employment_ids: list[int], start: datetime.date, end: datetime.date
) -> ApprovedHours:
    """Approved (or locked) hours per employment and month, and those on subsidised days.

    `covered_hours` are the hours worked on days a subsidy decision of the employment
    covers, which is what the subsidy is paid on. Whole months (the dashboards' and
    reports' periods) come from services' monthly roll-up in one query; a period that
    starts or ends inside a month is summed from the entries.
    """
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1:
        by_month = {
            (row.employment_id, row.month.year, row.month.month): MonthHours(
                row.hours, row.covered_hours, row.row_id
            )
            for row in approved_month_hours(employment_ids, start, end)
        }
        return ApprovedHours(available=True, by_month=by_month)
    return _approved_hours_from_entries(employment_ids, start, end)


def _approved_hours_from_entries(
    employment_ids: list[int], start: datetime.date, end: datetime.date
) -> ApprovedHours:
    covered = SubsidyDecision.objects.filter(
        employment=OuterRef("employment_id"),
        starts_on__lte=OuterRef("work_date"),
        ends_on__gte=OuterRef("work_date"),
    )
    decimal: DecimalField = DecimalField(max_digits=10, decimal_places=2)
    rows = (
        WorkEntry.objects.approved()
        .between(start, end)
        .filter(employment_id__in=employment_ids)
        .annotate(year=ExtractYear("work_date"), month=ExtractMonth("work_date"))
        .values("employment_id", "year", "month")
        .annotate(
            hours_sum=Coalesce(Sum("hours"), Value(ZERO), output_field=decimal),
            covered_sum=Coalesce(
                Sum("hours", filter=Q(Exists(covered))), Value(ZERO), output_field=decimal
            ),
        )
        .order_by()
    )
    by_month: dict = defaultdict(MonthHours)
    for row in rows:
        by_month[(row["employment_id"], row["year"], row["month"])] = MonthHours(
            Decimal(row["hours_sum"]), Decimal(row["covered_sum"])
        )
    return ApprovedHours(available=True, by_month=dict(by_month))


@dataclass
class ServiceFigures:
    available: bool
    revenue: Decimal = ZERO
    orders_done: int = 0
    unique_customers: int = 0
    customers_aged_65_plus: int = 0
    satisfaction_mean: Decimal | None = None
    satisfaction_answers: int = 0


def service_figures(associations, start: datetime.date, end: datetime.date) -> ServiceFigures:
    """Revenue and community indicators of `associations` (a queryset) for the period."""
    try:
        from services.orders.indicators import service_totals
    except ImportError:
        return ServiceFigures(available=False)
    totals = service_totals(associations, (start, end))
    return ServiceFigures(
        available=True,
        revenue=totals.revenue,
        orders_done=totals.orders_done,
        unique_customers=totals.unique_customers,
        customers_aged_65_plus=totals.customers_aged_65_plus,
        satisfaction_mean=totals.satisfaction_mean,
        satisfaction_answers=totals.satisfaction_answers,
    )


def approved_day_hours(
    keys: set[tuple[int, int, int]],
) -> dict[tuple[int, int, int], dict[datetime.date, Decimal]]:
    """{(employment, year, month): {day: approved hours}} of the months in `keys` only: the
    months in which a subsidy decision starts or ends, whose hours the subsidy splits by
    day. One query (none without keys)."""
    if not keys:
        return {}
    employment_ids = sorted({key[0] for key in keys})
    months = sorted({(key[1], key[2]) for key in keys})
    first = datetime.date(*months[0], 1)
    last_year, last_month = months[-1]
    last = add_months(datetime.date(last_year, last_month, 1), 1)
    rows = (
        WorkEntry.objects.approved()
        .between(first, last - datetime.timedelta(days=1))
        .filter(employment_id__in=employment_ids)
        .values_list("employment_id", "work_date")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    result: dict = defaultdict(dict)
    for employment_id, day, total in rows:
        key = (employment_id, day.year, day.month)
        if key in keys:
            result[key][day] = Decimal(total)
    return dict(result)
