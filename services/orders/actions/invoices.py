"""Invoicing a month's done orders."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import record
from ryhma.dates import month_bounds
from ryhma.models import AuditAction
from ryhma.saving import record_read
from services.models import Invoice, InvoiceLine, InvoicingProfile, OrderStatus, ServiceOrder, Unit
from services.orders.invoicing import reference_number
from villages.models import Association
from workers.money import money


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
def create_month_invoices(
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
            municipality_id=association.village.municipality_id,
        )
    return invoices


def record_invoice_export(*, instance, association, filename: str, actor) -> None:
    """An invoice file names customers and what they bought: every download is an event
    (`instance`: the invoice, or the association for a month's invoices)."""
    record_read(
        instance,
        actor=actor,
        action=AuditAction.EXPORT,
        changes={"export": [None, filename]},
        municipality_id=association.village.municipality_id,
    )
