"""A week's and a month's way to approval: submitting, approving, returning, locking."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import record, record_bulk
from ryhma.dates import month_bounds
from ryhma.models import AuditAction
from services.hours.actions.sheets import refresh_sheets
from services.hours.models.entries import EDITABLE_STATUSES
from services.hours.rollups import refresh_monthly_hours
from services.hours.selectors.crew import crew_employments, week_entries, worked_until
from services.hours.weeks import DAY, monday_of
from services.models import EntryStatus, MonthLock, SheetStatus, WeekSheet


def _sheet_for(association, week_start):
    sheet, _created = WeekSheet.objects.get_or_create(
        association=association, week_start=week_start
    )
    return sheet


def _set_status(entries, status, *, actor=None, approve=False) -> int:
    changes = {"status": status}
    if approve:
        changes.update(approved_by=actor, approved_at=timezone.now())
    return entries.update(**changes)


def _move_week(
    sheet: WeekSheet, *, actor, entries_from, entries_to, comment: str = "", **sheet_fields
) -> WeekSheet:
    """Move the week's entries up to today from one status to another, update the sheet
    and audit it. Without `status` in `sheet_fields` the status follows from its entries.
    """
    before = sheet.status
    if entries_from == [EntryStatus.SUBMITTED] and before != SheetStatus.SUBMITTED:
        raise ValidationError(_("The week is not waiting for approval (any more)."))
    entries = week_entries(sheet.association, sheet.week_start, worked_until(sheet.week_end))
    _set_status(
        entries.filter(status__in=entries_from),
        entries_to,
        actor=actor,
        approve=entries_to == EntryStatus.APPROVED,
    )
    WeekSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1, **sheet_fields)
    if "status" not in sheet_fields:
        refresh_sheets(sheet.association, sheet.week_start, sheet.week_end)
    sheet.refresh_from_db()
    changes: dict[str, list[str | None]] = {"status": [before, sheet.status]}
    if comment:
        changes["comment"] = [None, comment]
    record(
        actor=actor,
        action=AuditAction.STATUS,
        instance=sheet,
        changes=changes,
        municipality_id=sheet.association.village.municipality_id,
    )
    return sheet


@transaction.atomic
def submit_week(*, association, week_start: datetime.date, actor) -> WeekSheet:
    """Village staff send the week's entered (or returned) hours up to today to the
    coordinator; hours planned for days still to come stay in the grid."""
    if week_start > timezone.localdate():
        raise ValidationError(
            _(
                "The week has not started yet: its hours can be planned and saved, and sent "
                "for approval once the days have been worked."
            )
        )
    return _move_week(
        _sheet_for(association, week_start),
        actor=actor,
        entries_from=EDITABLE_STATUSES,
        entries_to=EntryStatus.SUBMITTED,
        status=SheetStatus.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
        return_comment="",
    )


@transaction.atomic
def submit_month(*, association, month: datetime.date, actor) -> int:
    """Submit every entered hour of the month up to today; returns how many entries were
    submitted (hours planned for days still to come stay entered)."""
    first, last = month_bounds(month.year, month.month)
    last = worked_until(last)
    if last < first:
        return 0
    for week_start in {monday_of(first) + DAY * 7 * n for n in range(6)}:
        if week_start <= last:
            _sheet_for(association, week_start)
    count = _set_status(
        week_entries(association, first, last).filter(status__in=EDITABLE_STATUSES),
        EntryStatus.SUBMITTED,
    )
    sheets = refresh_sheets(association, first, last)
    if not count:
        return count
    now = timezone.now()
    WeekSheet.objects.filter(
        pk__in=[sheet.pk for sheet in sheets], status=SheetStatus.SUBMITTED
    ).update(submitted_by=actor, submitted_at=now, return_comment="")
    record_bulk(
        actor=actor,
        model=WeekSheet,
        rows=[
            {
                "pk": sheet.pk,
                "repr": str(sheet),
                "action": AuditAction.STATUS,
                "changes": {"month": [None, f"{month:%Y-%m}"], "status": [None, sheet.status]},
            }
            for sheet in sheets
        ],
        municipality_id=association.village.municipality_id,
    )
    return count


@transaction.atomic
def approve_week(*, sheet: WeekSheet, actor) -> WeekSheet:
    """The coordinator approves the week's submitted hours."""
    sheet = _move_week(
        sheet,
        actor=actor,
        entries_from=[EntryStatus.SUBMITTED],
        entries_to=EntryStatus.APPROVED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    refresh_monthly_hours(
        employments=crew_employments(sheet.association, sheet.week_start, sheet.week_end),
        first=sheet.week_start,
        last=sheet.week_end,
    )
    return sheet


@transaction.atomic
def return_week(*, sheet: WeekSheet, comment: str, actor) -> WeekSheet:
    """The coordinator sends the week back to village staff with a comment."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Write what needs correcting so that village staff can fix it.")}
        )
    return _move_week(
        sheet,
        actor=actor,
        entries_from=[EntryStatus.SUBMITTED],
        entries_to=EntryStatus.RETURNED,
        comment=comment,
        status=SheetStatus.RETURNED,
        return_comment=comment,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def lock_month(*, association, month: datetime.date, actor) -> MonthLock:
    """Approve the month's submitted hours and lock the month.

    Refused while hours of the month are still entered or returned (not submitted).
    """
    first, last = month_bounds(month.year, month.month)
    if MonthLock.objects.filter(association=association, month=first).exists():
        raise ValidationError(_("The month is already locked."))
    if last > timezone.localdate():
        raise ValidationError(
            _("The month is not over yet: lock it once its last day has been worked.")
        )
    entries = week_entries(association, first, last)
    if entries.filter(status__in=EDITABLE_STATUSES).exists():
        raise ValidationError(
            _(
                "Some hours of the month have not been submitted yet. Ask village staff to "
                "submit them, or return the weeks, before locking the month."
            )
        )
    _set_status(
        entries.filter(status=EntryStatus.SUBMITTED),
        EntryStatus.APPROVED,
        actor=actor,
        approve=True,
    )
    count = _set_status(entries.filter(status=EntryStatus.APPROVED), EntryStatus.LOCKED)
    refresh_monthly_hours(
        employments=crew_employments(association, first, last), first=first, last=last
    )
    lock = MonthLock(association=association, month=first, locked_by=actor)
    lock.full_clean()
    lock.save()
    refresh_sheets(association, first, last)
    record(
        actor=actor,
        action=AuditAction.STATUS,
        instance=lock,
        changes={"status": [None, "locked"], "entries": [None, count]},
        municipality_id=association.village.municipality_id,
    )
    return lock
