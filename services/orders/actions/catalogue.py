"""Writes of the association's service catalogue."""

from django.db import transaction

from ryhma.audit import snapshot
from ryhma.saving import save_recorded
from services.models import Service
from services.orders.models import SERVICE_FIELDS
from villages.models import Association


@transaction.atomic
def create_service(*, association: Association, actor, **fields) -> Service:
    return save_recorded(
        Service(association=association, **fields), fields=SERVICE_FIELDS, actor=actor
    )


@transaction.atomic
def update_service(*, service: Service, expected_version: int, actor, **fields) -> Service:
    """Change the catalogue entry. Invoices already made keep the price they copied."""
    before = snapshot(service, SERVICE_FIELDS)
    for name, value in fields.items():
        setattr(service, name, value)
    return save_recorded(
        service,
        expected_version=expected_version,
        actor=actor,
        fields=SERVICE_FIELDS,
        written=fields,
        before=before,
    )
