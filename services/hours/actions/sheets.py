"""The week sheets' status, kept in step with their entries by every write that moves hours."""

import datetime
from collections import defaultdict

from django.utils import timezone

from services.hours.selectors.crew import current_entries
from services.hours.weeks import DAY, monday_of
from services.models import EntryStatus, SheetStatus, WeekSheet

ENTRY_FIELDS = [
    "employment_id",
    "work_date",
    "hours",
    "task",
    "service_order_id",
    "note",
    "status",
    "reason",
]


def refresh_sheets(association, first: datetime.date, last: datetime.date, *, actor=None):
    """Set the status of the week sheets in [first, last] from their entries' statuses.

    Hours on days still to come are plans: they are not sent or approved, so they do not
    decide the week's status either."""
    start = monday_of(first)
    statuses: dict[datetime.date, set[str]] = defaultdict(set)
    rows = (
        current_entries(association, start, min(last + DAY * 6, timezone.localdate()))
        .select_related(None)
        .values_list("work_date", "status")
    )
    for work_date, status in rows:
        statuses[monday_of(work_date)].add(status)
    sheets = list(
        WeekSheet.objects.filter(association=association, week_start__range=(start, last))
    )
    changed = []
    for sheet in sheets:
        found = statuses.get(sheet.week_start, set())
        if EntryStatus.RETURNED in found:
            status = SheetStatus.RETURNED
        elif EntryStatus.ENTERED in found:
            status = SheetStatus.OPEN
        elif EntryStatus.SUBMITTED in found:
            status = SheetStatus.SUBMITTED
        elif found:
            status = SheetStatus.APPROVED
        else:
            status = sheet.status if sheet.status == SheetStatus.SUBMITTED else SheetStatus.OPEN
        if status != sheet.status:
            sheet.status = status
            sheet.version += 1
            changed.append(sheet)
    if changed:
        WeekSheet.objects.bulk_update(changed, ["status", "version"])
    return sheets
