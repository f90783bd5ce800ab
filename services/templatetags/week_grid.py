"""The crew grid's cells in Python: a 30-worker week has over 300 of them, and building
each through template nodes made the page several times slower than the rest together."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@lru_cache(maxsize=512)
def _day_label(day, pattern: str, language: str) -> str:
    return date_format(day, pattern)


@register.simple_tag
def grid_cells(row, can_edit: bool, is_submitted: bool) -> str:
    """The row's day cells (<td>), the same markup the template used to write."""
    worker = str(row.employment.worker)
    language = get_language()
    note_word = _("Note")
    parts = []
    for index, cell in enumerate(row.cells):
        day = cell.day
        classes = f"day-col day-{index}"
        if day.holiday:
            classes += " holiday"
        elif day.is_weekend:
            classes += " weekend"
        if cell.error:
            classes += " has-error"
        if can_edit and cell.editable:
            invalid = " is-invalid" if cell.error else ""
            described = (
                format_html(' aria-invalid="true" aria-describedby="{}-error"', cell.name)
                if cell.error
                else ""
            )
            long_day = _day_label(day.date, "l j.n.", language)
            inner = format_html(
                '<input type="text" inputmode="decimal" autocomplete="off" '
                'class="form-control form-control-sm hours-input{}" id="{}" name="{}" '
                'value="{}" size="4" maxlength="6" data-day="{}" aria-label="{}, {}, {}"{}>',
                invalid,
                cell.name,
                cell.name,
                cell.value,
                index,
                worker,
                row.task_label,
                long_day,
                described,
            )
            if cell.error:
                inner += format_html(
                    '<div class="invalid-feedback d-block" id="{}-error">{}</div>',
                    cell.name,
                    cell.error,
                )
            inner += format_html(
                '<input type="text" class="form-control form-control-sm note-input mt-1{}" '
                'name="{}" id="{}" value="{}" maxlength="300" autocomplete="off" '
                'placeholder="{}" aria-label="{}: {}, {}">',
                " has-note" if cell.note else "",
                cell.note_name,
                cell.note_name,
                cell.note,
                note_word,
                note_word,
                worker,
                long_day,
            )
            if cell.theirs is not None:
                inner += format_html(
                    '<div class="small text-warning-emphasis theirs">{} {}</div>',
                    _("Other:"),
                    cell.theirs,
                )
            if cell.theirs_note is not None:
                inner += format_html(
                    '<div class="small text-warning-emphasis theirs">{} {}</div>',
                    _("Other's note:"),
                    cell.theirs_note,
                )
        else:
            inner = format_html(
                '<span class="cell-value" data-day="{}" data-hours="{}">{}</span>',
                index,
                cell.value,
                cell.value or "–",
            )
            if cell.note:
                inner += format_html(
                    '<span class="d-block small text-muted note-text">{}</span>', cell.note
                )
            if cell.why_not and not cell.locked and not is_submitted:
                inner += format_html(
                    '<span class="d-block small text-muted">{}</span>', cell.why_not
                )
            short_day = _day_label(day.date, "j.n.", language)
            if can_edit and cell.status == "locked" and cell.entry_id:
                inner += format_html(
                    '<a class="small d-block" href="{}">{}<span class="visually-hidden"> {} {}'
                    "</span></a>",
                    reverse("services:amend", args=[cell.entry_id]),
                    _("Correct"),
                    worker,
                    short_day,
                )
            if can_edit and cell.can_add_late:
                date = day.date
                inner += format_html(
                    '<a class="small d-block" href="{}"><i class="bi bi-plus-circle" '
                    'aria-hidden="true"></i><span class="visually-hidden"> {}</span>'
                    '<span class="visually-hidden"> {} {}</span></a>',
                    reverse(
                        "services:add_late",
                        args=[row.employment.pk, date.year, date.month, date.day, row.task],
                    ),
                    _("Add"),
                    worker,
                    short_day,
                )
        parts.append(format_html('<td class="{}">{}</td>', classes, inner))
    return mark_safe("".join(parts))
