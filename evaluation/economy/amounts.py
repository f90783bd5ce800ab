"""The units of the economic model: cents (the rounding rule), two decimals, a month's share."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def two_places(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def month_fraction(
    starts_on: datetime.date, ends_on: datetime.date | None, year: int, month: int
) -> Decimal:
    """The share of the month's calendar days inside [starts_on, ends_on] (0 to 1, exact)."""
    days_in_month = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, days_in_month)
    start = max(first, starts_on)
    end = min(last, ends_on) if ends_on else last
    if end < start:
        return ZERO
    return Decimal((end - start).days + 1) / Decimal(days_in_month)
