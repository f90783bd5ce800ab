"""Hours typed when a service order is marked done, written as the crew's work entries."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from ryhma.audit import diff, record_bulk, snapshot
from ryhma.models import AuditAction
from services.hours.actions.sheets import ENTRY_FIELDS, refresh_sheets
from services.hours.models.entries import MAX_HOURS_PER_DAY
from services.hours.weeks import monday_of
from services.models import MonthLock, ServiceOrder, Task, WeekSheet, WorkEntry
from services.templatetags.hours_text import hours_text
from workers.models import Employment


def log_order_hours(*, order: ServiceOrder, day: datetime.date, hours: Decimal, actor):
    """Hours typed when an order is marked done become the crew's work entries on the day,
    shared in quarter hours among the order's workers with a contract at the association
    (the first ones get the remainder): one entry per hour of work, shown and edited in
    the week grid, counted once in payroll, claims and reports. Returns the entries (none
    when no worker of the crew is on the order: the hours stay the order's own)."""
    employments = list(
        Employment.objects.filter(
            association_id=order.association_id, worker__in=order.workers.all()
        )
        .overlapping(day, day)
        .select_related("worker")
        .order_by("worker__last_name", "worker__first_name", "pk")
    )
    # One contract per worker (the first, should two overlap).
    by_worker: dict[int, Employment] = {}
    for employment in employments:
        by_worker.setdefault(employment.worker_id, employment)
    employments = list(by_worker.values())
    if not employments or not hours:
        return []
    quarters = hours * 4
    if quarters != quarters.to_integral_value():
        raise ValidationError({"hours": _("Use quarter hours: ,25 ,5 or ,75 (for example 3,5).")})
    if MonthLock.objects.filter(
        association_id=order.association_id, month=day.replace(day=1)
    ).exists():
        raise ValidationError(
            {
                "hours": _(
                    "The month of the day is locked: add the hours as late hours in the week "
                    "grid, then mark the order done with the field left empty."
                )
            }
        )
    share, extra = divmod(int(quarters), len(employments))
    entries = []
    for index, employment in enumerate(employments):
        amount = Decimal(share + (1 if index < extra else 0)) / 4
        if not amount:
            continue
        if amount > MAX_HOURS_PER_DAY:
            raise ValidationError(
                {
                    "hours": _(
                        "%(worker)s would get %(hours)s on one day, more than the daily "
                        "maximum. Check the hours."
                    )
                    % {"worker": employment.worker, "hours": hours_text(amount)}
                }
            )
        entry = WorkEntry(
            employment=employment,
            work_date=day,
            task=Task.SERVICE_ORDER,
            service_order=order,
            hours=amount.quantize(Decimal("0.01")),
            created_by=actor,
        )
        entry.full_clean(exclude=["employment", "created_by", "service_order"])
        entries.append(entry)
    created = WorkEntry.objects.bulk_create(entries)
    week_start = monday_of(day)
    sheet, _created = WeekSheet.objects.get_or_create(
        association_id=order.association_id, week_start=week_start
    )
    # Open grids of the week see the new cells (their own cells merge as usual).
    WeekSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1)
    refresh_sheets(order.association, day, day)
    record_bulk(
        actor=actor,
        model=WorkEntry,
        rows=[
            {
                "pk": entry.pk,
                "repr": str(entry),
                "action": AuditAction.CREATE,
                "changes": {**diff({}, snapshot(entry, ENTRY_FIELDS)), "source": [None, "order"]},
            }
            for entry in created
        ],
        municipality_id=order.association.village.municipality_id,
    )
    return created
