"""The coordinator's queue: weeks and corrections waiting for approval."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from services.hours.weeks import DAY, monday_of
from services.models import EntryStatus, SheetStatus, WeekSheet, WorkEntry

# What the queue shows of a waiting week: the association, the week, when and by whom it
# was sent (not the association's long descriptions or the sender's password hash).
SHEET_COLUMNS = (
    "association__name",
    "week_start",
    "submitted_at",
    "submitted_by__username",
    "submitted_by__first_name",
    "submitted_by__last_name",
)


def waiting_sheets_queryset(user):
    """Weeks submitted and waiting for the coordinator, oldest first (page them)."""
    return (
        WeekSheet.objects.for_user(user)
        .filter(status=SheetStatus.SUBMITTED)
        .select_related("association", "submitted_by")
        .only(*SHEET_COLUMNS)
        .order_by("week_start", "association__name", "pk")
    )


@dataclass(frozen=True, slots=True)
class WeekLabels:
    """How a week is named on the queue: "9/2026", "23.2.–1.3." and "2026-W9" for links."""

    week: str
    days: str
    code: str

    @classmethod
    def of(cls, week_start: datetime.date) -> "WeekLabels":
        year, week, _day = week_start.isocalendar()
        end = week_start + DAY * 6
        return cls(
            f"{week}/{year}",
            f"{week_start.day}.{week_start.month}.–{end.day}.{end.month}.",
            f"{year}-W{week}",
        )


def with_week_totals(sheets) -> list:
    """`sheets` (a page of a user's waiting weeks, from `waiting_sheets_queryset(user)`)
    with `total_hours`, the submitted hours of each, and `labels` (WeekLabels); one query.

    The hours are read by the sheets' own associations, which are in the user's scope
    already: scoping the entries again would only add joins to the query. They are summed
    by day in the database and by week here (a day is cheaper to group by than a week
    truncated in SQL)."""
    sheets = list(sheets)
    totals: defaultdict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    if sheets:
        first = min(s.week_start for s in sheets)
        last = max(s.week_end for s in sheets)
        rows = (
            WorkEntry.objects.current()
            .between(first, last)
            .filter(
                employment__association__in={s.association_id for s in sheets},
                status=EntryStatus.SUBMITTED,
            )
            .values_list("employment__association_id", "work_date")
            .annotate(total=Sum("hours"))
            .order_by()
        )
        for association_id, work_date, total in rows:
            totals[association_id, monday_of(work_date)] += total
    for sheet in sheets:
        sheet.total_hours = totals[sheet.association_id, sheet.week_start]
        sheet.labels = WeekLabels.of(sheet.week_start)
    return sheets


def waiting_amendments_queryset(user):
    return WorkEntry.objects.for_user(user).filter(status=EntryStatus.SUBMITTED).exclude(reason="")


# What the queue shows of a waiting correction: the worker, the association, the day, the
# task, the hours before and after and the reason.
AMENDMENT_COLUMNS = (
    "work_date",
    "task",
    "hours",
    "reason",
    "employment__worker__first_name",
    "employment__worker__last_name",
    "employment__association__name",
    "amends__hours",
)


def waiting_amendments(user):
    return list(
        waiting_amendments_queryset(user)
        .select_related("employment__worker", "employment__association", "amends")
        .only(*AMENDMENT_COLUMNS)
        .order_by("work_date")
    )
