"""Reads of the services app: the hours pages (week grid, approval queue, home panels, month
views) and the service orders (lists, week agenda, community indicators).

Each function runs a constant number of queries whatever the number of workers or rows.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from ryhma import links
from ryhma.dates import holiday_name, is_working_day, month_bounds
from services.actions import crew_employments, current_entries, locked_months
from services.models import (
    DEFAULT_TASK,
    DONE_ORDER_STATUSES,
    OPEN_ORDER_STATUSES,
    Customer,
    EntryStatus,
    InvoiceLine,
    OrderStatus,
    Recurrence,
    Service,
    ServiceKind,
    ServiceOrder,
    SheetStatus,
    Task,
    WeekSheet,
    WorkEntry,
)
from services.models.hours import EDITABLE_STATUSES, order_id_of, order_row_task
from services.weeks import DAY, monday_of, week_days
from villages.models import Association

TASK_ORDER = {value: index for index, value in enumerate(Task.values)}


def decimal_text(value: Decimal | None, separator: str = ",") -> str:
    """7.50 -> '7,5' for an input the way Finns type it (or with the language's
    `separator`: '7.5' in English)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", separator)


@dataclass(slots=True)
class GridDay:
    date: datetime.date
    holiday: str | None
    is_weekend: bool
    total: Decimal = Decimal("0")
    locked: bool = False
    # A day still to come: its hours are a plan, saved but not sent or approved yet.
    future: bool = False
    # Worked out once a week for its hundreds of cells: CSS classes and labels.
    classes: str = ""
    index: int = 0
    long: str = ""
    short: str = ""


@dataclass(slots=True)
class GridCell:
    name: str
    day: GridDay
    stored: Decimal | None
    value: str
    editable: bool
    why_not: str = ""
    locked: bool = False
    can_add_late: bool = False
    status: str = ""
    entry_id: int | None = None
    error: str = ""
    theirs: str | None = None
    note: str = ""
    stored_note: str = ""
    theirs_note: str | None = None
    # What the user typed differs from what is stored: not saved (yet).
    unsaved: bool = False
    # A value of the user's that was not saved because someone else changed the cell.
    mine: str | None = None
    amend_url: str = ""
    add_late_url: str = ""
    # The labels that name the cell's inputs ("Aino Aaltonen, General village work, Monday 2.3.").
    label: str = ""
    note_label: str = ""
    # Shown as inputs (the user edits the grid and the cell is editable): see `for_display`.
    input: bool = False

    @property
    def note_name(self) -> str:
        return "n" + self.name[1:]

    # Worked out here, not in the template: a crew's week has over 600 cells.
    @property
    def css(self) -> str:
        css = self.day.classes
        if self.error:
            css += " has-error"
        if self.unsaved:
            css += " unsaved"
        if self.mine is not None:
            css += " conflict"
        return css

    @property
    def extras(self) -> bool:
        return bool(self.error or self.unsaved or self.mine is not None)


@dataclass(slots=True)
class GridRow:
    key: str
    employment: object
    task: str
    task_label: str
    first_of_worker: bool
    cells: list[GridCell] = field(default_factory=list)
    total: Decimal = Decimal("0")
    worker_total: Decimal = Decimal("0")
    over_contract: bool = False
    worker_name: str = ""

    @property
    def shows_task(self) -> bool:
        """The row names its task: a worker's first row only when it is not general work."""
        return self.task != DEFAULT_TASK or not self.first_of_worker


