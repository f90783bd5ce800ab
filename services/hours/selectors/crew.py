"""Reads of an association's crew and hours over a period, shared by the pages and the writes."""

import datetime

from django.utils import timezone

from services.hours.models.entries import order_id_of
from services.hours.weeks import months_between
from services.models import MonthLock, OrderStatus, ServiceOrder, WorkEntry
from villages.models import Association
from workers.models import Employment


def locked_months(association, first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(
        MonthLock.objects.filter(
            association=association, month__in=months_between(first, last)
        ).values_list("month", flat=True)
    )


def crew_employments(association, first: datetime.date, last: datetime.date):
    return (
        Employment.objects.filter(association=association)
        .overlapping(first, last)
        .select_related("worker")
    )


def week_entries(association, first: datetime.date, last: datetime.date):
    """Entries of the week grid in the period (not corrections, which carry a reason): what
    submitting and approving move."""
    return WorkEntry.objects.filter(
        employment__association=association, amends__isnull=True, reason=""
    ).between(first, last)


def current_entries(association, first: datetime.date, last: datetime.date):
    """The rows that count in the period, approved amendments in place of what they replace."""
    return (
        WorkEntry.objects.filter(employment__association=association)
        .current()
        .between(first, last)
        .select_related("employment__worker")
    )


def worked_until(last: datetime.date) -> datetime.date:
    """The last day of a period whose hours can be sent, approved, paid or claimed: today
    at the latest (hours on days still to come are plans)."""
    return min(last, timezone.localdate())


def staff_associations(user):
    return Association.objects.for_user(user).select_related("village").order_by("name")


def week_orders(association, values) -> set[int]:
    """The association's service orders named by the grid's rows (one query)."""
    wanted = {order_id_of(task) for _employment, task, _day in values} - {None}
    if not wanted:
        return set()
    return set(
        ServiceOrder.objects.filter(association=association, pk__in=wanted)
        .exclude(status=OrderStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
