"""Requests sent through an association's public order form."""

import datetime

from django.db import transaction

from services.models import Customer, OrderSource, Service, ServiceOrder
from services.orders.actions.customers import create_customer
from services.orders.actions.orders import create_order
from villages.models import Association


@transaction.atomic
def submit_public_request(
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
        customer = create_customer(
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
    return create_order(
        association=association,
        customer=customer,
        service=service,
        actor=None,
        source=OrderSource.PUBLIC_FORM,
        description=description,
        preferred_date=preferred_date,
    )
