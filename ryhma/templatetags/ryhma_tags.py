"""Template filters shared by every app: money, hours and percentages in Finnish form."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ryhma import panels

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


# {language: (decimal separator, thousand separator, grouping)}
_SEPARATORS: dict[str | None, tuple[str, str, object]] = {}


def grouped(number: Decimal, places: int) -> str:
    """`number_format(number, places, force_grouping=True)`, decimals cut (not rounded) to
    `places` as it does, with the active language's separators looked up once: a city's
    dashboard formats a thousand numbers, and each lookup costs as much as the formatting."""
    language = get_language()
    separators = _SEPARATORS.get(language)
    if separators is None:
        separators = _SEPARATORS[language] = (
            get_format("DECIMAL_SEPARATOR"),
            get_format("THOUSAND_SEPARATOR"),
            get_format("NUMBER_GROUPING"),
        )
    decimal_separator, thousand_separator, grouping = separators
    if grouping != 3 or not number.is_finite() or len(number.as_tuple().digits) > 24:
        return number_format(number, places, force_grouping=True)
    step = Decimal(1).scaleb(-places)
    if abs(number) < (step if places else Decimal("0.1")):
        number = Decimal(0)  # as number_format: no "-0,00"
    elif number.as_tuple().exponent < -places:
        number = number.quantize(step, rounding=ROUND_DOWN)
    text = f"{number:,.{places}f}"
    return text.translate({44: thousand_separator, 46: decimal_separator})


def decimals(number: Decimal, places: int) -> str:
    """`floatformat:places` (places > 0) of a finite Decimal, for tables built in Python:
    rounded half up, the active language's decimal separator, no "-0,00"."""
    if settings.USE_THOUSAND_SEPARATOR or not number.is_finite() or places <= 0:
        return floatformat(number, places)
    separator = _SEPARATORS.get(get_language())
    separator = separator[0] if separator else get_format("DECIMAL_SEPARATOR")
    rounded = number.quantize(
        Decimal(1).scaleb(-places), ROUND_HALF_UP, Context(prec=len(number.as_tuple().digits) + 30)
    )
    if not rounded:
        rounded = abs(rounded)
    return f"{rounded:.{places}f}".replace(".", separator)


@register.filter
def euro(value, places: int = 2) -> str:
    """1234.5 -> '1 234,50 €' in Finnish (non-breaking spaces)."""
    number = _decimal(value)
    if number is None:
        return "–"
    quant = Decimal(1).scaleb(-int(places))
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    return f"{grouped(number, int(places))}\xa0€"


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
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
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
