"""Reads of the service orders: lists, the week agenda, the public form's associations.

Each function runs a constant number of queries whatever the number of rows."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum

from services.models import OPEN_ORDER_STATUSES, Customer, Recurrence, Service, ServiceOrder
from villages.models import Association


def publicly_offered(association_ref="pk"):
    """Whether an association takes requests through its public form: it offers at least
    one active service that is not its own work (else the form answers 404)."""
    return Exists(
        Service.objects.filter(
            association=OuterRef(association_ref), is_active=True, is_own_work=False
        )
    )


def takes_public_requests(association) -> bool:
    return Association.objects.filter(pk=association.pk).filter(publicly_offered()).exists()


def associations_for_orders(user):
    """(pk, name, public form open) of the user's associations, for the order list's links."""
    return (
        Association.objects.for_user(user)
        .annotate(public_form=publicly_offered())
        .order_by("name")
        .values_list("pk", "name", "public_form")
    )


def orders_for_list(user, *, status: str = "", association_id: int | None = None):
    """The user's orders for the list page with the columns the rows show (page them,
    then add the workers' names with `with_worker_names`)."""
    orders = (
        ServiceOrder.objects.for_user(user)
        .select_related("customer__village", "service")
        .only(
            "status",
            "requested_on",
            "scheduled_on",
            "recurrence",
            "customer__name",
            "customer__aged_65_plus",
            "customer__village__name",
            "service__name",
            "service__kind",
        )
    )
    if status == "open":
        orders = orders.filter(status__in=OPEN_ORDER_STATUSES)
    elif status:
        orders = orders.filter(status=status)
    if association_id:
        orders = orders.filter(association_id=association_id)
    return orders.order_by("-requested_on", "-id")


def with_worker_names(orders) -> list:
    """`orders` (a page of them) with `worker_names`, the assigned workers' names in name
    order: one query of names, not a worker row and a related manager for every order."""
    orders = list(orders)
    names = defaultdict(list)
    for order_id, first_name, last_name in (
        ServiceOrder.workers.through.objects.filter(serviceorder_id__in=[o.pk for o in orders])
        .order_by("worker__last_name", "worker__first_name", "worker_id")
        .values_list("serviceorder_id", "worker__first_name", "worker__last_name")
    ):
        names[order_id].append(f"{first_name} {last_name}".strip())
    for order in orders:
        order.worker_names = names[order.pk]
    return orders


def order_logged_hours(order) -> Decimal | None:
    """Hours logged against the order in the crew grid (current rows), None if none."""
    return order.work_entries.current().aggregate(total=Sum("hours"))["total"]


def customers_for_list(user, *, search: str = ""):
    """The user's customers with the columns the list shows."""
    customers = (
        Customer.objects.for_user(user)
        .select_related("village", "association")
        .only(
            "name",
            "phone",
            "kind",
            "aged_65_plus",
            "holiday_home",
            "village__name",
            "association__name",
        )
    )
    if search:
        customers = customers.filter(Q(name__icontains=search) | Q(phone__icontains=search))
    return customers.order_by("name", "id")


def catalogue(association: Association):
    return Service.objects.filter(association=association).order_by("-is_active", "kind", "name")


@dataclass
class AgendaDay:
    day: datetime.date
    orders: list = field(default_factory=list)


def week_agenda(association: Association, monday: datetime.date) -> list[AgendaDay]:
    """The association's scheduled work of the ISO week starting on `monday`, by day.

    Recurring patterns are not listed themselves: their generated occurrences are.
    """
    sunday = monday + datetime.timedelta(days=6)
    days = [AgendaDay(monday + datetime.timedelta(days=i)) for i in range(7)]
    orders = (
        ServiceOrder.objects.filter(association=association, scheduled_on__range=(monday, sunday))
        .exclude(recurrence_parent__isnull=True, recurrence__in=_repeating())
        .exclude(status="cancelled")
        .select_related("customer__village", "service", "association")
        .order_by("scheduled_on", "customer__name", "id")
    )
    # The workers by a subquery of the same orders, not a prefetch: a prefetch is skipped
    # for a week without orders, and the page's query count must not depend on the data.
    assignments = (
        ServiceOrder.workers.through.objects.filter(serviceorder__in=orders.values("pk"))
        .select_related("worker")
        .order_by("worker__last_name", "worker__first_name", "worker_id")
    )
    workers_by_order = defaultdict(list)
    for assignment in assignments:
        workers_by_order[assignment.serviceorder_id].append(assignment.worker)
    for order in orders:
        order.assigned_workers = workers_by_order[order.pk]
        days[(order.scheduled_on - monday).days].orders.append(order)
    return days


def _repeating() -> list[str]:
    return [r for r in Recurrence.values if r]
