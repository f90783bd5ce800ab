"""Recurring orders: their dates and the occurrences generated from them."""

import datetime
from collections import defaultdict

from django.db import transaction

from ryhma.audit import record
from ryhma.dates import add_months
from ryhma.models import AuditAction
from services.models import OPEN_ORDER_STATUSES, OrderSource, OrderStatus, Recurrence, ServiceOrder
from villages.models import Association


def occurrence_dates(order: ServiceOrder, until: datetime.date) -> list[datetime.date]:
    """The dates of a recurring order from its first date up to `until` (inclusive)."""
    if not order.recurrence or not order.scheduled_on:
        return []
    end = min(until, order.recurrence_until) if order.recurrence_until else until
    dates: list[datetime.date]
    dates, step = [], 0
    while True:
        if order.recurrence == Recurrence.MONTHLY:
            day = add_months(order.scheduled_on, step)
        else:
            weeks = 1 if order.recurrence == Recurrence.WEEKLY else 2
            day = order.scheduled_on + datetime.timedelta(weeks=weeks * step)
        if day > end:
            return dates
        dates.append(day)
        step += 1


@transaction.atomic
def generate_recurring_orders(*, association: Association, until: datetime.date, actor) -> int:
    """Create the missing occurrences of the association's recurring orders up to `until`.

    Idempotent: an occurrence exists at most once per date (a database constraint),
    and dates already generated are skipped. Returns how many were created.
    """
    patterns = list(
        ServiceOrder.objects.filter(
            association=association,
            recurrence_parent__isnull=True,
            status__in=OPEN_ORDER_STATUSES,
        )
        .exclude(recurrence=Recurrence.NONE)
        .prefetch_related("workers")
    )
    existing = defaultdict(set)
    for parent_id, day in ServiceOrder.objects.filter(recurrence_parent__in=patterns).values_list(
        "recurrence_parent_id", "scheduled_on"
    ):
        existing[parent_id].add(day)
    new_orders = []
    crews = []
    for pattern in patterns:
        for day in occurrence_dates(pattern, until):
            if day in existing[pattern.pk]:
                continue
            crew = list(pattern.workers.all())
            new_orders.append(
                ServiceOrder(
                    association=association,
                    customer_id=pattern.customer_id,
                    service_id=pattern.service_id,
                    source=OrderSource.RECURRING,
                    description=pattern.description,
                    requested_on=pattern.requested_on,
                    scheduled_on=day,
                    recurrence_parent=pattern,
                    status=OrderStatus.ASSIGNED if crew else OrderStatus.SCHEDULED,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            )
            crews.append(crew)
    if not new_orders:
        return 0
    created = ServiceOrder.objects.bulk_create(new_orders)
    through = ServiceOrder.workers.through
    through.objects.bulk_create(
        through(serviceorder_id=order.pk, worker_id=worker.pk)
        for order, crew in zip(created, crews, strict=True)
        for worker in crew
    )
    record(
        actor=actor,
        action=AuditAction.BULK,
        instance=association,
        changes={"occurrences_created": len(created), "until": until.isoformat()},
        municipality_id=association.village.municipality_id,
    )
    return len(created)