@dataclass
class WeekGrid:
    association: Association
    week_start: datetime.date
    days: list[GridDay]
    rows: list[GridRow]
    sheet: WeekSheet | None
    locked: set[datetime.date]
    total: Decimal = Decimal("0")
    # Cell name -> text the form was built from, for cells still carrying the user's own
    # typing across a failed save (the rest show, and were built from, what is stored).
    kept_original: dict = field(default_factory=dict)
    separator: str = ","

    @property
    def version(self) -> int:
        return self.sheet.version if self.sheet else 0

    @property
    def status(self) -> str:
        return self.sheet.status if self.sheet else SheetStatus.OPEN

    @property
    def status_label(self) -> str:
        return self.sheet.get_status_display() if self.sheet else SheetStatus.OPEN.label

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED

    @property
    def has_editable_cells(self) -> bool:
        return any(cell.editable for row in self.rows for cell in row.cells)

    @property
    def original(self) -> str:
        """The stored values the form was built from, to tell later what someone else changed."""
        original = {}
        for cell in (c for r in self.rows for c in r.cells if c.editable):
            original[cell.name] = decimal_text(cell.stored, self.separator)
            original[cell.note_name] = cell.stored_note
        original.update(self.kept_original)
        return json.dumps(original, separators=(",", ":"))

    @property
    def locked_days(self) -> list[GridDay]:
        return [day for day in self.days if day.locked]

    @property
    def locked_last(self) -> datetime.date | None:
        locked = self.locked_days
        return locked[-1].date if locked else None

    @property
    def future_days(self) -> list[GridDay]:
        return [day for day in self.days if day.future]

    @property
    def unsaved_count(self) -> int:
        return sum(cell.unsaved for row in self.rows for cell in row.cells)

    @property
    def locked_total(self) -> Decimal:
        """Hours of the grid on days of a locked month."""
        return sum((day.total for day in self.days if day.locked), Decimal("0"))

    @property
    def planned_total(self) -> Decimal:
        """Hours of the grid on days still to come (plans)."""
        return sum((day.total for day in self.days if day.future), Decimal("0"))


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
    extra_rows: list[tuple[int, str]] = (),
    typed: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> WeekGrid:
    """The association's crew for the week with their hours and service orders, in five queries.

    `typed` (field name -> text) overrides stored values, so a form shown again after an
    error keeps everything the user wrote (see also `apply_typed`); `extra_rows` adds
    (employment id, task) rows.
    """
    today = today or timezone.localdate()
    days = [GridDay(day, holiday_name(day), day.weekday() >= 5) for day in week_days(week_start)]
    first, last = days[0].date, days[-1].date
    sheet = WeekSheet.objects.filter(association=association, week_start=week_start).first()
    employments = list(crew_employments(association, first, last))
    entries = _grid_entries(association, first, last)
    locked = locked_months(association, first, last)
    for index, day in enumerate(days):
        day.index = index
        day.locked = day.date.replace(day=1) in locked
        day.future = day.date > today
        day.classes = f"day-col day-{index}" + (
            " holiday" if day.holiday else " weekend" if day.is_weekend else ""
        )
        day.long = date_format(day.date, "l j.n.")
        day.short = date_format(day.date, "j.n.")
    separator = get_format("DECIMAL_SEPARATOR")
    amend_url = links.url_maker("services:amend")
    add_late_url = links.url_maker("services:add_late", free=5)
    keys = {(e.pk, DEFAULT_TASK) for e in employments}
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
    """Mark the cells shown as inputs: the editable ones, for a user who edits the grid."""
    for row in grid.rows:
        for cell in row.cells:
            cell.input = can_edit and cell.editable
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
    for row in grid.rows:
        row.worker_total = worker_totals[row.employment.pk]
        row.over_contract = row.worker_total > row.employment.hours_per_week
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


def publicly_offered(association_ref="pk"):
    """Whether an association takes requests through its public form: it offers at least
    one active service that is not its own work (else the form answers 404)."""
    return Exists(
        Service.objects.filter(
            association=OuterRef(association_ref), is_active=True, is_own_work=False
        )
    )


def takes_public_requests(association) -> bool:
    return Association.objects.filter(pk=association.pk).filter(publicly_offered()).exists()


def associations_for_orders(user):
    """(pk, name, public form open) of the user's associations, for the order list's links."""
    return (
        Association.objects.for_user(user)
        .annotate(public_form=publicly_offered())
        .order_by("name")
        .values_list("pk", "name", "public_form")
    )


