"""A worker's own hours, month by month and week by week."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ryhma.dates import month_bounds
from services.hours.weeks import monday_of
from services.models import WorkEntry


@dataclass
class OwnWeek:
    """A week of a worker's own hours: its days' entries, total and statuses."""

    week_start: datetime.date
    entries: list = field(default_factory=list)
    total: Decimal = Decimal("0")

    @property
    def label(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{week}/{year}"

    @property
    def statuses(self) -> list[str]:
        seen = dict.fromkeys(entry.get_status_display() for entry in self.entries)
        return list(seen)


def own_hours(worker, month: datetime.date) -> dict:
    """A worker's own current hours in `month`, by week, with each entry's status; one query.

    `worker` comes from `Worker.objects.for_user(user)`: a worker sees their own only.
    """
    first, last = month_bounds(month.year, month.month)
    entries = list(
        WorkEntry.objects.filter(employment__worker=worker)
        .current()
        .between(first, last)
        .select_related("employment__association", "service_order__service")
        .order_by("work_date", "task", "pk")
    )
    weeks: dict[datetime.date, OwnWeek] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        week = weeks.setdefault(monday_of(entry.work_date), OwnWeek(monday_of(entry.work_date)))
        week.entries.append(entry)
        week.total += entry.hours
        totals[entry.get_status_display()] += entry.hours
    return {
        "weeks": list(weeks.values()),
        "total": sum((e.hours for e in entries), Decimal("0")),
        "by_status": sorted(totals.items()),
    }
