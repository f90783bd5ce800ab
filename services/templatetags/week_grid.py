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
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ryhma import links
from ryhma.templatetags.ryhma_tags import hours as hours_filter
from services.models import DEFAULT_TASK

register = template.Library()


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
    urls = {
        "amend": _url_maker("services:amend", 1),
        "add_late": _url_maker("services:add_late", 5),
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
        _cells(parts, row, days, worker, task_label, can_edit, is_submitted, words, urls)
        parts.append(f'\n<td class="text-end row-total">{hours(row.total)}</td>\n')
        parts.append('<td class="text-end contract-col">')
        if row.first_of_worker:
            over = "text-danger fw-bold" if row.over_contract else ""
            parts.append(f'<span class="{over}">{hours(row.worker_total)}</span> / {contract}')
        parts.append("</td>\n</tr>\n")
    return mark_safe("".join(parts))


def _url_maker(name: str, count: int):
    """`reverse(name, args)` for many cells, escaped for an attribute (a locked week has
    hundreds of links)."""
    url = links.url_maker(name, free=count)
    return lambda *args: escape(url(*args))


def _cells(parts, row, days, worker, task_label, can_edit, is_submitted, words, urls) -> None:
    hours_label = f"{worker}, {task_label}, "
    note_label = f"{words['note']}: {worker}, "
    # Cell names are made of the contract's id, the row's task key and the date: escaped
    # only if the task key needed it (it never does for a key the grid accepts).
    plain_names = escape(row.task) == row.task
    for index, cell in enumerate(row.cells):
        day = days[index]
        classes = day["classes"] + (" has-error" if cell.error else "")
        if can_edit and cell.editable:
            name = cell.name if plain_names else escape(cell.name)
            invalid = described = error = ""
            if cell.error:
                invalid = " is-invalid"
                described = f' aria-invalid="true" aria-describedby="{name}-error"'
                error = (
                    f'<div class="invalid-feedback d-block" id="{name}-error">'
                    f"{escape(cell.error)}</div>"
                )
            value = escape(cell.value) if cell.value else ""
            note = escape(cell.note) if cell.note else ""
            has_note = " has-note" if cell.note else ""
            inner = (
                '<input type="text" inputmode="decimal" autocomplete="off" '
                f'class="form-control form-control-sm hours-input{invalid}" id="{name}" '
                f'name="{name}" value="{value}" size="4" maxlength="6" data-day="{index}" '
                f'aria-label="{hours_label}{day["long"]}"{described}>{error}'
                '<input type="text" class="form-control form-control-sm note-input '
                f'mt-1{has_note}" name="n{name[1:]}" id="n{name[1:]}" value="{note}" '
                f'maxlength="300" autocomplete="off" placeholder="{words["note"]}" '
                f'aria-label="{note_label}{day["long"]}">'
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
                inner += (
                    f'<a class="small d-block" href="{urls["amend"](cell.entry_id)}">'
                    f'{words["correct"]}<span class="visually-hidden"> {worker} {day["short"]}'
                    "</span></a>"
                )
            if can_edit and cell.can_add_late:
                date = cell.day.date
                url = urls["add_late"](row.employment.pk, date.year, date.month, date.day, row.task)
                inner += (
                    f'<a class="small d-block" href="{url}"><i class="bi bi-plus-circle" '
                    f'aria-hidden="true"></i><span class="visually-hidden"> {words["add"]}</span>'
                    f'<span class="visually-hidden"> {worker} {day["short"]}</span></a>'
                )
        parts.append(f'<td class="{classes}">{inner}</td>')


@register.simple_tag
def grid_row_keys(grid) -> str:
    """The form's hidden inputs that name its rows (rows added by hand come back with it)."""
    return mark_safe(
        "".join(f'<input type="hidden" name="row" value="{escape(row.key)}">' for row in grid.rows)
    )


@register.simple_tag
def grid_worker_options(grid) -> str:
    """An <option> for each worker of the grid, for adding a row."""
    return mark_safe(
        "".join(
            f'<option value="{row.employment.pk}">{escape(str(row.employment.worker))}</option>'
            for row in grid.rows
            if row.first_of_worker
        )
    )
