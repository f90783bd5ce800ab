"""Synthetic work hours, week sheets and locked months (ryhma/load.py).

Entries fall on working days inside their contract, never after yesterday, on quarter
hours, one or two tasks a day (never the same task twice a day). Past months are approved
by the municipality's coordinator and locked (a MonthLock per association and month);
this month's finished weeks are submitted, this week is being filled in, as in the demo.
The week sheets follow their entries, the monthly roll-up of approved hours
(`MonthlyHours`) is summed as the entries are made. Each association also gets its
service catalogue, a few customers and service orders over the years. Written with
PostgreSQL COPY.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from ryhma.dates import add_months, is_working_day
from ryhma.load import LoadContext, bulk, bulk_loading, insert_rows
from services.hours.weeks import DAY, monday_of
from services.models import (
    Customer,
    EntryStatus,
    MonthLock,
    MonthlyHours,
    OrderSource,
    OrderStatus,
    Service,
    ServiceOrder,
    SheetStatus,
    Task,
    Unit,
    WeekSheet,
    WorkEntry,
)
from services.orders.demo import CATALOGUE, FIRST, LAST

QUARTERS = [f"{n / 4:.2f}" for n in range(0, 65)]
TASKS = [
    task.value
    for task in (
        Task.GENERAL,
        Task.VILLAGE_HALL,
        Task.ENVIRONMENT,
        Task.TRAINING,
        Task.PEER_SUPPORT,
    )
]
ENTRY_FIELDS = [
    "version",
    "employment_id",
    "work_date",
    "hours",
    "task",
    "note",
    "status",
    "amends_id",
    "reason",
    "is_current",
    "created_by_id",
    "created_at",
    "updated_at",
    "approved_by_id",
    "approved_at",
]
SHEET_FIELDS = [
    "version",
    "association_id",
    "week_start",
    "status",
    "return_comment",
    "last_token",
    "updated_by_id",
    "updated_at",
    "submitted_by_id",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
]


def _at(day: datetime.date, hour: int) -> str:
    return f"{day.isoformat()} {hour:02d}:00:00+00:00"


def _calendar(first: datetime.date, last: datetime.date, today: datetime.date) -> list:
    """(day, day text, status, created_at, approved_at) for each working day in [first, last].

    Texts, not dates: the rows go to COPY as text, and formatting each value once per
    day instead of once per entry is most of the generator's speed.
    """
    this_month, this_week = today.replace(day=1), monday_of(today)
    days, day = [], first
    while day <= last:
        if is_working_day(day):
            month = day.replace(day=1)
            if month < this_month:
                status = EntryStatus.LOCKED.value
                next_month = add_months(month, 1)
                approved_at = _at(next_month, 9)
            elif monday_of(day) < this_week:
                status, approved_at = EntryStatus.SUBMITTED.value, None
            else:
                status, approved_at = EntryStatus.ENTERED.value, None
            days.append((day, day.isoformat(), status, _at(day, 15), approved_at))
        day += DAY
    return days


def generate(context: LoadContext) -> None:
    scale, rng, progress = context.scale, context.rng, context.progress
    today = timezone.localdate()
    contracts = context.made["contracts"]
    first = min(c.starts_on for c in contracts)
    last = today - DAY
    days = _calendar(first, last, today)
    index_of = {entry[0]: n for n, entry in enumerate(days)}

    municipality_of = {
        association.pk: municipality_pk
        for municipality_pk, associations in context.made["associations_by_municipality"].items()
        for association in associations
    }
    coordinator_of = {pk: users["coordinator"].pk for pk, users in context.made["users"].items()}

    def span(contract):
        start = contract.starts_on
        while start not in index_of and start <= contract.last_day:
            start += DAY
        stop = contract.last_day
        while stop not in index_of and stop >= start:
            stop -= DAY
        if start > stop:
            return range(0)
        return range(index_of[start], index_of[stop] + 1)

    spans = [(contract, span(contract)) for contract in contracts]
    worker_days = sum(len(days_range) for _contract, days_range in spans) * 0.96
    target = scale.municipalities * scale.workers_per_municipality
    target *= scale.entries_per_worker_year * len(scale.years)
    two_tasks = min(max(target / max(worker_days, 1) - 1, 0.0), 1.0)
    weeks: dict[tuple[int, datetime.date], set[str]] = {}
    locked: set[tuple[int, datetime.date]] = set()
    # The monthly roll-up of approved hours, kept as the rows are made:
    # (employment, month) -> [quarter hours, first day, last day].
    monthly: dict[tuple[int, datetime.date], list] = {}

    def rows():
        random, randint = rng.random, rng.randint
        for contract, days_range in spans:
            association_id = contract.association_id
            approver = coordinator_of[municipality_of[association_id]]
            for n in days_range:
                if random() < 0.04:  # a day off sick now and then
                    continue
                day, day_text, status, created_at, approved_at = days[n]
                key = (association_id, day - DAY * day.weekday())
                statuses_seen = weeks.get(key)
                if statuses_seen is None:
                    statuses_seen = weeks[key] = set()
                statuses_seen.add(status)
                quarters = 20 + randint(-1, 1)
                if approved_at:
                    month = day.replace(day=1)
                    locked.add((association_id, month))
                    total = monthly.get((contract.pk, month))
                    if total is None:
                        monthly[contract.pk, month] = [quarters, day, day]
                    else:
                        total[0] += quarters
                        total[2] = day
                approved_by = approver if approved_at else None
                task = TASKS[0] if random() < 0.7 else TASKS[randint(1, 4)]
                if random() < two_tasks:
                    part = randint(4, quarters - 4)
                    other = TASKS[1] if task == TASKS[0] else TASKS[0]
                    yield (1, contract.pk, day_text, QUARTERS[quarters - part], other, "", status,
                           None, "", True, None, created_at, created_at, approved_by,
                           approved_at)  # fmt: skip
                    quarters = part
                yield (1, contract.pk, day_text, QUARTERS[quarters], task, "", status, None, "",
                       True, None, created_at, created_at, approved_by, approved_at)  # fmt: skip

    progress.start("work entries", int(worker_days * (1 + two_tasks)))
    # The generator keeps the rule of migration 0002's trigger (a date inside the
    # contract); checked here once over the table instead of once a row.
    outside = (
        "SELECT count(*) FROM services_workentry w JOIN workers_employment e "
        "ON e.id = w.employment_id WHERE w.work_date < e.starts_on "
        "OR (e.ends_on IS NOT NULL AND w.work_date > e.ends_on)"
    )
    with bulk_loading(WorkEntry, checks=[outside]):
        entries = insert_rows(WorkEntry, ENTRY_FIELDS, rows(), progress=progress)
    progress.finish()

    progress.start("week sheets", len(weeks))
    sheets = insert_rows(
        WeekSheet,
        SHEET_FIELDS,
        (
            (1, association_id, week_start, *_sheet(statuses, week_start))
            for (association_id, week_start), statuses in sorted(weeks.items())
        ),
        progress=progress,
    )
    progress.finish()
    progress.start("monthly hours", len(monthly))
    rolled_up = insert_rows(
        MonthlyHours,
        ["employment_id", "month", "hours", "order_hours", "first_day", "last_day"],
        (
            (employment_id, month, f"{quarters / 4:.2f}", "0.00", first_day, last_day)
            for (employment_id, month), (quarters, first_day, last_day) in monthly.items()
        ),  # fmt: skip
        progress=progress,
    )
    progress.finish()
    MonthLock.objects.bulk_create(
        [
            MonthLock(
                association_id=association_id,
                month=month,
                locked_by_id=coordinator_of[municipality_of[association_id]],
            )
            for association_id, month in sorted(locked)
        ],
        batch_size=5000,
    )
    _orders(context, today)
    context.counts.update(
        work_entries=entries,
        week_sheets=sheets,
        locked_months=len(locked),
        monthly_hours=rolled_up,
    )


def _sheet(statuses: set[str], week_start: datetime.date) -> tuple:
    """status, return_comment, last_token, updated_by/at, submitted_by/at, reviewed_by/at."""
    if EntryStatus.ENTERED in statuses:
        return (SheetStatus.OPEN, "", "", None, None, None, None, None, None)
    submitted_at = _at(week_start + DAY * 4, 16)
    if EntryStatus.SUBMITTED in statuses:
        return (SheetStatus.SUBMITTED, "", "", None, None, None, submitted_at, None, None)
    return (SheetStatus.APPROVED, "", "", None, None, None, submitted_at, None, submitted_at)


ORDER_FIELDS = [
    "version",
    "association_id",
    "customer_id",
    "service_id",
    "status",
    "source",
    "description",
    "requested_on",
    "preferred_date",
    "scheduled_on",
    "recurrence",
    "completed_on",
    "hours",
    "units",
    "materials",
    "materials_cost",
    "feedback_rating",
    "feedback_comment",
    "complaint",
    "cancel_reason",
    "created_at",
]
CUSTOMERS_PER_ASSOCIATION = 6


def _orders(context: LoadContext, today: datetime.date) -> None:
    """Each association's catalogue, a few customers and its orders over the years: past
    ones done (most with feedback) or now and then cancelled, the coming ones scheduled,
    the newest still requested. Not invoiced (invoices are made by the action)."""
    scale, progress = context.scale, context.progress
    rng = random.Random(context.rng.random())  # the hours above stay as they were
    associations = [a for group in context.made["associations_by_municipality"].values()
                    for a in group]  # fmt: skip
    progress.start("services, customers", len(associations))
    services = bulk(
        Service,
        [
            Service(
                association_id=association.pk,
                kind=kind,
                unit=unit,
                price=Decimal(price),
                travel_charge=Decimal(travel),
                tax_credit_eligible=tax_credit,
                is_own_work=own,
            )  # fmt: skip
            for association in associations
            for kind, unit, price, travel, tax_credit, own in CATALOGUE
        ],
    )
    customers = bulk(
        Customer,
        [
            Customer(
                association_id=association.pk,
                village_id=association.village_id,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                aged_65_plus=rng.random() < 0.4,
                holiday_home=rng.random() < 0.15,
            )
            for association in associations
            for _n in range(CUSTOMERS_PER_ASSOCIATION)
        ],
    )
    progress.advance(len(associations))
    progress.finish()
    per_association = len(CATALOGUE)
    first = datetime.date(scale.years[0], 1, 1)
    span = (today - first).days + 21
    count = scale.orders_per_association_year * len(scale.years)

    def rows():
        for index, association in enumerate(associations):
            own = services[index * per_association : (index + 1) * per_association]
            clients = customers[
                index * CUSTOMERS_PER_ASSOCIATION : (index + 1) * CUSTOMERS_PER_ASSOCIATION
            ]
            for _n in range(count):
                service = rng.choice(own)
                requested = first + DAY * rng.randrange(span)
                scheduled = requested + DAY * rng.randint(2, 20)
                hours = units = completed = rating = None
                if scheduled < today - DAY * 3:
                    status = OrderStatus.CANCELLED if rng.random() < 0.05 else OrderStatus.DONE
                elif requested <= today - DAY * 3:
                    status = OrderStatus.SCHEDULED
                else:
                    status, scheduled = OrderStatus.REQUESTED, None
                if status == OrderStatus.DONE:
                    completed = scheduled
                    hours = Decimal(rng.randint(4, 24)) / 4
                    units = hours if service.unit == Unit.HOUR else Decimal(1)
                    rating = rng.choice((3, 4, 4, 5, 5, 5)) if rng.random() < 0.6 else None
                yield (1, association.pk, rng.choice(clients).pk, service.pk, status,
                       OrderSource.PHONE, "", requested, None, scheduled, "", completed, hours,
                       units, "", "0.00", rating, "", "",
                       "Asiakas perui" if status == OrderStatus.CANCELLED else "",
                       _at(requested, 10))  # fmt: skip

    progress.start("service orders", count * len(associations))
    orders = insert_rows(ServiceOrder, ORDER_FIELDS, rows(), progress=progress)
    progress.finish()
    context.counts.update(services=len(services), customers=len(customers), service_orders=orders)
