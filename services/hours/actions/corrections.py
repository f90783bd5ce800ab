"""Corrections of locked months: amendments and late hours, and their approval."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import diff, record, snapshot
from ryhma.models import AuditAction
from services.hours.actions.sheets import ENTRY_FIELDS
from services.hours.models.entries import OPEN_STATUSES, order_id_of
from services.hours.rollups import refresh_monthly_hours
from services.models import EntryStatus, MonthLock, ServiceOrder, Task, WorkEntry
from workers.models import Employment


@transaction.atomic
def amend_entry(
    *, entry: WorkEntry, hours: Decimal, reason: str, note: str = "", actor
) -> WorkEntry:
    """Correct hours of a locked month: a new row linked to the original, to be approved."""
    reason = reason.strip()
    if entry.status != EntryStatus.LOCKED or not entry.is_current:
        raise ValidationError(_("Only the current hours of a locked month are amended."))
    if not reason:
        raise ValidationError({"reason": _("Write why the locked hours are corrected.")})
    original = entry.amends or entry
    if WorkEntry.objects.filter(amends=original, status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("A correction of these hours is already waiting for approval."))
    amendment = WorkEntry(
        employment=entry.employment,
        work_date=entry.work_date,
        task=entry.task,
        service_order_id=entry.service_order_id,
        hours=hours,
        note=note,
        reason=reason,
        amends=original,
        status=EntryStatus.SUBMITTED,
        is_current=False,
        created_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=amendment,
        changes=diff(
            {"hours": str(entry.hours)},
            {"hours": str(hours), "reason": reason, "amends": original.pk},
        ),
        municipality_id=entry.employment.association.village.municipality_id,
    )
    return amendment


@transaction.atomic
def add_late_entry(
    *,
    employment: Employment,
    work_date: datetime.date,
    task: str,
    hours: Decimal,
    reason: str,
    note: str = "",
    actor,
) -> WorkEntry:
    """Hours forgotten from a locked month: a correction row of its own, with a reason, that
    counts once the coordinator approves it (like an amendment). `task` is a grid row key:
    an own-work task or a service order ("order-<id>")."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the hours are added to a locked month.")})
    if hours <= 0:
        raise ValidationError({"hours": _("Write the hours worked, more than 0.")})
    month = work_date.replace(day=1)
    if not MonthLock.objects.filter(association=employment.association, month=month).exists():
        raise ValidationError(_("The month is not locked: enter the hours in the week grid."))
    if not employment.is_active_on(work_date):
        raise ValidationError(_("The day is outside the employment contract."))
    if work_date > timezone.localdate():
        raise ValidationError(_("The day has not come yet: add hours once they are worked."))
    order_id = order_id_of(task)
    if (
        order_id is not None
        and not ServiceOrder.objects.filter(
            pk=order_id, association_id=employment.association_id
        ).exists()
    ):
        raise ValidationError(_("The service order is not one of the association's."))
    entry = WorkEntry(
        employment=employment,
        work_date=work_date,
        task=Task.SERVICE_ORDER if order_id else task,
        service_order_id=order_id,
        hours=hours,
        note=note,
        reason=reason,
        status=EntryStatus.SUBMITTED,
        is_current=False,
        created_by=actor,
    )
    entry.full_clean()
    entry.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=entry,
        changes=diff({}, snapshot(entry, ENTRY_FIELDS)),
        municipality_id=employment.association.village.municipality_id,
    )
    return entry


@transaction.atomic
def approve_amendment(*, amendment: WorkEntry, actor) -> WorkEntry:
    """The correction becomes the current, locked row; the row it replaces stops counting."""
    if not amendment.reason or amendment.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("This correction is not waiting for approval."))
    original = amendment.amends
    if original is not None:
        WorkEntry.objects.filter(Q(pk=original.pk) | Q(amends=original), is_current=True).update(
            is_current=False
        )
    amendment.status = EntryStatus.LOCKED
    amendment.is_current = True
    amendment.approved_by = actor
    amendment.approved_at = timezone.now()
    amendment.save(update_fields=["status", "is_current", "approved_by", "approved_at"])
    refresh_monthly_hours(
        employments=Employment.objects.filter(pk=amendment.employment_id),
        first=amendment.work_date,
        last=amendment.work_date,
    )
    record(
        actor=actor,
        action=AuditAction.STATUS,
        instance=amendment,
        changes={
            "status": ["submitted", "locked"],
            "replaces": [None, original.pk if original else None],
        },
        municipality_id=amendment.employment.association.village.municipality_id,
    )
    return amendment


@transaction.atomic
def reject_amendment(*, amendment: WorkEntry, comment: str, actor) -> None:
    """Turn a correction down: the row is removed, the audit trail keeps it and why."""
    if not amendment.reason or amendment.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("This correction is not waiting for approval."))
    if not comment.strip():
        raise ValidationError({"comment": _("Write why the correction is turned down.")})
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=amendment,
        changes={**diff(snapshot(amendment, ENTRY_FIELDS), {}), "comment": [None, comment]},
        municipality_id=amendment.employment.association.village.municipality_id,
    )
    amendment.delete()
