"""The rounding rule and the numbers every part of the engine uses."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
DAY = datetime.timedelta(days=1)


def money(value) -> Decimal:
    """The rounding rule: to cents, half up."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
