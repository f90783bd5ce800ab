"""Saving the week grid: the crew's hours of one week, merged cell by cell."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import diff, record_bulk, snapshot
from ryhma.concurrency import StaleEditError, save_versioned
from ryhma.models import AuditAction
from services.hours.actions.sheets import ENTRY_FIELDS, refresh_sheets
from services.hours.actions.week_checks import WeekInvalid, check_week, is_unchanged
from services.hours.models.entries import order_id_of
from services.hours.selectors.crew import WeekForSave, week_for_save, week_orders
from services.hours.weeks import week_days
from services.models import SheetStatus, Task, WeekSheet, WorkEntry


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
    read: WeekForSave | None = None,
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

    `read`: the week as `week_for_save` read it earlier in this transaction (the page
    reads it to tell the posted cells); without it the save reads it itself.
    """
    notes = notes or {}
    days = week_days(week_start)
    first, last = days[0], days[-1]
    # The sheet locked for the transaction (PostgreSQL): two saves of one week merge one
    # after the other, each with what the other wrote.
    if read is None:
        read = week_for_save(association, week_start)
    current, employments, existing = read.sheet, read.employments, read.existing
    if current is not None and token and current.last_token == token:
        return WeekSaved(sheet=current, repeated=True)
    if current is not None and current.version != expected_version:
        if original is None:
            raise StaleEditError(current)
        expected_version = current.version
    conflicts = []
    if original is not None:
        values, notes, conflicts = _merge_cells(values, notes, original, existing)
    orders = week_orders(association, values)
    problem = check_week(
        orders=orders,
        employments=employments,
        existing=existing,
        values=values,
        notes=notes,
        locked=read.locked,
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
        if current is None:
            # The first send of this token created the week since it was read above.
            current = WeekSheet.objects.get(association=association, week_start=week_start)
        return WeekSaved(sheet=current, repeated=True)

    to_create, to_update, to_delete, audit_rows = [], [], [], []
    now = timezone.now()
    for key, value in values.items():
        entry = existing.get(key)
        if is_unchanged(entry, value, notes.get(key)):
            continue
        if entry is None:
            # An empty new cell is unchanged, or refused by check_week with its note.
            assert value is not None
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
        refresh_sheets(association, first, last)
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
        field = cast(Field, WorkEntry._meta.get_field(name))
        return Cast(RawSQL(f"CASE {id_column} {whens} END", params), output_field=field)

    for start in range(0, len(entries), size):
        batch = entries[start : start + size]
        WorkEntry.objects.filter(pk__in=[e.pk for e in batch]).update(
            **{name: by_id(batch, name) for name in fields},
            updated_at=batch[0].updated_at,
        )
