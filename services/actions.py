"""Writes on work hours: saving a week, submitting, approving, returning, locking, amending.

Every function is keyword-only and atomic, audits what it changes, and runs a constant
number of queries whatever the crew size (bulk writes, one read per table). Those that
change which hours count (approvals, locks, corrections) refresh the monthly roll-up of
approved hours (`services.rollups`) in the same transaction.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ryhma.audit import diff, record, record_bulk, snapshot
from ryhma.concurrency import StaleEditError, save_versioned
from ryhma.dates import month_bounds
from ryhma.models import AuditAction
from ryhma.templatetags.ryhma_tags import hours as hours_filter
from services.models import (
    EntryStatus,
    MonthLock,
    OrderStatus,
    ServiceOrder,
    SheetStatus,
    SyncedSave,
    Task,
    WeekSheet,
    WorkEntry,
)
from services.models.hours import (
    EDITABLE_STATUSES,
    MAX_HOURS_PER_DAY,
    OPEN_STATUSES,
    order_id_of,
)
from services.rollups import refresh_monthly_hours
from services.weeks import DAY, monday_of, months_between, week_days
from workers.models import Employment

ENTRY_FIELDS = [
    "employment_id",
    "work_date",
    "hours",
    "task",
    "service_order_id",
    "note",
    "status",
    "reason",
]


def hours_text(value: Decimal) -> str:
    """7.5 -> '7,5 h' in Finnish and Swedish, '7.5 h' in English: one format per language,
    the same the grid's totals use."""
    return hours_filter(value)


def day_label(day: datetime.date) -> str:
    return date_format(day, "D j.n.")


@dataclass
class WeekInvalid(Exception):
    """What is wrong with a week's values, per cell (field name) and for the whole week.

    `needs_confirmation` lists the workers whose week goes over their contract hours:
    allowed, but only when the user confirms.
    """

    cell_errors: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    needs_confirmation: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CellConflict:
    """A cell that both the user and someone else changed since the user's form was
    loaded: nothing of the user's was written to it, the other person's value stays."""

    key: tuple[int, str, datetime.date]
    mine: Decimal | None
    mine_note: str | None
    theirs: Decimal | None
    theirs_note: str


@dataclass
class WeekSaved:
    sheet: WeekSheet
    created: int = 0
    updated: int = 0
    deleted: int = 0
    repeated: bool = False
    conflicts: list[CellConflict] = field(default_factory=list)


def cell_name(employment_id: int, task: str, day: datetime.date) -> str:
    return f"c-{employment_id}-{task}-{day:%Y%m%d}"


