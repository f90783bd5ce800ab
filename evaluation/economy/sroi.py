"""Social return on investment (SOSTE's guide), by the money engine's `sroi_values`."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from evaluation.economy.amounts import ZERO
from evaluation.economy.explanations import Figure, Input
from workers import money as engine
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
)
from workers.parameters import Parameters

Outcome = engine.Outcome


@dataclass
class SroiResult:
    ratio: Decimal | None
    present_value: Decimal
    investment: Decimal
    outcome_values: list[tuple[Outcome, Decimal]]
    figure: Figure
    details: engine.SroiValues
    investment_parts: tuple[Input, ...] = ()


def sroi(
    outcomes: Iterable[Outcome],
    *,
    investment: Decimal,
    params: Parameters,
    investment_parts: tuple[Input, ...] = (),
) -> SroiResult:
    """Social return on investment (SOSTE's guide), by the money engine's `sroi_values`.

    Every proxy with its quantity, value, deductions and present value; the value of
    services net of what customers paid; fiscal savings apart from social value. A ratio
    of 0 is 0 (None only without an investment)."""
    values = engine.sroi_values(list(outcomes), investment=investment, params=params)
    notes: list[str | Promise] = [
        _(
            "Fiscal savings (avoided benefit) %(fiscal)s € are shown apart from the social value"
            " %(social)s €."
        )
        % {"fiscal": values.fiscal_value, "social": values.social_value},
    ]
    if any(valued.outcome.customer_paid for valued in values.outcomes):
        notes.append(_("The value of services is net of what customers paid (already revenue)."))
    figure = Figure(
        "sroi_ratio",
        _("SROI ratio"),
        values.ratio if values.ratio is not None else ZERO,
        _(
            "Σ present value of outcomes (net of customer payments) after deadweight,"
            " attribution, displacement and drop-off, discounted / investment (employer cost"
            " + coordination costs)"
        ),
        (
            *(
                Input(str(valued.outcome.name), valued.present_value, "€")
                for valued in values.outcomes
            ),
            Input(_("Present value of outcomes"), values.present_value, "€"),
            *investment_parts,
            Input(_("Investment"), values.investment, "€"),
        ),
        values.parameters,
        tuple(notes),
    )
    return SroiResult(
        values.ratio,
        values.present_value,
        values.investment,
        [(valued.outcome, valued.present_value) for valued in values.outcomes],
        figure,
        values,
        tuple(investment_parts),
    )
