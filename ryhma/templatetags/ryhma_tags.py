"""Template filters shared by every app: money, hours and percentages in Finnish form,
the home panels, and the row links of list pages."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


ZERO = Decimal(0)
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


class NumberWriter:
    """The money, hour and number filters of one language, for code that writes many
    numbers (a city's dashboard writes a thousand): the language and its separators are
    looked up once. `writer()` gives the active language's."""

    def __init__(self):
        self.decimal_separator = get_format("DECIMAL_SEPARATOR")
        thousand_separator = get_format("THOUSAND_SEPARATOR")
        self.fallback = get_format("NUMBER_GROUPING") != 3 or settings.USE_THOUSAND_SEPARATOR
        self.table = str.maketrans({",": thousand_separator, ".": self.decimal_separator})

    def grouped(self, number: Decimal, places: int) -> str:
        """`number_format(number, places, force_grouping=True)`: decimals cut (not rounded)
        to `places`, no "-0,00"."""
        _sign, digits, exponent = number.as_tuple()
        if self.fallback or not number.is_finite() or len(digits) > 24:
            return number_format(number, places, force_grouping=True)
        if exponent < -places:
            # number_format's order: a number too small to show is 0, then decimals are cut.
            if abs(number) < (_STEPS[places] if places else Decimal("0.1")):
                number = ZERO
            else:
                number = number.quantize(_STEPS[places], rounding=ROUND_DOWN)
        elif not number:
            number = ZERO
        return f"{number:,.{places}f}".translate(self.table)

    def decimals(self, number: Decimal, places: int) -> str:
        """`floatformat:places` (places > 0) of a finite Decimal: rounded half up, no
        grouping (USE_THOUSAND_SEPARATOR is off), no "-0,00"."""
        if self.fallback or not number.is_finite() or places <= 0:
            return floatformat(number, places)
        rounded = number.quantize(
            _STEPS[places], ROUND_HALF_UP, Context(prec=len(number.as_tuple().digits) + 30)
        )
        if not rounded:
            rounded = abs(rounded)
        return f"{rounded:.{places}f}".replace(".", self.decimal_separator)

    def euro(self, value, places: int = 2) -> str:
        number = _decimal(value)
        if number is None:
            return "–"
        places = int(places)
        step = _STEPS.get(places) or Decimal(1).scaleb(-places)
        number = number.quantize(step, rounding=ROUND_HALF_UP)
        return f"{self.grouped(number, places)}\xa0€"

    def hours(self, value) -> str:
        number = _decimal(value)
        if number is None:
            return "–"
        places = 0 if number == number.to_integral_value() else 2
        text = self.grouped(number, places)
        if places:
            text = text.rstrip("0")
        return f"{text}\xa0h"


_WRITERS: dict[str | None, NumberWriter] = {}


@receiver(setting_changed)
def _forget_writers(**kwargs):
    _WRITERS.clear()  # tests that change format settings get writers made from them


def writer() -> NumberWriter:
    language = get_language()
    found = _WRITERS.get(language)
    if found is None:
        found = _WRITERS[language] = NumberWriter()
    return found


def grouped(number: Decimal, places: int) -> str:
    """`number_format(number, places, force_grouping=True)` in the active language."""
    return writer().grouped(number, places)


def decimals(number: Decimal, places: int) -> str:
    """`floatformat:places` (places > 0) of a finite Decimal in the active language."""
    return writer().decimals(number, places)


@register.filter
def euro(value, places: int = 2) -> str:
    """1234.5 -> '1 234,50 €' in Finnish (non-breaking spaces)."""
    return writer().euro(value, places)


@register.filter
def hours(value) -> str:
    """7.5 -> '7,5 h'; whole hours without decimals."""
    return writer().hours(value)


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
