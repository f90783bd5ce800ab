"""Reading hours from a CSV file kept on paper first (a dry run; actions.import_hours writes).

The file is what Finnish Excel saves as "CSV UTF-8": semicolons, UTF-8 (a byte-order mark
is fine; Windows-1252 is read too, as in every import), a header row
`päivä;työntekijä;tunnit;tehtävä;huomautus`. A wrong encoding, delimiter or header refuses
the whole file with what was expected; every other problem is a row error in Finnish.
Nothing is imported from a file with any error.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ryhma.uploads import UnreadableCsv, csv_rows, decode_csv
from services.hours.forms import HoursInputError, parse_hours
from services.hours.models.entries import MAX_HOURS_PER_DAY
from services.hours.selectors.crew import locked_months
from services.models import DEFAULT_TASK, Task, WorkEntry
from workers.models import Employment

HEADER = ["päivä", "työntekijä", "tunnit", "tehtävä", "huomautus"]
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    day: datetime.date
    employment: Employment
    hours: Decimal
    task: str
    note: str


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    file_error: str = ""

    @property
    def total_hours(self) -> Decimal:
        return sum((row.hours for row in self.rows), Decimal("0"))


def _task_lookup() -> dict[str, str]:
    """Own-work tasks by value and label (hours on service orders are logged in the grid)."""
    own = [(value, label) for value, label in Task.choices if value != Task.SERVICE_ORDER]
    lookup = {value: value for value, _label in own}
    lookup.update({str(label).lower(): value for value, label in own})
    return lookup


def _parse_day(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(text)


def _refuse(message: str) -> ImportResult:
    return ImportResult(file_error=message)


def read_hours_csv(content: bytes, *, association) -> ImportResult:
    """Check every row of the file against the association's contracts and locked months."""
    try:
        return _read_hours_csv(content, association=association)
    except UnreadableCsv as error:
        return _refuse(str(error))


def _read_hours_csv(content: bytes, *, association) -> ImportResult:
    expected = ";".join(HEADER)
    text = decode_csv(content)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return _refuse(
            _("The file is empty. The first row must be: %(header)s") % {"header": expected}
        )
    first_line = lines[0]
    if ";" not in first_line:
        found = next((d for d in (",", "\t", "|") if d in first_line), None)
        return _refuse(
            _(
                "The columns must be separated by semicolons (;), but the file uses "
                "“%(found)s”. The header row must be: %(header)s"
            )
            % {"found": {"\t": "tab"}.get(found or "", found or "?"), "header": expected}
        )
    reader = iter(csv_rows(text, delimiter=";"))
    header = [column.strip().lower() for column in next(reader)]
    if header[: len(HEADER)] != HEADER or any(header[len(HEADER) :]):
        return _refuse(
            _("The header row must be: %(header)s (the file has: %(found)s)")
            % {"header": expected, "found": first_line[:200]}
        )
    raw = [
        (number, row) for number, row in enumerate(reader, start=2) if any(c.strip() for c in row)
    ]
    if len(raw) > MAX_ROWS:
        return _refuse(_("At most %(max)s rows at a time: split the file.") % {"max": MAX_ROWS})
    return _check_rows(raw, association=association)


def _check_rows(raw, *, association) -> ImportResult:
    result = ImportResult()
    tasks = _task_lookup()
    parsed = []
    for line, row in raw:
        row = [cell.strip() for cell in row] + [""] * (len(HEADER) - len(row))
        day_text, name, hours_text, task_text, note = row[:5]
        problems = []
        try:
            day = _parse_day(day_text)
        except ValueError:
            day = None
            problems.append(
                _("date “%(value)s” is not a date; write it as 3.11.2026") % {"value": day_text}
            )
        try:
            hours = parse_hours(hours_text)
            if hours is None:
                problems.append(_("hours are missing"))
        except HoursInputError as problem:
            hours = None
            problems.append(str(problem))
        task = tasks.get(task_text.lower(), None) if task_text else DEFAULT_TASK
        if task is None:
            problems.append(
                _("task “%(value)s” is unknown; use one of: %(tasks)s")
                % {"value": task_text, "tasks": ", ".join(str(label) for _v, label in Task.choices)}
            )
        if not name:
            problems.append(_("the worker's name is missing"))
        if len(note) > 300:
            problems.append(_("the note is longer than 300 characters"))
        parsed.append((line, day, name, hours, task, note, problems))

    days = [p[1] for p in parsed if p[1] is not None]
    first, last = (min(days), max(days)) if days else (None, None)
    employments_by_name = defaultdict(list)
    existing: dict[tuple[int, str, datetime.date], Decimal] = {}
    locked = set()
    if first is not None and last is not None:
        for employment in (
            Employment.objects.filter(association=association)
            .overlapping(first, last)
            .select_related("worker")
        ):
            employments_by_name[str(employment.worker).lower()].append(employment)
        existing = {
            (employment_id, task, day): hours
            for employment_id, task, day, hours in WorkEntry.objects.filter(
                employment__association=association, amends__isnull=True
            )
            .between(first, last)
            .values_list("employment_id", "task", "work_date", "hours")
        }
        locked = locked_months(association, first, last)

    seen = set()
    day_totals: defaultdict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    for employment_id, _task, day in existing:
        day_totals[employment_id, day] += existing[employment_id, _task, day]
    for line, day, name, hours, task, note, problems in parsed:
        employment = None
        if day is not None and name:
            matches = [e for e in employments_by_name.get(name.lower(), []) if e.is_active_on(day)]
            if not matches:
                problems.append(
                    _("%(name)s has no employment contract with the association on %(day)s")
                    % {"name": name, "day": f"{day:%-d.%-m.%Y}"}
                )
            elif len(matches) > 1:
                problems.append(_("two contracts match %(name)s on the day") % {"name": name})
            else:
                employment = matches[0]
            if day.replace(day=1) in locked:
                problems.append(_("the month is locked; correct locked hours with an amendment"))
        if employment is not None and task is not None and day is not None:
            key = (employment.pk, task, day)
            if key in existing:
                problems.append(_("the worker already has hours for this task on the day"))
            elif key in seen:
                problems.append(_("the same worker, day and task is on an earlier row too"))
            seen.add(key)
            if hours is not None:
                day_totals[employment.pk, day] += hours
                if day_totals[employment.pk, day] > MAX_HOURS_PER_DAY:
                    problems.append(
                        _("the day's hours add up to more than %(max)s")
                        % {"max": MAX_HOURS_PER_DAY}
                    )
        if problems:
            result.errors.append(
                _("Row %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
        else:
            # A row without problems has every value.
            result.rows.append(ImportRow(line, day, employment, hours, task, note))  # type: ignore[arg-type]
    if not parsed:
        result.errors.append(_("The file has no rows of hours under the header."))
    return result
