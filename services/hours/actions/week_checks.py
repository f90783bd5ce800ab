"""The rules a save of the week grid checks before writing anything."""

import datetime
from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from services.hours.models.entries import EDITABLE_STATUSES, MAX_HOURS_PER_DAY, order_id_of
from services.models import Task, WorkEntry
from services.templatetags.hours_text import cell_label, hours_text
from workers.models import Employment


@dataclass
class WeekInvalid(Exception):
    """What is wrong with a week's values, per cell (field name) and for the whole week.

    `needs_confirmation` lists the workers whose week goes over their contract hours:
    allowed, but only when the user confirms.
    """

    cell_errors: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    needs_confirmation: list[str] = field(default_factory=list)


def cell_name(employment_id: int, task: str, day: datetime.date) -> str:
    return f"c-{employment_id}-{task}-{day:%Y%m%d}"


def is_unchanged(entry: WorkEntry | None, value: Decimal | None, note: str | None) -> bool:
    if (entry.hours if entry else None) != value:
        return False
    return note is None or (entry.note if entry else "") == note


TASKS = frozenset(Task.values)


def check_week(
    *,
    orders: AbstractSet[int] = frozenset(),
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
    entry: WorkEntry | None
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
        if is_unchanged(entry, value, notes.get(key)):
            continue
        changed.add(employment_id)
        if value is None and notes.get(key):
            problem.cell_errors[name] = _(
                "%(cell)s: a note needs hours on the day. Write the hours or remove the note."
            ) % {"cell": cell_label(employment, day)}
        elif day.replace(day=1) in locked:
            problem.cell_errors[name] = _(
                "%(cell)s: the month is locked. Correct locked hours with an amendment."
            ) % {"cell": cell_label(employment, day)}
        elif not employment.is_active_on(day):
            problem.cell_errors[name] = _(
                "%(cell)s: the day is outside the employment contract. Leave the cell empty."
            ) % {"cell": cell_label(employment, day)}
        elif entry is not None and entry.status not in EDITABLE_STATUSES:
            problem.cell_errors[name] = _(
                "%(cell)s: the hours are already %(status)s and cannot be changed here."
            ) % {"cell": cell_label(employment, day), "status": entry.get_status_display().lower()}
        elif value is not None and not Decimal("0") < value <= MAX_HOURS_PER_DAY:
            problem.cell_errors[name] = _(
                "%(cell)s: hours must be more than 0 and at most %(max)s. Leave the cell "
                "empty for a day off."
            ) % {"cell": cell_label(employment, day), "max": hours_text(MAX_HOURS_PER_DAY)}
    for (employment_id, day), total in day_totals.items():
        if total > MAX_HOURS_PER_DAY:
            employment = employments[employment_id]
            day_tasks = [
                cell_task
                for cell_employment, cell_task, cell_day in values
                if (cell_employment, cell_day) == (employment_id, day)
            ]
            for task in day_tasks:
                name = cell_name(employment_id, task, day)
                if name not in problem.cell_errors:
                    problem.cell_errors[name] = _(
                        "%(cell)s: the day's hours add up to %(total)s, more than the daily "
                        "maximum of %(max)s. Lower the hours of the day."
                    ) % {
                        "cell": cell_label(employment, day),
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