def staff_associations(user):
    return Association.objects.for_user(user).select_related("village").order_by("name")


def waiting_sheets_queryset(user):
    """Weeks submitted and waiting for the coordinator, oldest first (page them)."""
    return (
        WeekSheet.objects.for_user(user)
        .filter(status=SheetStatus.SUBMITTED)
        .select_related("association", "submitted_by")
        .order_by("week_start", "association__name", "pk")
    )


@dataclass(frozen=True, slots=True)
class WeekLabels:
    """How a week is named on the queue: "9/2026", "23.2.–1.3." and "2026-W9" for links."""

    week: str
    days: str
    code: str

    @classmethod
    def of(cls, week_start: datetime.date) -> "WeekLabels":
        year, week, _day = week_start.isocalendar()
        end = week_start + DAY * 6
        return cls(
            f"{week}/{year}",
            f"{week_start.day}.{week_start.month}.–{end.day}.{end.month}.",
            f"{year}-W{week}",
        )


def with_week_totals(user, sheets) -> list:
    """`sheets` (a page of them) with `total_hours`, the submitted hours of each, and
    `labels` (WeekLabels); one query."""
    sheets = list(sheets)
    totals = defaultdict(Decimal)
    if sheets:
        first = min(s.week_start for s in sheets)
        last = max(s.week_end for s in sheets)
        rows = (
            WorkEntry.objects.for_user(user)
            .current()
            .between(first, last)
            .filter(
                employment__association__in={s.association_id for s in sheets},
                status=EntryStatus.SUBMITTED,
            )
            .values_list("employment__association_id", TruncWeek("work_date"))
            .annotate(total=Sum("hours"))
            .order_by()
        )
        for association_id, week_start, total in rows:
            totals[association_id, week_start] += total
    for sheet in sheets:
        sheet.total_hours = totals[sheet.association_id, sheet.week_start]
        sheet.labels = WeekLabels.of(sheet.week_start)
    return sheets


def waiting_amendments_queryset(user):
    return WorkEntry.objects.for_user(user).filter(status=EntryStatus.SUBMITTED).exclude(reason="")


def waiting_amendments(user):
    return list(
        waiting_amendments_queryset(user)
        .select_related("employment__worker", "employment__association", "amends", "created_by")
        .order_by("work_date")
    )


@dataclass
class MonthRow:
    association: Association
    month: datetime.date
    counts: dict
    locked: bool

    @property
    def open_count(self) -> int:
        return sum(self.counts.get(s, 0) for s in EDITABLE_STATUSES)

    @property
    def submitted_count(self) -> int:
        return self.counts.get(EntryStatus.SUBMITTED, 0)

    @property
    def can_lock(self) -> bool:
        return not self.locked and self.open_count == 0 and sum(self.counts.values()) > 0


