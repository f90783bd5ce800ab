"""A service order's way from request to done: creating, scheduling, assigning,
completing, feedback, cancelling."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import diff, record, snapshot
from ryhma.concurrency import save_versioned
from ryhma.models import AuditAction
from services.hours.actions.order_hours import log_order_hours
from services.models import (
    OPEN_ORDER_STATUSES,
    Customer,
    OrderSource,
    OrderStatus,
    Recurrence,
    Service,
    ServiceOrder,
    Unit,
)
from villages.models import Association
from workers.models import Worker


def _check_order_belongs(order: ServiceOrder) -> None:
    errors = {}
    if order.customer.association_id != order.association_id:
        errors["customer"] = _("Choose a customer of this association.")
    if order.service.association_id != order.association_id:
        errors["service"] = _("Choose a service from this association's catalogue.")
    if order.recurrence and order.recurrence_until and order.scheduled_on:
        if order.recurrence_until < order.scheduled_on:
            errors["recurrence_until"] = _("The repeat end must be on or after the first date.")
    if order.recurrence and not order.scheduled_on:
        errors["scheduled_on"] = _("A recurring order needs its first date.")
    if errors:
        raise ValidationError(errors)


def _record_order(order: ServiceOrder, *, actor, action=AuditAction.STATUS, changes=None):
    record(
        actor=actor,
        action=action,
        instance=order,
        changes=changes or {},
        municipality_id=order.association.village.municipality_id,
    )


@transaction.atomic
def create_order(
    *,
    association: Association,
    customer: Customer,
    service: Service,
    actor,
    source: str = OrderSource.PHONE,
    description: str = "",
    requested_on: datetime.date | None = None,
    preferred_date: datetime.date | None = None,
    scheduled_on: datetime.date | None = None,
    recurrence: str = Recurrence.NONE,
    recurrence_until: datetime.date | None = None,
) -> ServiceOrder:
    order = ServiceOrder(
        association=association,
        customer=customer,
        service=service,
        source=source,
        description=description,
        requested_on=requested_on or timezone.localdate(),
        preferred_date=preferred_date,
        scheduled_on=scheduled_on,
        recurrence=recurrence,
        recurrence_until=recurrence_until,
        status=OrderStatus.SCHEDULED if scheduled_on else OrderStatus.REQUESTED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    order.full_clean()
    _check_order_belongs(order)
    order.save()
    _record_order(
        order,
        actor=actor,
        action=AuditAction.CREATE,
        changes={"status": [None, order.status], "source": [None, order.source]},
    )
    return order


def _require_status(order: ServiceOrder, allowed, message: str) -> None:
    if order.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def schedule_order(
    *, order: ServiceOrder, scheduled_on: datetime.date, expected_version: int, actor
) -> ServiceOrder:
    _require_status(order, OPEN_ORDER_STATUSES, _("Only an open order can be scheduled."))
    before = snapshot(order, ["status", "scheduled_on"])
    order.scheduled_on = scheduled_on
    if order.status == OrderStatus.REQUESTED:
        order.status = OrderStatus.SCHEDULED
    save_versioned(order, expected_version=expected_version, fields=["scheduled_on", "status"])
    _record_order(
        order,
        actor=actor,
        changes=diff(before, snapshot(order, ["status", "scheduled_on"])),
    )
    return order


@transaction.atomic
def assign_order(
    *, order: ServiceOrder, workers: Iterable[Worker], expected_version: int, actor
) -> ServiceOrder:
    """Set the crew. Workers must have a contract with the association on the day."""
    workers = list(workers)
    _require_status(order, OPEN_ORDER_STATUSES, _("Only an open order can be assigned."))
    if not order.scheduled_on:
        raise ValidationError(_("Schedule the order before assigning workers."))
    allowed = set(
        Worker.objects.filter(
            employments__association=order.association,
            employments__starts_on__lte=order.scheduled_on,
        )
        .exclude(employments__ends_on__lt=order.scheduled_on)
        .values_list("pk", flat=True)
    )
    outside = [w for w in workers if w.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "workers": _("%(names)s has no contract with the association on the scheduled day.")
                % {"names": ", ".join(str(w) for w in outside)}
            }
        )
    before = sorted(order.workers.values_list("pk", flat=True))
    order.status = OrderStatus.ASSIGNED if workers else OrderStatus.SCHEDULED
    save_versioned(order, expected_version=expected_version, fields=["status"])
    order.workers.set(workers)
    _record_order(
        order,
        actor=actor,
        changes={
            "workers": [before, sorted(w.pk for w in workers)],
            "status": [None, order.status],
        },
    )
    return order


@transaction.atomic
def complete_order(
    *,
    order: ServiceOrder,
    completed_on: datetime.date,
    hours: Decimal | None,
    units: Decimal | None,
    expected_version: int,
    actor,
    materials: str = "",
    materials_cost: Decimal | None = None,
    feedback_rating: int | None = None,
    feedback_comment: str = "",
    complaint: str = "",
) -> ServiceOrder:
    """Mark the order done with what was used and what the customer said.

    Without `hours`, the hours logged against the order in the crew grid are used.
    """
    _require_status(order, OPEN_ORDER_STATUSES, _("Only an open order can be marked done."))
    if order.recurrence and order.recurrence_parent_id is None and order.occurrences.exists():
        raise ValidationError(_("Mark the occurrences of a recurring order done one by one."))
    logged = order.work_entries.current().aggregate(total=Sum("hours"))["total"]
    if logged is not None:
        # The crew grid already holds the order's hours: they are the one record of them.
        if hours is not None and hours != logged:
            raise ValidationError(
                {
                    "hours": _(
                        "The crew grid already has %(hours)s on this order. Change the hours "
                        "in the week grid, or leave this field empty."
                    )
                    % {"hours": f"{logged.normalize():f}".replace(".", ",") + " h"}
                }
            )
        hours = logged
    elif hours:
        # Typed here, the hours become the crew's work entries of the day (not a second copy).
        log_order_hours(order=order, day=completed_on, hours=hours, actor=actor)
    if units is None:
        units = Decimal("1") if order.service.unit != Unit.HOUR else hours
    if units is None:
        raise ValidationError({"units": _("Enter the hours worked or the units to invoice.")})
    before = snapshot(order)
    order.status = OrderStatus.DONE
    order.completed_on = completed_on
    order.hours = hours
    order.units = units
    order.materials = materials
    order.materials_cost = materials_cost or Decimal("0")
    order.feedback_rating = feedback_rating
    order.feedback_comment = feedback_comment
    order.complaint = complaint
    order.full_clean()
    fields = [
        "status",
        "completed_on",
        "hours",
        "units",
        "materials",
        "materials_cost",
        "feedback_rating",
        "feedback_comment",
        "complaint",
    ]
    save_versioned(order, expected_version=expected_version, fields=fields)
    _record_order(order, actor=actor, changes=diff(before, snapshot(order)))
    return order


@transaction.atomic
def record_order_feedback(
    *,
    order: ServiceOrder,
    feedback_rating: int | None,
    feedback_comment: str,
    complaint: str,
    expected_version: int,
    actor,
) -> ServiceOrder:
    """Feedback and complaints often come after the work (and after the invoice)."""
    _require_status(
        order,
        (OrderStatus.DONE, OrderStatus.INVOICED),
        _("Feedback can be recorded once the order is done."),
    )
    before = snapshot(order, ["feedback_rating", "feedback_comment", "complaint"])
    order.feedback_rating = feedback_rating
    order.feedback_comment = feedback_comment
    order.complaint = complaint
    order.full_clean()
    save_versioned(
        order,
        expected_version=expected_version,
        fields=["feedback_rating", "feedback_comment", "complaint"],
    )
    _record_order(
        order,
        actor=actor,
        action=AuditAction.UPDATE,
        changes=diff(before, snapshot(order, ["feedback_rating", "feedback_comment", "complaint"])),
    )
    return order


@transaction.atomic
def cancel_order(*, order: ServiceOrder, reason: str, expected_version: int, actor) -> ServiceOrder:
    _require_status(order, OPEN_ORDER_STATUSES, _("Only an open order can be cancelled."))
    before = order.status
    order.status = OrderStatus.CANCELLED
    order.cancel_reason = reason
    order.full_clean()
    save_versioned(order, expected_version=expected_version, fields=["status", "cancel_reason"])
    _record_order(order, actor=actor, changes={"status": [before, order.status]})
    return order
