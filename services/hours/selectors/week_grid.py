"""The week grid as the page shows it: days, rows and cells."""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise

from services.models import DEFAULT_TASK, SheetStatus, WeekSheet
from villages.models import Association
from workers.models import Employment


def decimal_text(value: Decimal | None, separator: str = ",") -> str:
    """7.50 -> '7,5' for an input the way Finns type it (or with the language's
    `separator`: '7.5' in English)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", separator)


class TemplateLookup:
    """Django's template engine looks `{{ cell.name }}` up as `cell["name"]` first and,
    on an object without `__getitem__`, pays for a raised and caught TypeError before it
    reads the attribute: a crew's week makes thousands of such lookups. Answering the
    item lookup with the attribute gives the same values; a missing name still raises
    AttributeError, which the engine treats as a missing variable, as before."""

    __slots__ = ()

    def __getitem__(self, name: str):
        return getattr(self, name)


@dataclass(slots=True)
class GridDay(TemplateLookup):
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
    weekday: str = ""


@dataclass(slots=True)
class GridCell(TemplateLookup):
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
    # What the page shows, worked out by `for_display` for the user who sees it: the cell
    # as inputs (the user edits the grid and the cell is editable); why a value cannot be
    # edited (not said in a locked month or a week waiting for approval, whose notes say
    # it once); a link to correct or add hours (only for a user who edits the grid).
    input: bool = False
    reason: str = ""
    has_link: bool = False

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
class GridRow(TemplateLookup):
    key: str
    employment: Employment
    task: str
    task_label: str
    first_of_worker: bool
    cells: list[GridCell] = field(default_factory=list)
    total: Decimal = Decimal("0")
    worker_total: Decimal = Decimal("0")
    over_contract: bool = False
    worker_name: str = ""
    # The hours as the page writes them ("7,5 h"), worked out with the totals.
    total_text: str = ""
    worker_total_text: str = ""
    contract_text: str = ""

    @property
    def shows_task(self) -> bool:
        """The row names its task: a worker's first row only when it is not general work."""
        return self.task != DEFAULT_TASK or not self.first_of_worker


@dataclass
class WeekGrid(TemplateLookup):
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
    def status_label(self) -> str | Promise:
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