def locked_months(association, first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(
        MonthLock.objects.filter(
            association=association, month__in=months_between(first, last)
        ).values_list("month", flat=True)
    )


def crew_employments(association, first: datetime.date, last: datetime.date):
    return (
        Employment.objects.filter(association=association)
        .overlapping(first, last)
        .select_related("worker")
    )


def _week_entries(association, first: datetime.date, last: datetime.date):
    """Entries of the week grid in the period (not corrections, which carry a reason): what
    submitting and approving move."""
    return WorkEntry.objects.filter(
        employment__association=association, amends__isnull=True, reason=""
    ).between(first, last)


def current_entries(association, first: datetime.date, last: datetime.date):
    """The rows that count in the period, approved amendments in place of what they replace."""
    return (
        WorkEntry.objects.filter(employment__association=association)
        .current()
        .between(first, last)
        .select_related("employment__worker")
    )


def _refresh_sheets(association, first: datetime.date, last: datetime.date, *, actor=None):
    """Set the status of the week sheets in [first, last] from their entries' statuses.

    Hours on days still to come are plans: they are not sent or approved, so they do not
    decide the week's status either."""
    start = monday_of(first)
    statuses: dict[datetime.date, set[str]] = defaultdict(set)
    rows = (
        current_entries(association, start, min(last + DAY * 6, timezone.localdate()))
        .select_related(None)
        .values_list("work_date", "status")
    )
    for work_date, status in rows:
        statuses[monday_of(work_date)].add(status)
    sheets = list(
        WeekSheet.objects.filter(association=association, week_start__range=(start, last))
    )
    changed = []
    for sheet in sheets:
        found = statuses.get(sheet.week_start, set())
        if EntryStatus.RETURNED in found:
            status = SheetStatus.RETURNED
        elif EntryStatus.ENTERED in found:
            status = SheetStatus.OPEN
        elif EntryStatus.SUBMITTED in found:
            status = SheetStatus.SUBMITTED
        elif found:
            status = SheetStatus.APPROVED
        else:
            status = sheet.status if sheet.status == SheetStatus.SUBMITTED else SheetStatus.OPEN
        if status != sheet.status:
            sheet.status = status
            sheet.version += 1
            changed.append(sheet)
    if changed:
        WeekSheet.objects.bulk_update(changed, ["status", "version"])
    return sheets


def _unchanged(entry: WorkEntry | None, value: Decimal | None, note: str | None) -> bool:
    if (entry.hours if entry else None) != value:
        return False
    return note is None or (entry.note if entry else "") == note


def _week_orders(association, values) -> set[int]:
    """The association's service orders named by the grid's rows (one query)."""
    wanted = {order_id_of(task) for _employment, task, _day in values} - {None}
    if not wanted:
        return set()
    return set(
        ServiceOrder.objects.filter(association=association, pk__in=wanted)
        .exclude(status=OrderStatus.CANCELLED)
        .values_list("pk", flat=True)
    )


TASKS = frozenset(Task.values)


def _cell_label(employment: Employment, day: datetime.date) -> str:
    """The worker and the day ("Aino Aaltonen, ma 2.3.") for a message about one cell."""
    return f"{employment.worker}, {day_label(day)}"


def _check_week(
    *,
    orders: set[int] = frozenset(),
    employments: dict[int, Employment],
    existing: dict[tuple[int, str, datetime.date], WorkEntry],
    values: dict[tuple[int, str, datetime.date], Decimal | None],
    notes: dict[tuple[int, str, datetime.date], str],
    locked: set[datetime.date],
    confirm_over_contract: bool,
    days: list[datetime.date],
) -> WeekInvalid:
    problem = WeekInvalid()
    day_totals: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    week_totals: dict[int, Decimal] = defaultdict(Decimal)
    changed: set[int] = set()
    for (employment_id, task, day), entry in existing.items():
        if (employment_id, task, day) not in values:
            day_totals[employment_id, day] += entry.hours
            week_totals[employment_id] += entry.hours
    for key, value in values.items():
        employment_id, task, day = key
        name = cell_name(*key)
        employment = employments.get(employment_id)
        known_task = task in TASKS or order_id_of(task) in orders
        if employment is None or day not in days or not known_task:
            problem.errors.append(_("A row of the form does not belong to this week's crew."))
            continue
        entry = existing.get(key)
        if value is not None:
            day_totals[employment_id, day] += value
            week_totals[employment_id] += value
        if _unchanged(entry, value, notes.get(key)):
            continue
        changed.add(employment_id)
        if value is None and notes.get(key):
            problem.cell_errors[name] = _(
                "%(cell)s: a note needs hours on the day. Write the hours or remove the note."
            ) % {"cell": _cell_label(employment, day)}
        elif day.replace(day=1) in locked:
            problem.cell_errors[name] = _(
                "%(cell)s: the month is locked. Correct locked hours with an amendment."
            ) % {"cell": _cell_label(employment, day)}
        elif not employment.is_active_on(day):
            problem.cell_errors[name] = _(
                "%(cell)s: the day is outside the employment contract. Leave the cell empty."
            ) % {"cell": _cell_label(employment, day)}
        elif entry is not None and entry.status not in EDITABLE_STATUSES:
            problem.cell_errors[name] = _(
                "%(cell)s: the hours are already %(status)s and cannot be changed here."
            ) % {"cell": _cell_label(employment, day), "status": entry.get_status_display().lower()}
        elif value is not None and not Decimal("0") < value <= MAX_HOURS_PER_DAY:
            problem.cell_errors[name] = _(
                "%(cell)s: hours must be more than 0 and at most %(max)s. Leave the cell "
                "empty for a day off."
            ) % {"cell": _cell_label(employment, day), "max": hours_text(MAX_HOURS_PER_DAY)}
    for (employment_id, day), total in day_totals.items():
        if total > MAX_HOURS_PER_DAY:
            employment = employments[employment_id]
            for task in [k[1] for k in values if (k[0], k[2]) == (employment_id, day)]:
                name = cell_name(employment_id, task, day)
                if name not in problem.cell_errors:
                    problem.cell_errors[name] = _(
                        "%(cell)s: the day's hours add up to %(total)s, more than the daily "
                        "maximum of %(max)s. Lower the hours of the day."
                    ) % {
                        "cell": f"{employment.worker}, {day_label(day)}",
                        "total": hours_text(total),
                        "max": hours_text(MAX_HOURS_PER_DAY),
                    }
    if not confirm_over_contract:
        # Only the workers whose hours change now: a week confirmed earlier stays confirmed.
        for employment_id, total in week_totals.items():
            employment = employments[employment_id]
            if employment_id in changed and total > employment.hours_per_week:
                problem.needs_confirmation.append(
                    _(
                        "%(worker)s: %(total)s this week, more than the contract's %(contract)s "
                        "a week."
                    )
                    % {
                        "worker": employment.worker,
                        "total": hours_text(total),
                        "contract": hours_text(employment.hours_per_week),
                    }
                )
    return problem


def _claim_sheet(
    *, sheet: WeekSheet | None, association, week_start, expected_version: int, token: str, actor
):
    """The week's sheet (`sheet`, as read earlier in the transaction, or a new one) with its
    version bumped, or StaleEditError; None for a repeated POST.

    The versioned UPDATE decides: when someone else saved after `sheet` was read, it
    matches no row (on PostgreSQL it first waits for their transaction)."""
    now = timezone.now()
    if sheet is None:
        try:
            with transaction.atomic():
                return WeekSheet.objects.create(
                    association=association,
                    week_start=week_start,
                    last_token=token,
                    updated_by=actor,
                    updated_at=now,
                )
        except IntegrityError:
            current = WeekSheet.objects.get(association=association, week_start=week_start)
            if token and current.last_token == token:
                return None
            raise StaleEditError(current) from None
    if sheet.status == SheetStatus.SUBMITTED:
        raise WeekInvalid(errors=[_("The week is waiting for approval and cannot be changed now.")])
    sheet.last_token, sheet.updated_by, sheet.updated_at = token, actor, now
    try:
        save_versioned(
            sheet,
            expected_version=expected_version,
            fields=["last_token", "updated_by", "updated_at"],
        )
    except StaleEditError as error:
        if token and error.current.last_token == token:
            return None
        raise
    return sheet


def _merge_cells(values, notes, original, existing):
    """Keep only the cells the user changed since the form was loaded (`original`: key ->
    (hours, note) as the form showed them), and of those only the ones nobody else changed
    in the meantime; the rest are conflicts. Returns (values, notes, conflicts)."""
    merged_values, merged_notes, conflicts = {}, {}, []
    for key, value in values.items():
        note = notes.get(key)
        before = original.get(key)
        if before is not None:
            before_hours, before_note = before
            if value == before_hours and (note is None or note == before_note):
                continue  # not touched by this user: whatever is stored stays
        entry = existing.get(key)
        stored = (entry.hours if entry else None, entry.note if entry else "")
        if before is not None and stored != before:
            if stored[0] == value and (note is None or stored[1] == note):
                continue  # both wrote the same thing
            conflicts.append(
                CellConflict(
                    key=key, mine=value, mine_note=note, theirs=stored[0], theirs_note=stored[1]
                )
            )
            continue
        merged_values[key] = value
        if note is not None:
            merged_notes[key] = note
    return merged_values, merged_notes, conflicts


@transaction.atomic
def save_week(
    *,
    association,
    week_start: datetime.date,
    values: dict[tuple[int, str, datetime.date], Decimal | None],
    expected_version: int,
    token: str,
    actor,
    notes: dict[tuple[int, str, datetime.date], str] | None = None,
    confirm_over_contract: bool = False,
    original: dict[tuple[int, str, datetime.date], tuple[Decimal | None, str]] | None = None,
) -> WeekSaved:
    """Write the crew's hours for one week in a constant number of queries.

    `values` maps (employment id, task, day) to hours, None for an emptied cell; cells not
    in it are left alone. `notes` maps the same keys to the entry's note (absent: kept).
    The same `token` posted twice writes once.

    With `original` (what each cell held when the form was loaded) the save is merged
    cell by cell: cells the user did not change are not written, cells someone else
    changed meanwhile are written only if this user left them alone, and a cell both
    changed keeps the other's value and comes back in `WeekSaved.conflicts`. Without it,
    the whole week is the unit: StaleEditError when someone else saved the week after
    `expected_version` was read. Raises WeekInvalid when nothing was written.
    """
    notes = notes or {}
    days = week_days(week_start)
    first, last = days[0], days[-1]
    # Locked for the transaction (PostgreSQL): two saves of one week merge one after the other.
    current = (
        WeekSheet.objects.select_for_update()
        .filter(association=association, week_start=week_start)
        .first()
    )
    if current is not None and token and current.last_token == token:
        return WeekSaved(sheet=current, repeated=True)
    if current is not None and current.version != expected_version:
        if original is None:
            raise StaleEditError(current)
        expected_version = current.version
    employments = {e.pk: e for e in crew_employments(association, first, last)}
    existing = {}
    for entry in current_entries(association, first, last).select_related(None):
        # An entry's date lies inside its contract (a database rule), so its contract is
        # one of the crew's read above, with the worker that the audit names.
        if entry.employment_id in employments:
            entry.employment = employments[entry.employment_id]
        existing[entry.employment_id, entry.row_task, entry.work_date] = entry
    conflicts = []
    if original is not None:
        values, notes, conflicts = _merge_cells(values, notes, original, existing)
    orders = _week_orders(association, values)
    problem = _check_week(
        orders=orders,
        employments=employments,
        existing=existing,
        values=values,
        notes=notes,
        locked=locked_months(association, first, last),
        confirm_over_contract=confirm_over_contract,
        days=days,
    )
    if problem.cell_errors or problem.errors or problem.needs_confirmation:
        raise problem

    sheet = _claim_sheet(
        sheet=current,
        association=association,
        week_start=week_start,
        expected_version=expected_version,
        token=token,
        actor=actor,
    )
    if sheet is None:
        return WeekSaved(sheet=current, repeated=True)

    to_create, to_update, to_delete, audit_rows = [], [], [], []
    now = timezone.now()
    for key, value in values.items():
        entry = existing.get(key)
        if _unchanged(entry, value, notes.get(key)):
            continue
        if entry is None:
            employment_id, task, day = key
            order_id = order_id_of(task)
            entry = WorkEntry(
                employment=employments[employment_id],
                work_date=day,
                task=Task.SERVICE_ORDER if order_id else task,
                service_order_id=order_id,
                hours=value,
                note=notes.get(key, ""),
                created_by=actor,
            )
            # The employment was loaded from the association's crew above; checking the
            # foreign keys again would cost a query per row. Constraints are the database's.
            entry.full_clean(
                exclude=["employment", "created_by", "service_order"], validate_constraints=False
            )
            to_create.append(entry)
        elif value is None:
            to_delete.append(entry)
            audit_rows.append(
                {
                    "pk": entry.pk,
                    "repr": str(entry),
                    "action": AuditAction.DELETE,
                    "changes": diff(snapshot(entry, ENTRY_FIELDS), {}),
                }
            )
        else:
            before = snapshot(entry, ENTRY_FIELDS)
            entry.hours = value
            entry.note = notes.get(key, entry.note)
            entry.version += 1
            entry.updated_at = now
            to_update.append(entry)
            audit_rows.append(
                {
                    "pk": entry.pk,
                    "repr": str(entry),
                    "action": AuditAction.UPDATE,
                    "changes": diff(before, snapshot(entry, ENTRY_FIELDS)),
                }
            )
    created = WorkEntry.objects.bulk_create(to_create)
    audit_rows += [
        {
            "pk": entry.pk,
            "repr": str(entry),
            "action": AuditAction.CREATE,
            "changes": diff({}, snapshot(entry, ENTRY_FIELDS)),
        }
        for entry in created
    ]
    if to_update:
        _update_entries(to_update)
    if to_delete:
        WorkEntry.objects.filter(pk__in=[e.pk for e in to_delete]).delete()
    if audit_rows:
        record_bulk(
            actor=actor,
            model=WorkEntry,
            rows=audit_rows,
            municipality_id=association.village.municipality_id,
        )
    if to_create or to_delete:
        _refresh_sheets(association, first, last)
        sheet.refresh_from_db(fields=["status", "version"])
    return WeekSaved(
        sheet=sheet,
        created=len(created),
        updated=len(to_update),
        deleted=len(to_delete),
        conflicts=conflicts,
    )


def _update_entries(entries: list[WorkEntry]) -> None:
    """Write the hours, note, version and time of `entries` in one UPDATE (on SQLite, one
    per 140 entries: it takes 999 parameters a statement).

    `bulk_update` writes the same statement but builds a CASE expression object for every
    row and field: for a crew's week (150 cells) that took longer than all the rest of
    the save. Here each CASE is written once, as SQL with parameters.
    """
    quote = connection.ops.quote_name
    id_column = f"{quote(WorkEntry._meta.db_table)}.{quote(WorkEntry._meta.pk.column)}"
    fields = ("hours", "note", "version")
    # Two parameters per field and one for the id list per entry, one for the time.
    limit = connection.features.max_query_params
    size = (limit - 1) // (2 * len(fields) + 1) if limit else max(len(entries), 1)

    def by_id(batch, name: str):
        whens = " ".join("WHEN %s THEN %s" for _entry in batch)
        params = [value for e in batch for value in (e.pk, getattr(e, name))]
        field = WorkEntry._meta.get_field(name)
        return Cast(RawSQL(f"CASE {id_column} {whens} END", params), output_field=field)

    for start in range(0, len(entries), size):
        batch = entries[start : start + size]
        WorkEntry.objects.filter(pk__in=[e.pk for e in batch]).update(
            **{name: by_id(batch, name) for name in fields},
            updated_at=batch[0].updated_at,
        )


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


def worked_until(last: datetime.date) -> datetime.date:
    """The last day of a period whose hours can be sent, approved, paid or claimed: today
    at the latest (hours on days still to come are plans)."""
    return min(last, timezone.localdate())


def _move_week(
    sheet: WeekSheet, *, actor, entries_from, entries_to, comment: str = "", **sheet_fields
) -> WeekSheet:
    """Move the week's entries up to today from one status to another, update the sheet
    and audit it. Without `status` in `sheet_fields` the status follows from its entries.
    """
    before = sheet.status
    if entries_from == [EntryStatus.SUBMITTED] and before != SheetStatus.SUBMITTED:
        raise ValidationError(_("The week is not waiting for approval (any more)."))
    entries = _week_entries(sheet.association, sheet.week_start, worked_until(sheet.week_end))
    _set_status(
        entries.filter(status__in=entries_from),
        entries_to,
        actor=actor,
        approve=entries_to == EntryStatus.APPROVED,
    )
    WeekSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1, **sheet_fields)
    if "status" not in sheet_fields:
        _refresh_sheets(sheet.association, sheet.week_start, sheet.week_end)
    sheet.refresh_from_db()
    changes = {"status": [before, sheet.status]}
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
        _week_entries(association, first, last).filter(status__in=EDITABLE_STATUSES),
        EntryStatus.SUBMITTED,
    )
    sheets = _refresh_sheets(association, first, last)
    if not count:
        return count
    now = timezone.now()
    WeekSheet.objects.filter(pk__in=[s.pk for s in sheets], status=SheetStatus.SUBMITTED).update(
        submitted_by=actor, submitted_at=now, return_comment=""
    )
    record_bulk(
        actor=actor,
        model=WeekSheet,
        rows=[
            {
                "pk": s.pk,
                "repr": str(s),
                "action": AuditAction.STATUS,
                "changes": {"month": [None, f"{month:%Y-%m}"], "status": [None, s.status]},
            }
            for s in sheets
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
    entries = _week_entries(association, first, last)
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
    _refresh_sheets(association, first, last)
    record(
        actor=actor,
        action=AuditAction.STATUS,
        instance=lock,
        changes={"status": [None, "locked"], "entries": [None, count]},
        municipality_id=association.village.municipality_id,
    )
    return lock


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


@transaction.atomic
def import_hours(*, association, rows, actor) -> list[WorkEntry]:
    """Write checked import rows (services.imports), all or nothing.

    The weeks touched get a new version, so a grid open in someone's browser cannot
    overwrite the imported hours without seeing them.
    """
    entries = []
    for row in rows:
        entry = WorkEntry(
            employment=row.employment,
            work_date=row.day,
            hours=row.hours,
            task=row.task,
            note=row.note,
            created_by=actor,
        )
        entry.full_clean(exclude=["employment", "created_by"], validate_constraints=False)
        entries.append(entry)
    created = WorkEntry.objects.bulk_create(entries)
    if not created:
        return created
    first = min(e.work_date for e in created)
    last = max(e.work_date for e in created)
    weeks = {monday_of(e.work_date) for e in created}
    existing = set(
        WeekSheet.objects.filter(association=association, week_start__in=weeks).values_list(
            "week_start", flat=True
        )
    )
    WeekSheet.objects.bulk_create(
        WeekSheet(association=association, week_start=week) for week in weeks - existing
    )
    WeekSheet.objects.filter(association=association, week_start__in=weeks).update(
        version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    _refresh_sheets(association, first, last)
    record_bulk(
        actor=actor,
        model=WorkEntry,
        rows=[
            {
                "pk": entry.pk,
                "repr": str(entry),
                "action": AuditAction.CREATE,
                "changes": {**diff({}, snapshot(entry, ENTRY_FIELDS)), "source": [None, "csv"]},
            }
            for entry in created
        ],
        municipality_id=association.village.municipality_id,
    )
    return created


# --- saves sent by the offline queue ------------------------------------------------------


@dataclass
class QueuedSave:
    """What a save sent by the offline queue did: `answer` as told to the first send
    (version, counts, conflicts); `repeated` when this send had been applied before."""

    answer: dict
    repeated: bool = False


def _queued_answer(saved: WeekSaved) -> dict:
    """A save's outcome as plain values, kept with its key for a repeated send."""
    conflicts = []
    if saved.conflicts:
        employments = Employment.objects.select_related("worker").in_bulk(
            {conflict.key[0] for conflict in saved.conflicts}
        )
        for conflict in saved.conflicts:
            employment_id, task, day = conflict.key
            conflicts.append(
                {
                    "cell": cell_name(employment_id, task, day),
                    "label": _cell_label(employments[employment_id], day),
                    "mine": "" if conflict.mine is None else hours_text(conflict.mine),
                    "mine_note": conflict.mine_note or "",
                    "theirs": "" if conflict.theirs is None else hours_text(conflict.theirs),
                    "theirs_note": conflict.theirs_note or "",
                }
            )
    return {
        "version": saved.sheet.version,
        "created": saved.created,
        "updated": saved.updated,
        "deleted": saved.deleted,
        "conflicts": conflicts,
    }


@transaction.atomic
def save_week_once(
    *, key: str, actor, association, week_start: datetime.date, **save
) -> QueuedSave:
    """`save_week` for a save kept in a browser's offline queue under its idempotency `key`:
    applied once however many times it is sent. The key is stored in the same transaction
    as the hours (a save refused with WeekInvalid stores nothing, so it can be sent again
    once corrected); a repeat gets the first send's answer and writes nothing."""
    previous = SyncedSave.objects.filter(user=actor, key=key).first()
    if previous is not None:
        return QueuedSave(answer=previous.answer, repeated=True)
    # The sheet's last token, as a form's: one user's key is not another's.
    token = f"{actor.pk}:{key}"[:64]
    saved = save_week(
        association=association, week_start=week_start, token=token, actor=actor, **save
    )
    answer = _queued_answer(saved)
    try:
        with transaction.atomic():
            SyncedSave.objects.create(user=actor, key=key, sheet=saved.sheet, answer=answer)
    except IntegrityError:
        # The same key sent twice at the same moment: the other send stored it first and
        # save_week saw its token (the sheet's row lock orders the two), so nothing was written.
        previous = SyncedSave.objects.get(user=actor, key=key)
        return QueuedSave(answer=previous.answer, repeated=True)
    return QueuedSave(answer=answer, repeated=saved.repeated)


def log_order_hours(*, order: ServiceOrder, day: datetime.date, hours: Decimal, actor):
    """Hours typed when an order is marked done become the crew's work entries on the day,
    shared in quarter hours among the order's workers with a contract at the association
    (the first ones get the remainder): one entry per hour of work, shown and edited in
    the week grid, counted once in payroll, claims and reports. Returns the entries (none
    when no worker of the crew is on the order: the hours stay the order's own)."""
    employments = list(
        Employment.objects.filter(
            association_id=order.association_id, worker__in=order.workers.all()
        )
        .overlapping(day, day)
        .select_related("worker")
        .order_by("worker__last_name", "worker__first_name", "pk")
    )
    # One contract per worker (the first, should two overlap).
    by_worker = {}
    for employment in employments:
        by_worker.setdefault(employment.worker_id, employment)
    employments = list(by_worker.values())
    if not employments or not hours:
        return []
    quarters = hours * 4
    if quarters != quarters.to_integral_value():
        raise ValidationError({"hours": _("Use quarter hours: ,25 ,5 or ,75 (for example 3,5).")})
    if MonthLock.objects.filter(
        association_id=order.association_id, month=day.replace(day=1)
    ).exists():
        raise ValidationError(
            {
                "hours": _(
                    "The month of the day is locked: add the hours as late hours in the week "
                    "grid, then mark the order done with the field left empty."
                )
            }
        )
    share, extra = divmod(int(quarters), len(employments))
    entries = []
    for index, employment in enumerate(employments):
        amount = Decimal(share + (1 if index < extra else 0)) / 4
        if not amount:
            continue
        if amount > MAX_HOURS_PER_DAY:
            raise ValidationError(
                {
                    "hours": _(
                        "%(worker)s would get %(hours)s on one day, more than the daily "
                        "maximum. Check the hours."
                    )
                    % {"worker": employment.worker, "hours": hours_text(amount)}
                }
            )
        entry = WorkEntry(
            employment=employment,
            work_date=day,
            task=Task.SERVICE_ORDER,
            service_order=order,
            hours=amount.quantize(Decimal("0.01")),
            created_by=actor,
        )
        entry.full_clean(exclude=["employment", "created_by", "service_order"])
        entries.append(entry)
    created = WorkEntry.objects.bulk_create(entries)
    week_start = monday_of(day)
    sheet, _created = WeekSheet.objects.get_or_create(
        association_id=order.association_id, week_start=week_start
    )
    # Open grids of the week see the new cells (their own cells merge as usual).
    WeekSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1)
    _refresh_sheets(order.association, day, day)
    record_bulk(
        actor=actor,
        model=WorkEntry,
        rows=[
            {
                "pk": entry.pk,
                "repr": str(entry),
                "action": AuditAction.CREATE,
                "changes": {**diff({}, snapshot(entry, ENTRY_FIELDS)), "source": [None, "order"]},
            }
            for entry in created
        ],
        municipality_id=order.association.village.municipality_id,
    )
    return created
