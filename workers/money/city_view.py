"""The city's view: avoided unemployment benefit, benefit days and the municipal share."""

from collections.abc import Mapping
from decimal import Decimal

from workers.models import ParameterKey
from workers.money.rounding import HUNDRED, ONE
from workers.parameters import MissingParameter, Parameters, UsedValue


def avoided_benefit(
    *, fraction: Decimal, pay: Decimal, params: Parameters
) -> tuple[Decimal, Decimal, tuple[UsedValue, ...], bool]:
    """(avoided benefit unrounded, benefit days, parameters used, adjusted?).

    The whole benefit for the employed days is benefit per day × payable days per month ×
    share of the month. With the adjusted-benefit switch on (default) a part-time worker
    keeps an adjusted benefit in which 50 % of the gross pay reduces it, so what is
    avoided is min(benefit, 50 % × pay) [V: Kela; the switch U]."""
    per_day = params.used(ParameterKey.BENEFIT_PER_DAY)
    per_month = params.used(ParameterKey.BENEFIT_DAYS_PER_MONTH)
    switch = params.used(ParameterKey.ADJUSTED_BENEFIT)
    days = per_month.value * fraction
    full = per_day.value * days
    used = [per_day, per_month, switch]
    if switch.value != 1:
        return full, days, tuple(used), False
    reduction = params.used(ParameterKey.ADJUSTED_BENEFIT_PAY_SHARE)
    used.append(reduction)
    return min(full, pay * reduction.value / HUNDRED), days, tuple(used), True


def person_benefit_days(
    base_days: Decimal, fractions: Mapping[int, Decimal], per_month: Decimal
) -> dict[int, Decimal]:
    """Cumulative benefit days at the start of each month (index) a person is employed.

    Had the person stayed unemployed, each employed month would have added the payable
    days × the share of the month employed; the days keep counting across the person's
    consecutive contracts (the step reached is the person's, not the contract's).
    `fractions`: {month index: share of the month employed, over all contracts, ≤ 1}."""
    days, result = Decimal(base_days), {}
    for index in sorted(fractions):
        result[index] = days
        days += per_month * min(fractions[index], ONE)
    return result


def share_segments(
    params: Parameters, start_days: Decimal, days: Decimal
) -> list[tuple[Decimal, Decimal]]:
    """[(benefit days, municipal share %)] for the days start_days … start_days + days,
    split where the step table changes."""
    steps = params.share_steps
    if not steps:
        raise MissingParameter("municipal_share_steps", params.year)
    segments = []
    position, end = Decimal(start_days), Decimal(start_days) + days
    boundaries = [Decimal(s.from_days) for s in steps if Decimal(s.from_days) > position]
    for boundary in [*boundaries, end]:
        upper = min(boundary, end)
        if upper > position:
            segments.append((upper - position, params.municipal_share(int(position))))
            position = upper
        if position >= end:
            break
    return segments


def city_share_of_subsidy(params: Parameters) -> UsedValue:
    """The city's share of the pay subsidy the employment area pays [U], default 100 %."""
    return params.used(ParameterKey.CITY_SHARE_OF_SUBSIDY)
