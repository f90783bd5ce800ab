"""The associations' cash view: the monthly gap while the pay subsidy and the top-up are
paid in arrears, and the bridging need."""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from evaluation.economy.amounts import ZERO
from evaluation.economy.explanations import Figure, Input
from workers.models import ParameterKey
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
    money,
)
from workers.parameters import MissingParameter, Parameters


@dataclass(frozen=True)
class CashMonth:
    """The associations' cash in one month when the subsidy and top-up come in arrears."""

    month: int
    paid_out: Decimal  # employer cost, paid in the month worked
    earned: Decimal  # pay subsidy and top-up earned for the month
    received: Decimal  # pay subsidy and top-up paid in the month (earned months earlier)
    gap: Decimal  # paid out − received
    outstanding: Decimal  # earned but not yet received at the end of the month


@dataclass
class CashFlow:
    months: list[CashMonth]
    figure: Figure  # the bridging need: the largest amount outstanding at a month's end


def cash_flow(
    monthly: list[tuple[int, Decimal | None, Decimal | None, Decimal | None]],
    params: Parameters,
    *,
    year: int,
    earlier: list[tuple[Decimal | None, Decimal | None]] | None = None,
) -> CashFlow:
    """The cash gap per month and the bridging need, from consecutive months of one year.

    `monthly` is [(month, employer cost, pay subsidy income, municipal top-up)] in order.
    The subsidy of month m is paid in month m + subsidy lag, the top-up in m + top-up lag
    (both whole months, parameters). Received(m) = S(m − Ls) + K(m − Lk); outstanding at
    the end of m = S over the last Ls months + K over the last Lk months; the bridging need
    is the largest outstanding amount. Inputs are rounded cents, so every value is exact.

    `earlier` is [(pay subsidy income, municipal top-up)] of the months just before the
    first one, oldest first (as many as the longer lag): what they earned is received, or
    still to come, inside the period. Without them (or with a value missing) the first
    months' receipts are understated, and a note says so.
    """
    label = _("Bridging need: subsidy and top-up not yet received")
    formula = _(
        "largest, over the months, of: pay subsidy earned in the last (subsidy lag) months +"
        " top-up earned in the last (top-up lag) months, earned but not yet paid"
    )
    try:
        subsidy_lag = params.used(ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS)
        top_up_lag = params.used(ParameterKey.TOP_UP_PAYMENT_LAG_MONTHS)
    except MissingParameter as error:
        return CashFlow([], Figure("bridging_need", label, None, formula, missing=(str(error),)))
    missing = [month for month, *values in monthly if any(value is None for value in values)]
    if missing:
        names = tuple(
            _("The figures of month %(month)s are missing.") % {"month": month} for month in missing
        )
        return CashFlow([], Figure("bridging_need", label, None, formula, missing=names))
    subsidy_lag_months, top_up_lag_months = int(subsidy_lag.value), int(top_up_lag.value)
    earlier = list(earlier or ())
    earlier_known = len(earlier) >= max(subsidy_lag_months, top_up_lag_months) and all(
        value is not None for pair in earlier for value in pair
    )
    if not earlier_known:
        earlier = []
    lead = len(earlier)
    # No value is None from here: a month with one returned above, and `earlier` is kept
    # only whole.
    subsidies = cast(list[Decimal], [row[0] for row in earlier] + [row[2] for row in monthly])
    top_ups = cast(list[Decimal], [row[1] for row in earlier] + [row[3] for row in monthly])
    months = []
    for position, (month, cost, subsidy, top_up) in enumerate(
        cast(list[tuple[int, Decimal, Decimal, Decimal]], monthly)
    ):
        index = position + lead
        received = (
            subsidies[index - subsidy_lag_months] if index >= subsidy_lag_months else ZERO
        ) + (top_ups[index - top_up_lag_months] if index >= top_up_lag_months else ZERO)
        outstanding = sum(
            subsidies[max(0, index - subsidy_lag_months + 1) : index + 1], ZERO
        ) + sum(top_ups[max(0, index - top_up_lag_months + 1) : index + 1], ZERO)
        months.append(
            CashMonth(month, cost, subsidy + top_up, received, cost - received, outstanding)
        )
    peak = max(months, key=lambda cash: cash.outstanding, default=None)
    notes: list[str | Promise] = [
        _("Wages and side costs are paid in the month worked; service revenue is not counted."),
    ]
    if peak is not None and peak.outstanding > 0:
        notes.append(
            _("The need is largest at the end of %(month)s/%(year)s.")
            % {"month": peak.month, "year": year}
        )
    if monthly and (subsidy_lag_months or top_up_lag_months) and earlier_known:
        notes.append(
            _(
                "Amounts received in the first months include the subsidy and top-up earned"
                " before %(month)s/%(year)s."
            )
            % {"month": monthly[0][0], "year": year}
        )
    elif monthly and (subsidy_lag_months or top_up_lag_months):
        notes.append(
            _(
                "Subsidy and top-up earned before %(month)s/%(year)s are not in this view: in the"
                " first months of the period the amounts received are understated."
            )
            % {"month": monthly[0][0], "year": year}
        )
    figure = Figure(
        "bridging_need",
        label,
        peak.outstanding if peak is not None else money(ZERO),
        formula,
        tuple(
            Input(
                _("Still to come at the end of %(month)s/%(year)s")
                % {"month": cash.month, "year": year},
                cash.outstanding,
                "€",
            )
            for cash in months
        ),
        (subsidy_lag, top_up_lag),
        tuple(notes),
    )
    return CashFlow(months, figure)
