"""Reads of an association's crew and hours over a period, shared by the pages and the writes."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from services.hours.models.entries import order_id_of
from services.hours.weeks import months_between, week_days
from services.models import MonthLock, OrderStatus, ServiceOrder, WeekSheet, WorkEntry
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


@dataclass
class WeekForSave:
    """A week as a save reads it, once: the sheet (locked), the crew, the current entries
    by (employment id, row task, day) and the locked months. The page that saves builds
    its grid from it (to read the posted cells) and the save checks and writes against it."""

    sheet: WeekSheet | None
    employments: dict[int, Employment]
    existing: dict[tuple[int, str, datetime.date], WorkEntry]
    locked: set[datetime.date]


def week_for_save(association, week_start: datetime.date) -> WeekForSave:
    """Lock the week's sheet for the transaction (PostgreSQL: a second save of the week
    waits here until the first commits), then read the crew, entries and locked months:
    what is read after the lock is what the save merges with. Four queries; inside a
    transaction only (every POST runs in one)."""
    days = week_days(week_start)
    first, last = days[0], days[-1]
    sheet = (
        WeekSheet.objects.select_for_update()
        .filter(association=association, week_start=week_start)
        .first()
    )
    employments = {e.pk: e for e in crew_employments(association, first, last)}
    existing = {}
    # Of two rows for one cell (not expected) the later one counts, as the grid shows it.
    for entry in current_entries(association, first, last).select_related(None).order_by("pk"):
        # An entry's date lies inside its contract (a database rule), so its contract is
        # one of the crew's read above, with the worker that the audit names.
        if entry.employment_id in employments:
            entry.employment = employments[entry.employment_id]
        existing[entry.employment_id, entry.row_task, entry.work_date] = entry
    return WeekForSave(sheet, employments, existing, locked_months(association, first, last))


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
