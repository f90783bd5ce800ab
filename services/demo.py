"""Demo hours (domain brief §8): twelve months for every demo employment.

Past months are approved and locked; this month's finished weeks wait for the coordinator,
this week is being filled in. Hours follow each contract (hours a week spread over the
working days, holidays off, now and then a sick day) with village tasks mixed in.
Idempotent: employments that already have hours are left alone. Fast: bulk inserts.
"""

import datetime
import random
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from ryhma.dates import add_months, is_working_day
from services.hours.rollups import rebuild_monthly_hours
from services.hours.weeks import DAY, monday_of
from services.models import EntryStatus, MonthLock, SheetStatus, Task, WeekSheet, WorkEntry
from services.orders import demo as demo_orders
from workers.models import Employment

QUARTER = Decimal("0.25")


def _quarter(value: Decimal) -> Decimal:
    """Down to the quarter hour, so that a normal week stays within the contract."""
    return (value / QUARTER).quantize(Decimal("1"), rounding=ROUND_FLOOR) * QUARTER


def _task(day: datetime.date, rng: random.Random) -> str:
    if day.weekday() == 0:
        return Task.VILLAGE_HALL
    if day.weekday() == 3 and day.isocalendar()[1] % 2 == 0:
        return Task.PEER_SUPPORT
    if rng.random() < 0.05:
        return Task.TRAINING
    if rng.random() < 0.15:
        return Task.ENVIRONMENT
    return Task.GENERAL


def seed(context: dict) -> None:
    _seed_hours(context)
    demo_orders.seed(context)


def _seed_hours(context: dict) -> None:
    today = timezone.localdate()
    this_month = today.replace(day=1)
    this_week = monday_of(today)
    first_day = add_months(this_month, -11)
    municipality = context.get("municipality")
    employments = Employment.objects.overlapping(first_day, today).select_related("association")
    if municipality is not None:
        employments = employments.filter(association__village__municipality=municipality)
    done = set(
        WorkEntry.objects.filter(employment__in=employments).values_list("employment_id", flat=True)
    )
    weeks: dict[tuple[int, datetime.date], set[str]]
    entries, months, weeks = [], set(), {}
    for employment in employments:
        if employment.pk in done:
            continue
        rng = random.Random(employment.pk)
        per_day = _quarter(employment.hours_per_week / 5)
        day = max(employment.starts_on, first_day)
        last = min(employment.ends_on or today, today - DAY)
        while day <= last:
            if is_working_day(day) and rng.random() > 0.04:
                month = day.replace(day=1)
                if month < this_month:
                    status = EntryStatus.LOCKED
                    months.add((employment.association_id, month))
                elif monday_of(day) < this_week:
                    status = EntryStatus.SUBMITTED
                else:
                    status = EntryStatus.ENTERED
                hours = min(max(per_day - rng.choice((0, 0, 0, QUARTER)), QUARTER), Decimal(8))
                entries.append(
                    WorkEntry(
                        employment=employment,
                        work_date=day,
                        hours=hours,
                        task=_task(day, rng),
                        status=status,
                    )
                )
                weeks.setdefault((employment.association_id, monday_of(day)), set()).add(status)
            day += DAY
    WorkEntry.objects.bulk_create(entries, batch_size=2000)
    rebuild_monthly_hours({entry.employment_id for entry in entries})
    MonthLock.objects.bulk_create(
        [MonthLock(association_id=a, month=m) for a, m in sorted(months)],
        ignore_conflicts=True,
    )
    WeekSheet.objects.bulk_create(
        [
            WeekSheet(
                association_id=association_id,
                week_start=week_start,
                status=_sheet_status(statuses),
                submitted_at=timezone.now() if EntryStatus.SUBMITTED in statuses else None,
            )
            for (association_id, week_start), statuses in sorted(weeks.items())
        ],
        ignore_conflicts=True,
    )


def _sheet_status(statuses: set[str]) -> str:
    if EntryStatus.ENTERED in statuses:
        return SheetStatus.OPEN
    if EntryStatus.SUBMITTED in statuses:
        return SheetStatus.SUBMITTED
    return SheetStatus.APPROVED
