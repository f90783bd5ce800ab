"""Writes of the association's customers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import snapshot
from ryhma.saving import save_recorded
from services.models import Customer
from services.orders.models import CUSTOMER_FIELDS
from villages.models import Association


def _check_village(customer: Customer) -> None:
    if customer.village.municipality_id != customer.association.village.municipality_id:
        raise ValidationError({"village": _("Choose a village of the association's municipality.")})


@transaction.atomic
def create_customer(*, association: Association, actor, **fields) -> Customer:
    customer = Customer(association=association, **fields)
    if customer.consent_to_contact:
        customer.consent_recorded_at = timezone.now()
    return save_recorded(customer, fields=CUSTOMER_FIELDS, actor=actor, check=_check_village)


@transaction.atomic
def update_customer(*, customer: Customer, expected_version: int, actor, **fields) -> Customer:
    """Save the edited fields unless someone else saved first (StaleEditError)."""
    before = snapshot(customer, CUSTOMER_FIELDS)
    had_consent = customer.consent_to_contact
    for name, value in fields.items():
        setattr(customer, name, value)
    if customer.consent_to_contact and not had_consent:
        customer.consent_recorded_at = timezone.now()
    if not customer.consent_to_contact:
        customer.consent_recorded_at = None
    return save_recorded(
        customer,
        expected_version=expected_version,
        actor=actor,
        fields=CUSTOMER_FIELDS,
        written=[*fields, "consent_recorded_at"],
        check=_check_village,
        before=before,
    )
