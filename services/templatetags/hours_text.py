"""How hours, days and grid cells are named in messages and on the hours pages.

The same words the grid's totals use, so that a message about a cell names it the way
the page does: `{{ value|hours_text }}`, `{{ day|day_label }}`.
"""

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format

from ryhma.templatetags.ryhma_tags import hours as hours_filter

register = template.Library()


@register.filter
def hours_text(value: Decimal) -> str:
    """7.5 -> '7,5 h' in Finnish and Swedish, '7.5 h' in English: one format per language,
    the same the grid's totals use."""
    return hours_filter(value)


@register.filter
def day_label(day: datetime.date) -> str:
    return date_format(day, "D j.n.")


def cell_label(employment, day: datetime.date) -> str:
    """The worker and the day ("Aino Aaltonen, ma 2.3.") for a message about one cell."""
    return f"{employment.worker}, {day_label(day)}"
