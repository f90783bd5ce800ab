"""Building the week grid from the crew, their hours and service orders, in five queries."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from ryhma import links
from ryhma.dates import holiday_name
from services.hours.models.entries import EDITABLE_STATUSES, order_id_of, order_row_task
from services.hours.selectors.crew import WeekForSave, crew_employments, locked_months
from services.hours.selectors.week_grid import GridCell, GridDay, GridRow, WeekGrid, decimal_text
from services.hours.weeks import week_days
from services.models import (
    DEFAULT_TASK,
    EntryStatus,
    OrderStatus,
    ServiceKind,
    ServiceOrder,
    Task,
    WeekSheet,
    WorkEntry,
)
from services.templatetags.hours_text import hours_text
from villages.models import Association

TASK_ORDER = {value: index for index, value in enumerate(Task.values)}


def _parse_number(text: str) -> Decimal | None:
    """A typed cell's number for the totals; None for text, NaN, infinity or absurd sizes
    (the cell itself says what is wrong with it)."""
    try:
        value = Decimal(text.replace(",", ".").strip()) if text.strip() else None
    except ArithmeticError:
        return None
    if value is None or not value.is_finite() or abs(value) > 1000:
        return None
    return value


@dataclass(frozen=True, slots=True)
class GridEntry:
    """The columns of a work entry that the grid shows."""

    pk: int
    employment_id: int
    task: str
    service_order_id: int | None
    work_date: datetime.date
    hours: Decimal
    status: str
    note: str

    @property
    def row_task(self) -> str:
        return order_row_task(self.service_order_id) if self.service_order_id else self.task


GRID_ENTRY_COLUMNS = tuple(f.name for f in fields(GridEntry))


def _grid_entries(association, first: datetime.date, last: datetime.date) -> dict:
    """The current entries of the week by (employment id, row task, day), as plain values:
    a city crew's week has hundreds, and model instances with their contract and worker
    cost more than the rest of the grid."""
    rows = (
        WorkEntry.objects.filter(employment__association=association)
        .current()
        .between(first, last)
        .order_by("pk")  # of two rows for one cell (not expected) the later one is shown
        .values_list(*GRID_ENTRY_COLUMNS)
    )
    entries = {}
    for row in rows:
        entry = GridEntry(*row)
        entries[entry.employment_id, entry.row_task, entry.work_date] = entry
    return entries


def build_week_grid(
    association: Association,
    week_start: datetime.date,
    *,
    extra_rows: Sequence[tuple[int, str]] = (),
    typed: dict[str, str] | None = None,
    today: datetime.date | None = None,
    read: WeekForSave | None = None,
) -> WeekGrid:
    """The association's crew for the week with their hours and service orders, in five queries.

    `typed` (field name -> text) overrides stored values, so a form shown again after an
    error keeps everything the user wrote (see also `apply_typed`); `extra_rows` adds
    (employment id, task) rows. With `read` (the week as a save read it, `week_for_save`)
    the grid shows that instead of reading the sheet, crew, entries and locks again: one
    query, the service orders.
    """
    today = today or timezone.localdate()
    days = [GridDay(day, holiday_name(day), day.weekday() >= 5) for day in week_days(week_start)]
    first, last = days[0].date, days[-1].date
    if read is None:
        sheet = WeekSheet.objects.filter(association=association, week_start=week_start).first()
        employments = list(crew_employments(association, first, last))
        entries = _grid_entries(association, first, last)
        locked = locked_months(association, first, last)
    else:
        sheet, employments, locked = read.sheet, list(read.employments.values()), read.locked
        entries = {
            key: GridEntry(*(getattr(entry, column) for column in GRID_ENTRY_COLUMNS))
            for key, entry in read.existing.items()
        }
    for index, day in enumerate(days):
        day.index = index
        day.locked = day.date.replace(day=1) in locked
        day.future = day.date > today
        day.classes = f"day-col day-{index}" + (
            " holiday" if day.holiday else " weekend" if day.is_weekend else ""
        )
        day.long = date_format(day.date, "l j.n.")
        day.short = date_format(day.date, "j.n.")
        day.weekday = date_format(day.date, "D")
    separator = get_format("DECIMAL_SEPARATOR")
    amend_url = links.url_maker("services:amend")
    add_late_url = links.url_maker("services:add_late", free=5)
    keys: set[tuple[int, str]] = {(e.pk, DEFAULT_TASK) for e in employments}
    keys |= {(employment_id, task) for employment_id, task, _day in entries}
    by_id = {e.pk: e for e in employments}
    orders = _grid_orders(association, first, last, employments, entries, extra_rows)
    keys |= orders.rows
    keys |= {
        (pk, task)
        for pk, task in extra_rows
        if pk in by_id and (task in TASK_ORDER or order_id_of(task) in orders.labels)
    }
    ordered = sorted(
        (k for k in keys if k[0] in by_id),
        key=lambda k: (
            by_id[k[0]].worker.last_name,
            by_id[k[0]].worker.first_name,
            k[0],
            k[1] != DEFAULT_TASK,
            TASK_ORDER.get(k[1], len(TASK_ORDER)),
            order_id_of(k[1]) or 0,
        ),
    )
    grid = WeekGrid(association, week_start, days, [], sheet, locked, separator=separator)
    labels = {**dict(Task.choices), **orders.labels_by_row}
    # Worked out once for the week, not once for each of the hundreds of cells.
    is_submitted = grid.is_submitted
    day_locked = [day.date.replace(day=1) in locked for day in days]
    day_codes = [f"{day.date:%Y%m%d}" for day in days]
    locked_text, no_contract_text = _("locked"), _("no contract")
    waiting_text = _("waiting for approval")
    status_texts = {value: str(label).lower() for value, label in EntryStatus.choices}
    seen: set[int] = set()
    note_word = _("Note")
    for employment_id, task in ordered:
        employment = by_id[employment_id]
        row = GridRow(
            key=f"{employment_id}:{task}",
            employment=employment,
            task=task,
            task_label=str(labels[task]),
            first_of_worker=employment_id not in seen,
            worker_name=str(employment.worker),
        )
        seen.add(employment_id)
        prefix = f"c-{employment_id}-{task}-"
        label = f"{row.worker_name}, {row.task_label}, "
        note_label = f"{note_word}: {row.worker_name}, "
        for index, day in enumerate(days):
            entry = entries.get((employment_id, task, day.date))
            if entry is None:
                cell = GridCell(prefix + day_codes[index], day, None, "", True)
            else:
                cell = GridCell(
                    prefix + day_codes[index],
                    day,
                    entry.hours,
                    decimal_text(entry.hours, separator),
                    True,
                    status=entry.status,
                    entry_id=entry.pk,
                    note=entry.note,
                    stored_note=entry.note,
                )
            if day_locked[index]:
                cell.editable, cell.why_not, cell.locked = False, locked_text, True
                cell.can_add_late = (
                    entry is None and employment.is_active_on(day.date) and not day.future
                )
                if cell.can_add_late:
                    date = day.date
                    cell.add_late_url = add_late_url(
                        employment_id, date.year, date.month, date.day, task
                    )
                elif entry is not None and entry.status == EntryStatus.LOCKED:
                    cell.amend_url = amend_url(entry.pk)
            elif not employment.is_active_on(day.date):
                cell.editable, cell.why_not = False, no_contract_text
            elif is_submitted:
                cell.editable, cell.why_not = False, waiting_text
            elif entry is not None and entry.status not in EDITABLE_STATUSES:
                cell.editable, cell.why_not = False, status_texts[entry.status]
            cell.label = label + day.long
            cell.note_label = note_label + day.long
            row.cells.append(cell)
        grid.rows.append(row)
    apply_typed(grid, typed)
    return grid


def for_display(grid: WeekGrid, *, can_edit: bool) -> WeekGrid:
    """Work out what each cell shows to this user, once here rather than by conditions
    repeated in the template for each of the hundreds of cells: inputs for the editable
    cells of a user who edits the grid; for the others, why they cannot be edited (unless
    the month is locked or the week waits for approval: the page says that once) and,
    for a user who edits the grid, the link to correct or add hours."""
    is_submitted = grid.is_submitted
    for row in grid.rows:
        for cell in row.cells:
            cell.input = can_edit and cell.editable
            cell.reason = "" if cell.locked or is_submitted else cell.why_not
            cell.has_link = can_edit and bool(cell.amend_url or cell.add_late_url)
    return grid


def apply_typed(grid: WeekGrid, typed: dict[str, str] | None) -> WeekGrid:
    """Show `typed` (field name -> text, as posted) in the grid's editable cells in place
    of the stored values, and work out the totals of what the cells show. No queries."""
    worker_totals: dict[int, Decimal] = defaultdict(Decimal)
    for day in grid.days:
        day.total = Decimal("0")
    for row in grid.rows:
        row.total = Decimal("0")
        for cell in row.cells:
            if typed is not None and cell.editable:
                cell.value = typed.get(cell.name, decimal_text(cell.stored, grid.separator))
                cell.note = typed.get(cell.note_name, cell.stored_note)
                cell.unsaved = cell.name in typed or cell.note_name in typed
            if not cell.value:
                continue
            number = _parse_number(cell.value)
            if number is not None:
                row.total += number
                cell.day.total += number
                worker_totals[row.employment.pk] += number
    texts: dict[Decimal, str] = {}

    def text(value: Decimal) -> str:
        # A crew's rows repeat a few values (0 h, the usual contracts): each formatted once.
        if value not in texts:
            texts[value] = hours_text(value)
        return texts[value]

    for row in grid.rows:
        row.worker_total = worker_totals[row.employment.pk]
        row.over_contract = row.worker_total > row.employment.hours_per_week
        row.total_text = text(row.total)
        row.worker_total_text = text(row.worker_total)
        row.contract_text = text(row.employment.hours_per_week)
    grid.total = sum((day.total for day in grid.days), Decimal("0"))
    return grid


@dataclass
class GridOrders:
    """Service orders with a row on the week grid: (employment, row key) and their labels."""

    rows: set = field(default_factory=set)
    labels: dict = field(default_factory=dict)

    @property
    def labels_by_row(self) -> dict:
        return {order_row_task(pk): label for pk, label in self.labels.items()}


def _grid_orders(association, first, last, employments, entries, extra_rows) -> GridOrders:
    """Rows for the week's service orders: each assigned worker of the crew gets a row for
    the order, as do orders that already have hours or were added by hand. One query.

    The week's orders are read along with the wanted ones so that the query runs whether
    or not the week has any (the page's query count does not depend on data), one row per
    assigned worker, as plain values (a crew's week can have dozens of orders).
    """
    by_worker = defaultdict(list)
    for employment in employments:
        by_worker[employment.worker_id].append(employment.pk)
    wanted = {order_id_of(task) for _e, task, _d in entries}
    wanted |= {order_id_of(task) for _e, task in extra_rows}
    wanted.discard(None)
    in_week = Q(scheduled_on__range=(first, last)) & ~Q(status=OrderStatus.CANCELLED)
    rows = (
        ServiceOrder.objects.filter(association=association)
        .filter(in_week | Q(pk__in=wanted))
        .values_list(
            "pk",
            "scheduled_on",
            "status",
            "workers",
            "service__name",
            "service__kind",
            "customer__name",
        )
        .order_by()
    )
    kinds = dict(ServiceKind.choices)
    result = GridOrders()
    for pk, scheduled_on, status, worker_id, service, kind, customer in rows:
        assigned = (
            worker_id in by_worker
            and scheduled_on is not None
            and first <= scheduled_on <= last
            and status != OrderStatus.CANCELLED
        )
        if assigned:
            for employment_id in by_worker[worker_id]:
                result.rows.add((employment_id, order_row_task(pk)))
        if assigned or pk in wanted:
            # As str(order.service) – str(order.customer) would name them.
            result.labels[pk] = f"{service or kinds.get(kind, kind)} – {customer}"
    return result
