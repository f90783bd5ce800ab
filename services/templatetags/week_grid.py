"""The crew grid's rows in Python: a 30-worker week has 80-odd rows, 600 cells and over a
thousand inputs. Built through template nodes, or through `format_html` for each cell
(which escapes every argument again), they cost more than the rest of the page together.

Here each piece is escaped once: the worker and task once per row, the day labels once
per week, and per cell only what the cell itself holds (its value, note and messages).
The markup is the same the template wrote: the labels that name each input (worker,
task, day), the classes and `data-day` hooks the keyboard and phone scripts use, and the
error text tied to its input with `aria-describedby`.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ryhma.templatetags.ryhma_tags import hours as hours_filter
from services.models import DEFAULT_TASK

register = template.Library()

HOURS_INPUT = (
    '<input type="text" inputmode="decimal" autocomplete="off" '
    'class="form-control form-control-sm hours-input{invalid}" id="{name}" name="{name}" '
    'value="{value}" size="4" maxlength="6" data-day="{index}" aria-label="{label}"{described}>'
)
NOTE_INPUT = (
    '<input type="text" class="form-control form-control-sm note-input mt-1{has_note}" '
    'name="{name}" id="{name}" value="{value}" maxlength="300" autocomplete="off" '
    'placeholder="{placeholder}" aria-label="{label}">'
)


def _day_classes(index: int, day) -> str:
    classes = f"day-col day-{index}"
    if day.holiday:
        classes += " holiday"
    elif day.is_weekend:
        classes += " weekend"
    return classes


@register.simple_tag
def grid_rows(grid, can_edit: bool) -> str:
    """The <tr> of every row of `grid`: the worker and task, the day cells and the totals."""
    hours_texts: dict = {}

    def hours(value) -> str:
        # A few distinct values (7,5 h, 24,4 h ...) over hundreds of cells and rows.
        if value not in hours_texts:
            hours_texts[value] = escape(hours_filter(value))
        return hours_texts[value]

    days = [
        {
            "classes": _day_classes(index, day),
            "long": escape(date_format(day.date, "l j.n.")),
            "short": escape(date_format(day.date, "j.n.")),
        }
        for index, day in enumerate(grid.days)
    ]
    is_submitted = grid.is_submitted
    words = {
        "note": escape(_("Note")),
        "other": escape(_("Other:")),
        "other_note": escape(_("Other's note:")),
        "correct": escape(_("Correct")),
        "add": escape(_("Add")),
        "contract": escape(_("Contract h/wk")),
    }
    parts = []
    for row in grid.rows:
        worker = escape(str(row.employment.worker))
        task_label = escape(row.task_label)
        contract = hours(row.employment.hours_per_week)
        parts.append(
            f'<tr class="{"worker-first" if row.first_of_worker else ""}" '
            f'data-employment="{row.employment.pk}">\n<th scope="row" class="worker-name">'
        )
        if row.first_of_worker:
            parts.append(
                f'{worker}<span class="small text-muted contract-inline">{words["contract"]} '
                f"{contract}</span>"
            )
        else:
            parts.append(f'<span class="visually-hidden">{worker}</span>')
        if row.task != DEFAULT_TASK or not row.first_of_worker:
            parts.append(f'<br><span class="small text-muted">{task_label}</span>')
        parts.append("</th>\n")
        _cells(parts, row, days, worker, task_label, can_edit, is_submitted, words)
        parts.append(f'\n<td class="text-end row-total">{hours(row.total)}</td>\n')
        parts.append('<td class="text-end contract-col">')
        if row.first_of_worker:
            over = "text-danger fw-bold" if row.over_contract else ""
            parts.append(f'<span class="{over}">{hours(row.worker_total)}</span> / {contract}')
        parts.append("</td>\n</tr>\n")
    return mark_safe("".join(parts))


def _cells(parts, row, days, worker, task_label, can_edit, is_submitted, words) -> None:
    hours_label = f"{worker}, {task_label}, "
    note_label = f"{words['note']}: {worker}, "
    for index, cell in enumerate(row.cells):
        day = days[index]
        classes = day["classes"] + (" has-error" if cell.error else "")
        if can_edit and cell.editable:
            name = escape(cell.name)
            described = ""
            if cell.error:
                described = f' aria-invalid="true" aria-describedby="{name}-error"'
            inner = HOURS_INPUT.format(
                invalid=" is-invalid" if cell.error else "",
                name=name,
                value=escape(cell.value) if cell.value else "",
                index=index,
                label=hours_label + day["long"],
                described=described,
            )
            if cell.error:
                inner += (
                    f'<div class="invalid-feedback d-block" id="{name}-error">'
                    f"{escape(cell.error)}</div>"
                )
            inner += NOTE_INPUT.format(
                has_note=" has-note" if cell.note else "",
                name="n" + name[1:],
                value=escape(cell.note) if cell.note else "",
                placeholder=words["note"],
                label=note_label + day["long"],
            )
            if cell.theirs is not None:
                inner += (
                    f'<div class="small text-warning-emphasis theirs">{words["other"]} '
                    f"{escape(cell.theirs)}</div>"
                )
            if cell.theirs_note is not None:
                inner += (
                    f'<div class="small text-warning-emphasis theirs">{words["other_note"]} '
                    f"{escape(cell.theirs_note)}</div>"
                )
        else:
            value = escape(cell.value)
            inner = (
                f'<span class="cell-value" data-day="{index}" data-hours="{value}">'
                f"{value or '–'}</span>"
            )
            if cell.note:
                inner += (
                    f'<span class="d-block small text-muted note-text">{escape(cell.note)}</span>'
                )
            if cell.why_not and not cell.locked and not is_submitted:
                inner += f'<span class="d-block small text-muted">{escape(cell.why_not)}</span>'
            if can_edit and cell.status == "locked" and cell.entry_id:
                url = reverse("services:amend", args=[cell.entry_id])
                inner += (
                    f'<a class="small d-block" href="{escape(url)}">{words["correct"]}'
                    f'<span class="visually-hidden"> {worker} {day["short"]}</span></a>'
                )
            if can_edit and cell.can_add_late:
                date = cell.day.date
                url = reverse(
                    "services:add_late",
                    args=[row.employment.pk, date.year, date.month, date.day, row.task],
                )
                inner += (
                    f'<a class="small d-block" href="{escape(url)}"><i class="bi bi-plus-circle" '
                    f'aria-hidden="true"></i><span class="visually-hidden"> {words["add"]}</span>'
                    f'<span class="visually-hidden"> {worker} {day["short"]}</span></a>'
                )
        parts.append(f'<td class="{classes}">{inner}</td>')
