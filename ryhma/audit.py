"""Recording the audit trail. Actions call `record`; nothing else writes AuditEvent."""

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from ryhma.models import AuditAction, AuditEvent


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of `instance` in JSON-friendly form."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    *,
    actor,
    action: str,
    instance: models.Model,
    changes: dict | None = None,
    municipality_id: int | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes or {},
        municipality_id=municipality_id,
    )


def delete_recorded(
    *, actor, instance: models.Model, municipality_id: int | None, changes: dict | None = None
) -> None:
    """Record the deletion (by default with the row's last values), then delete the row.

    Call inside the caller's transaction: a delete that the database refuses (a protected
    reference) rolls the record back with it.
    """
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        changes=snapshot(instance) if changes is None else changes,
        municipality_id=municipality_id,
    )
    instance.delete()


def record_bulk(*, actor, model: type[models.Model], rows: list[dict], municipality_id=None):
    """One event per changed row, written in a single INSERT."""
    content_type = ContentType.objects.get_for_model(model)
    # Worked out once: `actor` is often request.user, a lazy object that costs a call
    # through its wrapper for every attribute read, and there are hundreds of rows.
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_name = getattr(actor, "username", "") or ""
    events = [
        AuditEvent(
            actor_id=actor_id,
            actor_name=actor_name,
            action=row.get("action", AuditAction.BULK),
            content_type_id=content_type.pk,
            object_id=str(row["pk"]),
            object_repr=str(row.get("repr", ""))[:200],
            changes=row.get("changes", {}),
            municipality_id=municipality_id,
        )
        for row in rows
    ]
    return AuditEvent.objects.bulk_create(events)


logger = logging.getLogger(__name__)


def purge_expired(*, now: datetime | None = None) -> int:
    """Delete the events older than AUDIT_RETENTION_DAYS; returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _by_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
    logger.info("Deleted %d audit events older than %s", deleted, cutoff.isoformat())
    return deleted
