"""Template tags of the programme pages.

The phase board shows hundreds of cells (ten phases and six phases at every association):
a cell is written here in one call instead of a dozen template nodes and an include.
"""

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: for dictionaries keyed by row ids in templates."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def completion_bar(completion) -> str:
    """A phase's checks done as a progress bar and n/m, or "no checks"."""
    if not completion.total:
        return format_html('<span class="text-muted small">{}</span>', _("no checks"))
    done, total = completion.done, completion.total
    return format_html(
        '<progress class="completion" max="{}" value="{}" aria-label="{}"></progress>'
        ' <span class="small">{}/{}</span>',
        total,
        done,
        _("%(done)s of %(total)s done") % {"done": done, "total": total},
        done,
        total,
    )


@register.simple_tag
def phase_status(status: str, label) -> str:
    """The badge of a phase status set by hand."""
    return format_html('<span class="badge phase-status phase-status-{}">{}</span>', status, label)


@register.simple_tag
def matrix_cells(cells) -> str:
    """One association's cells of the association × phase matrix: ✓, n/m with what is
    missing (for screen readers), or – when there is nothing to check; the status set by
    hand below. Plain string building with every text escaped: a city's board has a few
    hundred cells, and format_html or a template node for each of them shows in its time."""
    done_text, missing_text = escape(_("done")), escape(_("Missing"))
    html = []
    for cell in cells:
        completion, status = cell.completion, cell.status
        if completion.is_complete:
            css = " matrix-done"
            content = (
                f'<span aria-hidden="true">✓</span><span class="visually-hidden">{done_text}</span>'
            )
        elif completion.total:
            css = " matrix-partial" if completion.done else ""
            missing = escape(", ".join(completion.missing))
            content = (
                f"{completion.done}/{completion.total}"
                f'<span class="visually-hidden">. {missing_text}: {missing}</span>'
            )
        else:
            css, content = "", "" if status else "–"
        if status:
            badge = phase_status(status.status, status.get_status_display())
            content = f'{content}<span class="d-block">{badge}</span>'
        html.append(f'<td class="text-center matrix-cell{css}">{content}</td>')
    return mark_safe("".join(html))


@register.simple_tag
def missing_list(completion) -> str:
    """What a phase still misses as a list, or "Nothing" in green."""
    if not completion.missing:
        return format_html('<span class="text-success">{}</span>', _("Nothing"))
    items = format_html_join("", "<li>{}</li>", ((label,) for label in completion.missing))
    return format_html('<ul class="missing-list small mb-0">{}</ul>', items)
