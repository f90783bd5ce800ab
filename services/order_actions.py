"""Writes of the service-order side: catalogue, customers, orders, recurrence, invoices.

(Kept apart from the hours actions so the two areas can grow without colliding.)
Every function is keyword-only, runs in a transaction and validates before saving.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import diff, record, snapshot
from ryhma.concurrency import save_versioned
from ryhma.dates import add_months, month_bounds
from ryhma.models import AuditAction
from services.actions import log_order_hours
from services.invoicing import reference_number
from services.models import (
    OPEN_ORDER_STATUSES,
    Customer,
    Invoice,
    InvoiceLine,
    InvoicingProfile,
    OrderSource,
    OrderStatus,
    Recurrence,
    Service,
    ServiceOrder,
    Unit,
)
from services.models.orders import CUSTOMER_FIELDS, SERVICE_FIELDS
from villages.models import Association
from workers.models import Worker
from workers.money import money


def _municipality_id(association: Association) -> int:
    return association.village.municipality_id


def _check_village(customer: Customer) -> None:
    if customer.village.municipality_id != customer.association.village.municipality_id:
        raise ValidationError({"village": _("Choose a village of the association's municipality.")})


def _create_recorded(instance, *, fields: list[str], actor, check=None):
    instance.full_clean()
    if check:
        check(instance)
    instance.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        changes=diff({}, snapshot(instance, fields)),
        municipality_id=_municipality_id(instance.association),
    )
    return instance


def _update_recorded(
    instance,
    *,
    expected_version: int,
    actor,
    fields: list[str],
    changes: dict,
    also_saved=(),
    check=None,
    before: dict,
):
    instance.full_clean()
    if check:
        check(instance)
    save_versioned(instance, expected_version=expected_version, fields=[*changes, *also_saved])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        changes=diff(before, snapshot(instance, fields)),
        municipality_id=_municipality_id(instance.association),
    )
    return instance


@transaction.atomic
def customer_create(*, association: Association, actor, **fields) -> Customer:
    customer = Customer(association=association, **fields)
    if customer.consent_to_contact:
        customer.consent_recorded_at = timezone.now()
    return _create_recorded(customer, fields=CUSTOMER_FIELDS, actor=actor, check=_check_village)


@transaction.atomic
def customer_update(*, customer: Customer, expected_version: int, actor, **fields) -> Customer:
    """Save the edited fields unless someone else saved first (StaleEditError)."""
    before = snapshot(customer, CUSTOMER_FIELDS)
    had_consent = customer.consent_to_contact
    for name, value in fields.items():
        setattr(customer, name, value)
    if customer.consent_to_contact and not had_consent:
        customer.consent_recorded_at = timezone.now()
    if not customer.consent_to_contact:
        customer.consent_recorded_at = None
    return _update_recorded(
        customer,
        expected_version=expected_version,
        actor=actor,
        fields=CUSTOMER_FIELDS,
        changes=fields,
        also_saved=["consent_recorded_at"],
        check=_check_village,
        before=before,
    )


@transaction.atomic
def service_create(*, association: Association, actor, **fields) -> Service:
    return _create_recorded(
        Service(association=association, **fields), fields=SERVICE_FIELDS, actor=actor
    )


@transaction.atomic
def service_update(*, service: Service, expected_version: int, actor, **fields) -> Service:
    """Change the catalogue entry. Invoices already made keep the price they copied."""
    before = snapshot(service, SERVICE_FIELDS)
    for name, value in fields.items():
        setattr(service, name, value)
    return _update_recorded(
        service,
        expected_version=expected_version,
        actor=actor,
        fields=SERVICE_FIELDS,
        changes=fields,
        before=before,
    )


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


def _order_record(order: ServiceOrder, *, actor, action=AuditAction.STATUS, changes=None):
    record(
        actor=actor,
        action=action,
        instance=order,
        changes=changes or {},
        municipality_id=_municipality_id(order.association),
    )


@transaction.atomic
def order_create(
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
    _order_record(
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
def order_schedule(
    *, order: ServiceOrder, scheduled_on: datetime.date, expected_version: int, actor
) -> ServiceOrder:
    _require_status(order, OPEN_ORDER_STATUSES, _("Only an open order can be scheduled."))
    before = snapshot(order, ["status", "scheduled_on"])
    order.scheduled_on = scheduled_on
    if order.status == OrderStatus.REQUESTED:
        order.status = OrderStatus.SCHEDULED
    save_versioned(order, expected_version=expected_version, fields=["scheduled_on", "status"])
    _order_record(
        order,
        actor=actor,
        changes=diff(before, snapshot(order, ["status", "scheduled_on"])),
    )
    return order


@transaction.atomic
def order_assign(
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
    _order_record(
        order,
        actor=actor,
        changes={
            "workers": [before, sorted(w.pk for w in workers)],
            "status": [None, order.status],
        },
    )
    return order


@transaction.atomic
def order_complete(
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
    _order_record(order, actor=actor, changes=diff(before, snapshot(order)))
    return order


@transaction.atomic
def order_record_feedback(
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
    _order_record(
        order,
        actor=actor,
        action=AuditAction.UPDATE,
        changes=diff(before, snapshot(order, ["feedback_rating", "feedback_comment", "complaint"])),
    )
    return order


@transaction.atomic
def order_cancel(*, order: ServiceOrder, reason: str, expected_version: int, actor) -> ServiceOrder:
    _require_status(order, OPEN_ORDER_STATUSES, _("Only an open order can be cancelled."))
    before = order.status
    order.status = OrderStatus.CANCELLED
    order.cancel_reason = reason
    order.full_clean()
    save_versioned(order, expected_version=expected_version, fields=["status", "cancel_reason"])
    _order_record(order, actor=actor, changes={"status": [before, order.status]})
    return order


def occurrence_dates(order: ServiceOrder, until: datetime.date) -> list[datetime.date]:
    """The dates of a recurring order from its first date up to `until` (inclusive)."""
    if not order.recurrence or not order.scheduled_on:
        return []
    end = min(until, order.recurrence_until) if order.recurrence_until else until
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
def recurring_generate(*, association: Association, until: datetime.date, actor) -> int:
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
        municipality_id=_municipality_id(association),
    )
    return len(created)


def _take_invoice_number(association: Association) -> int:
    """The association's next invoice number, under a row lock on its counter."""
    InvoicingProfile.objects.get_or_create(association=association)
    profile = InvoicingProfile.objects.select_for_update().get(association=association)
    number = profile.next_number
    InvoicingProfile.objects.filter(pk=profile.pk).update(next_number=number + 1)
    return number


