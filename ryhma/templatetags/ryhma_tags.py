"""Template filters shared by every app: money, hours and percentages in Finnish form,
the home panels, and the row links of list pages."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from ryhma import links, panels

register = template.Library()


def _decimal(value) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def grouped(number: Decimal, places: int) -> str:
    """The number grouped by thousands in the active language, `places` decimals
    (Django's own `number_format`)."""
    return number_format(number, places, force_grouping=True)


@register.filter
def euro(value, places: int = 2) -> str:
    """1234.5 -> '1 234,50 €' in Finnish (non-breaking spaces), rounded half up."""
    number = _decimal(value)
    if number is None:
        return "–"
    places = int(places)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{grouped(number, places)}\xa0€"


@register.filter
def hours(value) -> str:
    """7.5 -> '7,5 h'; whole hours without decimals."""
    number = _decimal(value)
    if number is None:
        return "–"
    places = 0 if number == number.to_integral_value() else 2
    text = grouped(number, places)
    if places:
        text = text.rstrip("0")
    return f"{text}\xa0h"


@register.filter
def number(value) -> str:
    """-274805.39 -> '-274 805,39'; whole numbers without decimals, at most two places."""
    number = _decimal(value)
    if number is None:
        return "–"
    places = 0 if number == number.to_integral_value() else 2
    number = number.quantize(_STEPS[places], rounding=ROUND_HALF_UP)
    return grouped(number, places)


@register.filter
def percent(value, places: int = 0) -> str:
    """0.25 -> '25 %'."""
    number = _decimal(value)
    if number is None:
        return "–"
    return f"{number_format(number * 100, int(places), force_grouping=True)}\xa0%"


@register.simple_tag(takes_context=True)
def home_panels(context) -> str:
    """Every registered home-page panel for the current user's role (see ryhma.panels)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return mark_safe(panels.render_panels(request))


@register.simple_tag
def row_url(name: str, *args) -> str:
    """The URL `name` with `args` and a row's id last, the id left as a marker that
    `with_pk` fills in: a list links its rows as `{{ url|with_pk:row.pk }}` with one
    reverse for the page instead of one a row."""
    return links.pattern(name, *args)


@register.filter
def with_pk(url: str, pk) -> str:
    """A `row_url` with the row's id in its place."""
    return links.fill(url, pk)
