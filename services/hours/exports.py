"""Payroll and detail exports of a month's approved hours, as CSV for Finnish Excel and XLSX.

The files are written by ryhma.exports: semicolons, decimal commas, UTF-8 with a byte-order
mark, and text cells that a spreadsheet would run as a formula neutralised.
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ryhma.dates import month_bounds
from ryhma.exports import finnish_csv, finnish_number, safe_row
from services.models import EntryStatus, Task, WorkEntry
from workers.money import money


@dataclass
class Table:
    headers: list[str]
    rows: list[list]


def _approved_entries(association, month: datetime.date):
    first, last = month_bounds(month.year, month.month)
    return (
        WorkEntry.objects.approved()
        .between(first, last)
        .filter(employment__association=association)
        .select_related("employment__worker")
        .order_by("employment__worker__last_name", "employment__worker__first_name", "work_date")
    )


def payroll_table(association, month: datetime.date) -> Table:
    """One row per worker: hours, working days, hours by task, wage and gross pay."""
    tasks = Task.choices
    per_worker: dict[int, dict] = {}
    for entry in _approved_entries(association, month):
        worker = entry.employment.worker
        row = per_worker.setdefault(
            worker.pk,
            {
                "worker": worker,
                "days": set(),
                "tasks": defaultdict(Decimal),
                "by_employment": defaultdict(Decimal),
                "wages": {},
            },
        )
        if entry.hours > 0:
            row["days"].add(entry.work_date)
        row["tasks"][entry.task] += entry.hours
        row["by_employment"][entry.employment_id] += entry.hours
        row["wages"][entry.employment_id] = entry.employment.hourly_wage
    headers = [
        _("Last name"),
        _("First name"),
        _("Hours in total"),
        _("Working days"),
        *[str(label) for _value, label in tasks],
        _("Hourly wage (€)"),
        _("Gross pay (€)"),
    ]
    rows = []
    for row in per_worker.values():
        wages = sorted(set(row["wages"].values()))
        gross = sum(
            (money(hours * row["wages"][e]) for e, hours in row["by_employment"].items()),
            Decimal("0.00"),
        )
        rows.append(
            [
                row["worker"].last_name,
                row["worker"].first_name,
                sum(row["tasks"].values(), Decimal("0")),
                len(row["days"]),
                *[row["tasks"].get(value, Decimal("0")) for value, _label in tasks],
                wages[0] if len(wages) == 1 else " / ".join(finnish_number(w) for w in wages),
                gross,
            ]
        )
    return Table(headers, rows)


def detail_table(association, month: datetime.date) -> Table:
    """One row per approved entry, corrections with their reason."""
    headers = [
        _("Date"),
        _("Last name"),
        _("First name"),
        _("Task"),
        _("Hours"),
        _("Status"),
        _("Note"),
        _("Reason for the correction"),
    ]
    rows = [
        [
            entry.work_date,
            entry.employment.worker.last_name,
            entry.employment.worker.first_name,
            entry.get_task_display(),
            entry.hours,
            EntryStatus(entry.status).label,
            entry.note,
            entry.reason,
        ]
        for entry in _approved_entries(association, month)
    ]
    return Table(headers, rows)


def to_csv(table: Table) -> bytes:
    return finnish_csv([table.headers, *table.rows]).encode("utf-8")


def to_xlsx(table: Table, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = title[:31]
    sheet.append(safe_row(table.headers))
    for row in table.rows:
        sheet.append(safe_row(row))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "d.m.yyyy"
            elif isinstance(cell.value, Decimal | float):
                cell.number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
