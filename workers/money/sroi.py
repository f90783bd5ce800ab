"""Social return on investment (SROI) of the outcomes."""

from dataclasses import dataclass, field
from decimal import Decimal

from workers.models import ParameterKey
from workers.money.rounding import HUNDRED, ONE, ZERO, money
from workers.parameters import Parameters, UsedValue


@dataclass(frozen=True)
class Outcome:
    """One SROI outcome: quantity × financial proxy, lasting `duration_years`.

    `customer_paid`: what customers already paid for it (deducted: that money is revenue
    already); `fiscal`: a saving of public money, shown apart from social value."""

    name: str
    quantity: Decimal
    value_per_unit: Decimal
    duration_years: int = 1
    source: str = ""
    status: str = ""
    quantity_label: str = ""
    customer_paid: Decimal = ZERO
    fiscal: bool = False


@dataclass(frozen=True)
class OutcomeValue:
    outcome: Outcome
    gross: Decimal  # quantity × value per unit
    net_of_payments: Decimal  # gross − what customers paid (not below 0)
    after_deductions: Decimal  # year-1 value after deadweight, attribution, displacement
    present_value: Decimal  # over the duration, with drop-off, discounted; rounded once


@dataclass(frozen=True)
class SroiValues:
    outcomes: tuple[OutcomeValue, ...]
    social_value: Decimal
    fiscal_value: Decimal
    present_value: Decimal
    investment: Decimal
    ratio: Decimal | None
    social_ratio: Decimal | None
    deductions: dict  # key -> percent
    parameters: tuple[UsedValue, ...] = field(default=())


def sroi_values(outcomes, *, investment: Decimal, params: Parameters) -> SroiValues:
    """SOSTE's guide: year-1 value = (quantity × proxy − customer payments) × (1 −
    deadweight) × (1 − attribution) × (1 − displacement); year t = year-1 × (1 −
    drop-off)^(t − 1); present value = Σ value_t / (1 + r)^t, rounded once per outcome.
    Ratio = Σ present value / investment (to two decimals, half up); 0 is 0."""
    keys = (
        ParameterKey.SROI_DEADWEIGHT,
        ParameterKey.SROI_ATTRIBUTION,
        ParameterKey.SROI_DISPLACEMENT,
        ParameterKey.SROI_DROP_OFF,
    )
    used = [params.used(key) for key in keys]
    rate_used = params.used(ParameterKey.SROI_DISCOUNT_RATE)
    deadweight, attribution, displacement, drop_off = (u.value / HUNDRED for u in used)
    rate = rate_used.value / HUNDRED
    kept = (ONE - deadweight) * (ONE - attribution) * (ONE - displacement)
    values = []
    for outcome in outcomes:
        gross = outcome.quantity * outcome.value_per_unit
        net = max(gross - outcome.customer_paid, ZERO)
        first_year = net * kept
        present = sum(
            (
                first_year * (ONE - drop_off) ** (t - 1) / (ONE + rate) ** t
                for t in range(1, outcome.duration_years + 1)
            ),
            ZERO,
        )
        values.append(
            OutcomeValue(outcome, money(gross), money(net), money(first_year), money(present))
        )
    social = sum((v.present_value for v in values if not v.outcome.fiscal), money(ZERO))
    fiscal = sum((v.present_value for v in values if v.outcome.fiscal), money(ZERO))
    total = social + fiscal
    investment = money(investment)

    def ratio(value):
        if investment <= 0:
            return None
        return money(value / investment)

    return SroiValues(
        tuple(values),
        social,
        fiscal,
        total,
        investment,
        ratio(total),
        ratio(social),
        {u.key: u.value for u in (*used, rate_used)},
        (*used, rate_used),
    )