def _lines_for(order: ServiceOrder) -> list[InvoiceLine]:
    """Copy the current catalogue price onto the invoice: later changes do not touch it."""
    service = order.service
    units = order.units if order.units is not None else Decimal("1")
    travel = money(service.travel_charge)
    amount = money(units * service.price + travel)
    lines = [
        InvoiceLine(
            order=order,
            description=str(service),
            performed_on=order.completed_on,
            units=units,
            unit=service.unit,
            unit_price=service.price,
            travel=travel,
            amount=amount,
            tax_credit_eligible=service.tax_credit_eligible,
        )
    ]
    if order.materials_cost:
        cost = money(order.materials_cost)
        lines.append(
            InvoiceLine(
                order=order,
                description=(_("Materials: %(what)s") % {"what": order.materials})[:200]
                if order.materials
                else _("Materials"),
                performed_on=order.completed_on,
                units=Decimal("1"),
                unit=Unit.PIECE,
                unit_price=cost,
                travel=Decimal("0"),
                amount=cost,
                tax_credit_eligible=False,
            )
        )
    return lines


@transaction.atomic
def invoices_create_for_month(
    *,
    association: Association,
    year: int,
    month: int,
    actor,
    issued_on: datetime.date | None = None,
) -> list[Invoice]:
    """One invoice per customer for the month's done, sold orders not yet invoiced.

    Running it again invoices only orders completed since: invoiced orders change status,
    so nothing is invoiced twice.
    """
    start, end = month_bounds(year, month)
    issued_on = issued_on or timezone.localdate()
    profile, _created = InvoicingProfile.objects.get_or_create(association=association)
    orders = (
        ServiceOrder.objects.select_for_update(of=("self",))
        .filter(
            association=association,
            status=OrderStatus.DONE,
            completed_on__range=(start, end),
            service__is_own_work=False,
        )
        .select_related("service", "customer")
        .order_by("customer_id", "completed_on", "pk")
    )
    by_customer: dict[int, list[ServiceOrder]] = defaultdict(list)
    for order in orders:
        by_customer[order.customer_id].append(order)
    invoices = []
    for customer_orders in by_customer.values():
        customer = customer_orders[0].customer
        number = _take_invoice_number(association)
        lines = [line for order in customer_orders for line in _lines_for(order)]
        address = ", ".join(
            part
            for part in (customer.address, f"{customer.postal_code} {customer.post_office}".strip())
            if part
        )
        invoice = Invoice(
            association=association,
            customer=customer,
            number=number,
            reference=reference_number(f"{issued_on.year}{number:04d}"),
            period_start=start,
            period_end=end,
            issued_on=issued_on,
            due_on=issued_on + datetime.timedelta(days=profile.payment_term_days),
            total=money(sum((line.amount for line in lines), Decimal("0"))),
            labour_share=money(
                sum((line.amount for line in lines if line.tax_credit_eligible), Decimal("0"))
            ),
            customer_name=customer.name,
            customer_address=address,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        invoice.full_clean()
        invoice.save()
        for position, line in enumerate(lines, start=1):
            line.invoice = invoice
            line.position = position
        InvoiceLine.objects.bulk_create(lines)
        ServiceOrder.objects.filter(pk__in=[o.pk for o in customer_orders]).update(
            status=OrderStatus.INVOICED, version=F("version") + 1
        )
        invoices.append(invoice)
    if invoices:
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=association,
            changes={
                "invoices": [i.number for i in invoices],
                "period": start.isoformat(),
            },
            municipality_id=_municipality_id(association),
        )
    return invoices


@transaction.atomic
def public_request_submit(
    *,
    association: Association,
    name: str,
    phone: str,
    email: str,
    address: str,
    village,
    service: Service,
    description: str,
    preferred_date: datetime.date | None,
    aged_65_plus: bool,
    holiday_home: bool,
) -> ServiceOrder:
    """A villager's request from the public form: the customer (with consent) and the order.

    A customer with the same name and phone in the association is reused, so that one
    household does not become many customers.
    """
    customer = Customer.objects.filter(
        association=association, name__iexact=name.strip(), phone=phone.strip()
    ).first()
    if customer is None:
        customer = customer_create(
            association=association,
            actor=None,
            name=name.strip(),
            phone=phone.strip(),
            email=email,
            address=address,
            village=village,
            aged_65_plus=aged_65_plus,
            holiday_home=holiday_home,
            consent_to_contact=True,
        )
    return order_create(
        association=association,
        customer=customer,
        service=service,
        actor=None,
        source=OrderSource.PUBLIC_FORM,
        description=description,
        preferred_date=preferred_date,
    )
