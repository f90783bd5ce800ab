"""The coordinator's queue: weeks and corrections waiting for approval."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce

from services.hours.weeks import DAY
from services.models import EntryStatus, SheetStatus, WeekSheet, WorkEntry
from workers.models import Employment

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


@cache
def _week_hours():
    """The submitted hours of a WeekSheet row's week, as an annotation.

    Summed per contract of the sheet's own association that runs in the week (an entry's
    day lies inside its contract: the trigger of migration 0002), each contract's days
    read through the index of a contract's days (a few rows each). The association is in
    the user's scope already: scoping the entries again would only add joins. Not one sum
    over the week's entries joined to the contracts: PostgreSQL, expecting a handful of a
    week's entries to be unlocked (the unlocked ones are all recent), read every entry of
    the week through the index of unlocked days (1,500 rows a sheet at city size, and
    more with every association of the country).

    Built once: it refers to nothing but the outer rows, each query resolves a copy of
    it, and building its two querysets costs about 1 ms of Python a call."""
    week_start = OuterRef(OuterRef("week_start"))
    per_contract = (
        WorkEntry.objects.current()
        .filter(
            employment=OuterRef("pk"),
            work_date__gte=week_start,
            work_date__lte=week_start + DAY * 6,
            status=EntryStatus.SUBMITTED,
        )
        .order_by()
        .values("employment")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    week_start = OuterRef("week_start")
    contracts = (
        Employment.objects.filter(association=OuterRef("association_id"))
        .filter(starts_on__lte=week_start + DAY * 6)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week_start))
        .order_by()
        .values("association")
        .annotate(total=Sum(Subquery(per_contract)))
        .values("total")
    )
    return Coalesce(Subquery(contracts, output_field=DecimalField()), Decimal(0))


def with_week_totals(sheets):
    """A queryset of WeekSheets (a user's waiting weeks, from `waiting_sheets_queryset`)
    with `total_hours`, the submitted hours of each: in the same query."""
    return sheets.annotate(total_hours=_week_hours())


def with_labels(sheets) -> list:
    """`sheets` (a page of them) with `labels` (WeekLabels) on each."""
    sheets = list(sheets)
    for sheet in sheets:
        sheet.labels = WeekLabels.of(sheet.week_start)
    return sheets


def first_waiting_sheets(user, count: int) -> tuple[list, int]:
    """The first `count` of the user's waiting weeks (association name and week, with
    `total_hours`) and how many are waiting in all: one query (the count is a window over
    the rows before the limit)."""
    sheets = list(
        with_week_totals(
            waiting_sheets_queryset(user)
            .select_related(None)
            .select_related("association")
            .only("association_id", "week_start", "association__name")
        ).annotate(waiting=Window(Count("pk")))[:count]
    )
    return sheets, sheets[0].waiting if sheets else 0


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
