"""The employer's costs on top of pay: statutory side costs and holiday pay."""

from decimal import Decimal

from workers.models import ParameterKey
from workers.money.rounding import HUNDRED, ONE
from workers.parameters import Parameters, UsedValue

SIDE_COST_KEYS = (
    ParameterKey.TYEL_TOTAL,
    ParameterKey.TYEL_EMPLOYEE,
    ParameterKey.HEALTH_INSURANCE,
    ParameterKey.UNEMPLOYMENT_INSURANCE,
    ParameterKey.ACCIDENT_INSURANCE,
    ParameterKey.GROUP_LIFE_INSURANCE,
)


def side_cost_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    """The employer's statutory side costs in % of pay: TyEL total − the employee's share
    + health, unemployment, accident and group life insurance."""
    cached = params.derived.get("side_cost_percent")
    if cached is None:
        used = tuple(params.used(key) for key in SIDE_COST_KEYS)
        values = {u.key: u.value for u in used}
        percent = (
            values[ParameterKey.TYEL_TOTAL]
            - values[ParameterKey.TYEL_EMPLOYEE]
            + values[ParameterKey.HEALTH_INSURANCE]
            + values[ParameterKey.UNEMPLOYMENT_INSURANCE]
            + values[ParameterKey.ACCIDENT_INSURANCE]
            + values[ParameterKey.GROUP_LIFE_INSURANCE]
        )
        cached = params.derived["side_cost_percent"] = (percent, used)
    return cached


def holiday_pay_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    """Holiday pay (accrual + holiday bonus) in % of pay: accrual × (1 + bonus)."""
    accrual = params.used(ParameterKey.HOLIDAY_PAY_ACCRUAL)
    bonus = params.used(ParameterKey.HOLIDAY_BONUS)
    return accrual.value * (ONE + bonus.value / HUNDRED), (accrual, bonus)
