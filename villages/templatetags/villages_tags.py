"""Template tags of the programme pages: each writes its piece with a small template
(villages/_*.html). The board's matrix is one loop of its own template
(Board.matrix_table), without a template per row or cell."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: for dictionaries keyed by row ids in templates."""
    if not mapping:
        return None
    return mapping.get(key)


@register.inclusion_tag("villages/_completion_bar.html")
def completion_bar(completion) -> dict:
    """A phase's checks done as a progress bar and n/m, or "no checks"."""
    return {"completion": completion}


@register.inclusion_tag("villages/_phase_status.html")
def phase_status(status: str, label) -> dict:
    """The badge of a phase status set by hand."""
    return {"status": status, "label": label}
