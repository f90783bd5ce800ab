"""The monthly roll-up of approved hours (`MonthlyHours`): its upkeep and its one read.

Upkeep: `refresh_monthly_hours` recomputes the rows of some employments and months from
their entries. The actions that change which hours count (approving a week, locking a
month, approving a correction) call it inside their transaction; the other hour writes
(saving, submitting, returning, importing, deleting, turning a correction down) touch
only hours that are not approved yet, so the roll-up does not change. The bulk paths
(demo seed, generate_load, test factories) call `rebuild_monthly_hours`.

Read: `approved_month_hours` gives, per employment and month, the approved hours and
those on days a subsidy decision covers, in one query that reads the roll-up and visits
the entries only of months that a decision covers in part.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from ryhma.dates import month_bounds
from services.models import MonthlyHours, WorkEntry
from workers.models import SubsidyDecision
from workers.signals import economy_inputs_changed

ZERO = Decimal("0")
HOURS: DecimalField = DecimalField(max_digits=8, decimal_places=2)


def _computed(employment_ids: Iterable[int] | None, first: datetime.date, last: datetime.date):
    """MonthlyHours rows (unsaved) computed from the approved entries in [first, last]."""
    entries = WorkEntry.objects.approved().between(first, last)
    if employment_ids is not None:
        entries = entries.filter(employment_id__in=employment_ids)
    rows = (
        entries.annotate(year=ExtractYear("work_date"), month_number=ExtractMonth("work_date"))
        .values("employment_id", "year", "month_number")
        .annotate(
            total=Sum("hours"),
            on_orders=Coalesce(
                Sum("hours", filter=Q(service_order__isnull=False)), Value(ZERO), output_field=HOURS
            ),
            first=Min("work_date"),
            last=Max("work_date"),
        )
        .order_by()
    )
    return [
        MonthlyHours(
            employment_id=row["employment_id"],
            month=datetime.date(row["year"], row["month_number"], 1),
            hours=row["total"],
            order_hours=row["on_orders"],
            first_day=row["first"],
            last_day=row["last"],
        )
        for row in rows
    ]


def refresh_monthly_hours(*, employments, first: datetime.date, last: datetime.date) -> None:
    """Recompute the roll-up of `employments` (a queryset) for the months [first, last] touch.

    Call inside the transaction that changed the entries. The employments are locked
    (FOR NO KEY UPDATE, which saving hours against them does not wait for) so that two
    approvals of the same months follow each other and the second counts the first's
    hours. Four queries.
    """
    first, last = month_bounds(first.year, first.month)[0], month_bounds(last.year, last.month)[1]
    ids = list(
        employments.select_related(None)
        .select_for_update(no_key=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return
    MonthlyHours.objects.filter(employment_id__in=ids, month__range=(first, last)).delete()
    MonthlyHours.objects.bulk_create(_computed(ids, first, last))
    # The economy's kept figures of these months follow the hours (evaluation.kept_figures).
    economy_inputs_changed.send(
        sender=MonthlyHours, municipality_id=None, employment_ids=ids, first_month=first
    )


def rebuild_monthly_hours(employment_ids: Iterable[int] | None = None) -> int:
    """Recompute the roll-up from the entries (all employments, or those given); the row count.

    For the bulk paths that write entries without the actions, and for
    `manage.py rebuild_monthly_hours`.
    """
    existing = MonthlyHours.objects.all()
    if employment_ids is not None:
        employment_ids = list(employment_ids)
        existing = existing.filter(employment_id__in=employment_ids)
    existing.delete()
    rows = _computed(employment_ids, datetime.date.min, datetime.date.max)
    MonthlyHours.objects.bulk_create(rows, batch_size=5000)
    if employment_ids:
        economy_inputs_changed.send(
            sender=MonthlyHours,
            municipality_id=None,
            employment_ids=employment_ids,
            first_month=datetime.date.min,
        )
    return len(rows)


def drift(employment_ids: Iterable[int] | None = None) -> list[tuple]:
    """Where the roll-up differs from the entries: (employment, month, stored, computed)."""
    stored = MonthlyHours.objects.all()
    if employment_ids is not None:
        employment_ids = list(employment_ids)
        stored = stored.filter(employment_id__in=employment_ids)

    def key(row):
        return (row.hours, row.order_hours, row.first_day, row.last_day)

    have = {(r.employment_id, r.month): key(r) for r in stored}
    want = {
        (r.employment_id, r.month): key(r)
        for r in _computed(employment_ids, datetime.date.min, datetime.date.max)
    }
    return sorted(
        (employment, month, have.get((employment, month)), want.get((employment, month)))
        for employment, month in have.keys() | want.keys()
        if have.get((employment, month)) != want.get((employment, month))
    )


@dataclass(frozen=True)
class MonthTotal:
    employment_id: int
    month: datetime.date
    hours: Decimal
    order_hours: Decimal
    covered_hours: Decimal
    # The roll-up row's id: a refresh replaces the row, so a new id means the month's
    # approved entries may have changed (evaluation keys its persisted figures on it).
    row_id: int | None = None


def approved_month_hours(
    employment_ids: Iterable[int], first_month: datetime.date, last_month: datetime.date
) -> list[MonthTotal]:
    """Approved hours per employment and month in [first_month, last_month], one query.

    `covered_hours` are those on days a subsidy decision of the employment covers. When a
    decision spans the month's first and last day with hours, that is all of them; when
    none touches those days, none; only otherwise are the month's entries summed.
    """
    decisions = SubsidyDecision.objects.filter(employment_id=OuterRef("employment_id"))
    spans_all = decisions.filter(
        starts_on__lte=OuterRef("first_day"), ends_on__gte=OuterRef("last_day")
    )
    touches = decisions.filter(
        starts_on__lte=OuterRef("last_day"), ends_on__gte=OuterRef("first_day")
    )
    day_covered = SubsidyDecision.objects.filter(
        employment_id=OuterRef("employment_id"),
        starts_on__lte=OuterRef("work_date"),
        ends_on__gte=OuterRef("work_date"),
    )
    covered_entries = (
        WorkEntry.objects.approved()
        .filter(
            employment_id=OuterRef("employment_id"),
            work_date__gte=OuterRef("first_day"),
            work_date__lte=OuterRef("last_day"),
        )
        .filter(Exists(day_covered))
        .values("employment_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    rows = (
        MonthlyHours.objects.filter(
            employment_id__in=list(employment_ids),
            month__range=(first_month.replace(day=1), last_month),
        )
        .annotate(
            covered=Case(
                When(Exists(spans_all), then=F("hours")),
                When(~Exists(touches), then=Value(ZERO)),
                default=Coalesce(Subquery(covered_entries), Value(ZERO), output_field=HOURS),
                output_field=HOURS,
            )
        )
        .values_list("employment_id", "month", "hours", "order_hours", "covered", "pk")
        .order_by()
    )
    return [
        MonthTotal(employment_id, month, Decimal(hours), Decimal(order_hours), Decimal(covered), pk)
        for employment_id, month, hours, order_hours, covered, pk in rows
    ]