def months_to_lock(user, *, today: datetime.date) -> list[MonthRow]:
    """Past months of the user's associations with hours that are not locked yet."""
    current_month = today.replace(day=1)
    rows = (
        WorkEntry.objects.for_user(user)
        .current()
        .filter(work_date__lt=current_month, amends__isnull=True)
        .exclude(status=EntryStatus.LOCKED)
        .values("employment__association_id", "work_date__year", "work_date__month", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[int, datetime.date], dict] = defaultdict(dict)
    for row in rows:
        month = datetime.date(row["work_date__year"], row["work_date__month"], 1)
        counts[row["employment__association_id"], month][row["status"]] = row["n"]
    associations = Association.objects.for_user(user).in_bulk(
        {association_id for association_id, _month in counts}
    )
    return sorted(
        (
            MonthRow(associations[a], month, value, locked=False)
            for (a, month), value in counts.items()
            if a in associations
        ),
        key=lambda r: (r.month, r.association.name),
    )


def month_summary(association: Association, month: datetime.date) -> dict:
    """Status counts and hours of an association's month, and whether it is locked."""
    first, last = month_bounds(month.year, month.month)
    rows = (
        current_entries(association, first, last)
        .values("status")
        .annotate(n=Count("id"), hours=Sum("hours"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    hours = {row["status"]: row["hours"] for row in rows}
    locked = bool(locked_months(association, first, last))
    return {
        "row": MonthRow(association, first, counts, locked),
        "hours": sum(hours.values(), Decimal("0")),
        "counts": [
            (EntryStatus(s).label, counts[s], hours[s]) for s in EntryStatus.values if s in counts
        ],
    }


def staff_week_status(user, *, today: datetime.date) -> dict | None:
    """Home panel for village staff: this week's state, weekdays so far with no hours, and
    weeks returned for correction."""
    associations = list(staff_associations(user))
    if not associations:
        return None
    monday = monday_of(today)
    sheets, returned = {}, []
    # This week's sheets and the returned ones in one read.
    for sheet in (
        WeekSheet.objects.filter(association__in=associations)
        .filter(Q(week_start=monday) | Q(status=SheetStatus.RETURNED))
        .select_related("association")
        .order_by("week_start", "pk")
    ):
        if sheet.week_start == monday:
            sheets[sheet.association_id] = sheet
        if sheet.status == SheetStatus.RETURNED:
            returned.append(sheet)
    days_with_hours = defaultdict(set)
    for association_id, work_date in (
        WorkEntry.objects.filter(employment__association__in=associations)
        .current()
        .between(monday, today)
        .values_list("employment__association_id", "work_date")
        .order_by()  # without the model's ordering the distinct pairs are the days, not rows
        .distinct()
    ):
        days_with_hours[association_id].add(work_date)
    has_crew = set(
        Association.objects.filter(pk__in=[a.pk for a in associations])
        .filter(
            Q(employments__starts_on__lte=today)
            & (Q(employments__ends_on__isnull=True) | Q(employments__ends_on__gte=monday))
        )
        .values_list("pk", flat=True)
    )
    items = []
    for association in associations:
        sheet = sheets.get(association.pk)
        missing = [
            day
            for day in (monday + DAY * n for n in range((today - monday).days + 1))
            if association.pk in has_crew
            and is_working_day(day)
            and day not in days_with_hours[association.pk]
        ]
        items.append(
            {
                "association": association,
                "status": sheet.get_status_display() if sheet else SheetStatus.OPEN.label,
                "missing": missing,
            }
        )
    return {"items": items, "returned": returned, "week_start": monday}


ZERO = Decimal("0")


def orders_for_list(user, *, status: str = "", association_id: int | None = None):
    """The user's orders for the list page with the columns the rows show (page them,
    then add the workers' names with `with_worker_names`)."""
    orders = (
        ServiceOrder.objects.for_user(user)
        .select_related("customer__village", "service")
        .only(
            "status",
            "requested_on",
            "scheduled_on",
            "recurrence",
            "customer__name",
            "customer__aged_65_plus",
            "customer__village__name",
            "service__name",
            "service__kind",
        )
    )
    if status == "open":
        orders = orders.filter(status__in=OPEN_ORDER_STATUSES)
    elif status:
        orders = orders.filter(status=status)
    if association_id:
        orders = orders.filter(association_id=association_id)
    return orders.order_by("-requested_on", "-id")


def with_worker_names(orders) -> list:
    """`orders` (a page of them) with `worker_names`, the assigned workers' names in name
    order: one query of names, not a worker row and a related manager for every order."""
    orders = list(orders)
    names = defaultdict(list)
    for order_id, first_name, last_name in (
        ServiceOrder.workers.through.objects.filter(serviceorder_id__in=[o.pk for o in orders])
        .order_by("worker__last_name", "worker__first_name", "worker_id")
        .values_list("serviceorder_id", "worker__first_name", "worker__last_name")
    ):
        names[order_id].append(f"{first_name} {last_name}".strip())
    for order in orders:
        order.worker_names = names[order.pk]
    return orders


def order_logged_hours(order) -> Decimal | None:
    """Hours logged against the order in the crew grid (current rows), None if none."""
    return order.work_entries.current().aggregate(total=Sum("hours"))["total"]


def customers_for_list(user, *, search: str = ""):
    """The user's customers with the columns the list shows."""
    customers = (
        Customer.objects.for_user(user)
        .select_related("village", "association")
        .only(
            "name",
            "phone",
            "kind",
            "aged_65_plus",
            "holiday_home",
            "village__name",
            "association__name",
        )
    )
    if search:
        customers = customers.filter(Q(name__icontains=search) | Q(phone__icontains=search))
    return customers.order_by("name", "id")


def catalogue(association: Association):
    return Service.objects.filter(association=association).order_by("-is_active", "kind", "name")


@dataclass
class AgendaDay:
    day: datetime.date
    orders: list = field(default_factory=list)


def week_agenda(association: Association, monday: datetime.date) -> list[AgendaDay]:
    """The association's scheduled work of the ISO week starting on `monday`, by day.

    Recurring patterns are not listed themselves: their generated occurrences are.
    """
    sunday = monday + datetime.timedelta(days=6)
    days = [AgendaDay(monday + datetime.timedelta(days=i)) for i in range(7)]
    orders = (
        ServiceOrder.objects.filter(association=association, scheduled_on__range=(monday, sunday))
        .exclude(recurrence_parent__isnull=True, recurrence__in=_repeating())
        .exclude(status="cancelled")
        .with_list_data()
        .order_by("scheduled_on", "customer__name", "id")
    )
    for order in orders:
        days[(order.scheduled_on - monday).days].orders.append(order)
    return days


def _repeating() -> list[str]:
    return [r for r in Recurrence.values if r]


@dataclass(frozen=True)
class ServiceTypeHours:
    kind: str
    label: str
    orders: int
    hours: Decimal


@dataclass(frozen=True)
class CommunityIndicators:
    """What the village community got from the services in a period (domain brief §7)."""

    period: tuple[datetime.date, datetime.date]
    orders_done: int
    unique_customers: int
    customers_aged_65_plus: int
    villages_reached: int
    own_work_orders: int
    sold_orders: int
    own_work_hours: Decimal
    sold_hours: Decimal
    revenue: Decimal
    satisfaction_mean: Decimal | None
    satisfaction_answers: int
    complaints: int
    hours_by_service_type: list[ServiceTypeHours]

    @property
    def share_aged_65_plus(self) -> Decimal | None:
        """Share (0–1) of unique customers aged 65+, None when there are no customers."""
        if not self.unique_customers:
            return None
        return Decimal(self.customers_aged_65_plus) / Decimal(self.unique_customers)

    @property
    def total_hours(self) -> Decimal:
        return self.own_work_hours + self.sold_hours


def _done_orders(scope, start: datetime.date, end: datetime.date):
    return ServiceOrder.objects.filter(
        association__in=scope, status__in=DONE_ORDER_STATUSES, completed_on__range=(start, end)
    )


def _revenue(scope, start: datetime.date, end: datetime.date) -> Decimal:
    """Invoice lines of invoices for months within the period."""
    total = InvoiceLine.objects.filter(
        invoice__association__in=scope,
        invoice__period_start__gte=start.replace(day=1),
        invoice__period_start__lte=end,
    ).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    return Decimal(total)


def _satisfaction(mean) -> Decimal | None:
    return None if mean is None else Decimal(str(round(mean, 2)))


@dataclass(frozen=True)
class ServiceTotals:
    """The few service figures the economic evaluation reads (see community_indicators)."""

    revenue: Decimal
    orders_done: int
    unique_customers: int
    customers_aged_65_plus: int
    satisfaction_mean: Decimal | None
    satisfaction_answers: int


def service_totals(scope, period: tuple[datetime.date, datetime.date]) -> ServiceTotals:
    """`community_indicators`' revenue, orders, customers and satisfaction only, as the
    dashboards need them on every view: two queries, and a third of the aggregates."""
    start, end = period
    totals = _done_orders(scope, start, end).aggregate(
        orders_done=Count("pk"),
        unique_customers=Count("customer", distinct=True),
        customers_aged_65_plus=Count(
            "customer", distinct=True, filter=Q(customer__aged_65_plus=True)
        ),
        satisfaction_mean=Avg("feedback_rating"),
        satisfaction_answers=Count("feedback_rating"),
    )
    mean = totals.pop("satisfaction_mean")
    return ServiceTotals(
        revenue=_revenue(scope, start, end), satisfaction_mean=_satisfaction(mean), **totals
    )


def community_indicators(scope, period: tuple[datetime.date, datetime.date]):
    """Service indicators of the associations in `scope` for orders done in `period`.

    `scope` is a queryset (or list) of associations, e.g.
    `Association.objects.for_user(user)`; `period` is (first day, last day), inclusive.
    Revenue counts invoice lines of invoices for months within the period. Three
    queries, whatever the size of the data.
    """
    start, end = period
    done = _done_orders(scope, start, end)
    own = Q(service__is_own_work=True)
    hours = Coalesce(Sum("hours", filter=own), ZERO), Coalesce(Sum("hours", filter=~own), ZERO)
    totals = done.aggregate(
        orders_done=Count("pk"),
        unique_customers=Count("customer", distinct=True),
        customers_aged_65_plus=Count(
            "customer", distinct=True, filter=Q(customer__aged_65_plus=True)
        ),
        villages_reached=Count("customer__village", distinct=True),
        own_work_orders=Count("pk", filter=own),
        sold_orders=Count("pk", filter=~own),
        own_work_hours=hours[0],
        sold_hours=hours[1],
        satisfaction_mean=Avg("feedback_rating"),
        satisfaction_answers=Count("feedback_rating"),
        complaints=Count("pk", filter=~Q(complaint="")),
    )
    by_kind = (
        done.values("service__kind")
        .annotate(orders=Count("pk"), hours=Coalesce(Sum("hours"), ZERO))
        .order_by("service__kind")
    )
    labels = dict(ServiceKind.choices)
    mean = totals.pop("satisfaction_mean")
    return CommunityIndicators(
        period=(start, end),
        revenue=_revenue(scope, start, end),
        satisfaction_mean=_satisfaction(mean),
        hours_by_service_type=[
            ServiceTypeHours(
                row["service__kind"],
                str(labels.get(row["service__kind"], row["service__kind"])),
                row["orders"],
                Decimal(row["hours"]),
            )
            for row in by_kind
        ],
        **totals,
    )


@dataclass
class OwnWeek:
    """A week of a worker's own hours: its days' entries, total and statuses."""

    week_start: datetime.date
    entries: list = field(default_factory=list)
    total: Decimal = Decimal("0")

    @property
    def label(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{week}/{year}"

    @property
    def statuses(self) -> list[str]:
        seen = dict.fromkeys(entry.get_status_display() for entry in self.entries)
        return list(seen)


def own_hours(worker, month: datetime.date) -> dict:
    """A worker's own current hours in `month`, by week, with each entry's status; one query.

    `worker` comes from `Worker.objects.for_user(user)`: a worker sees their own only.
    """
    first, last = month_bounds(month.year, month.month)
    entries = list(
        WorkEntry.objects.filter(employment__worker=worker)
        .current()
        .between(first, last)
        .select_related("employment__association", "service_order__service")
        .order_by("work_date", "task", "pk")
    )
    weeks: dict[datetime.date, OwnWeek] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        week = weeks.setdefault(monday_of(entry.work_date), OwnWeek(monday_of(entry.work_date)))
        week.entries.append(entry)
        week.total += entry.hours
        totals[entry.get_status_display()] += entry.hours
    return {
        "weeks": list(weeks.values()),
        "total": sum((e.hours for e in entries), Decimal("0")),
        "by_status": sorted(totals.items()),
    }
