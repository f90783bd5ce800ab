"""The units of the economic model: a month's share (the rounding rule is `workers.money.money`)."""

import datetime
from decimal import Decimal

from ryhma.dates import month_bounds

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def month_fraction(
    starts_on: datetime.date, ends_on: datetime.date | None, year: int, month: int
) -> Decimal:
    """The share of the month's calendar days inside [starts_on, ends_on] (0 to 1, exact)."""
    first, last = month_bounds(year, month)
    days_in_month = last.day
    start = max(first, starts_on)
    end = min(last, ends_on) if ends_on else last
    if end < start:
        return ZERO
    return Decimal((end - start).days + 1) / Decimal(days_in_month)
