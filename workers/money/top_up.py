"""The municipal top-up under the cumulation limit: subsidy + top-up at most the wage costs."""

from decimal import Decimal
from typing import NamedTuple

from workers.models import ParameterKey
from workers.money.rounding import ZERO, money
from workers.parameters import Parameters, UsedValue


class Cumulation(NamedTuple):
    top_up_paid: Decimal
    top_up_cut: Decimal
    subsidy_excess: Decimal  # subsidy alone above the wage costs (shown, not cut)
    applies: bool


def cumulation(
    *, subsidy: Decimal, top_up: Decimal, wage_costs: Decimal, params: Parameters
) -> tuple[Cumulation, tuple[UsedValue, ...]]:
    """Subsidy + municipal top-up may not exceed the wage costs [U]: when the limit binds
    the top-up is reduced (the subsidy is an entitlement, the top-up the city's choice)."""
    switch = params.used(ParameterKey.CUMULATION_LIMIT)
    if switch.value != 1:
        return Cumulation(top_up, money(ZERO), money(ZERO), False), (switch,)
    room = max(wage_costs - subsidy, money(ZERO))
    paid = min(top_up, room)
    excess = max(subsidy - wage_costs, money(ZERO))
    return Cumulation(paid, top_up - paid, excess, paid < top_up or excess > 0), (switch,)
