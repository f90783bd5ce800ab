"""The economic model of domain brief §5: pure functions over Decimal inputs.

- `worker_month`: the figures of one worker-month (`compute_month`), the municipal
  top-up and the cumulation limit among them.
- `subsidy`: the pay subsidy figure, from the money engine's parts.
- `totals`: sums over worker-months and the programme-level figures (`summarise`).
- `cash`: the associations' cash view and bridging need (`cash_flow`).
- `sroi`: social return on investment (`sroi`).
- `explanations`: `Figure`, the labels and notes, `MonthResult`.
- `amounts`: cents, two decimals, a month's share.

Nothing here touches the database. The inputs of one worker-month (`WorkerMonth`) come
from `evaluation.selectors`; the numbers with a source come from
`workers.parameters.parameters_for(municipality, year)`; a missing value raises
`MissingParameter` naming it, never a silent zero.

ROUNDING RULE (the only one, used everywhere): every euro figure of one worker-month is
computed from the unrounded inputs and parameters and rounded ONCE, to whole cents,
half up (`money()`). Figures derived from them (employer cost, the association's net
cost, the city's and the public sector's net effect) and every total over workers,
months or villages are sums and differences of those rounded figures, so they are exact
in cents and the same on every page, in the PDF and in `economy_summary`. Hours and
person-months are kept to two decimals, the SROI ratio to two decimals, half up.

Every figure is a `Figure` that explains itself: its formula, its inputs and the
parameter values it used, each with its source and status label [V]/[U]/[G].
"""

from evaluation.economy.amounts import HUNDRED, ZERO, month_fraction
from evaluation.economy.cash import CashFlow, CashMonth, cash_flow
from evaluation.economy.explanations import (
    ASSISTANCE_NOTE,
    NATIONAL_ACCOUNTS_NOTE,
    NOTED_SUMS,
    SUMMED,
    SUMMED_LABELS,
    TAX_KEYS,
    TAXES_EXCLUDED_NOTE,
    TAXES_INCLUDED_NOTE,
    Built,
    Figure,
    Input,
    MonthResult,
    taxes_included,
)
from evaluation.economy.sroi import Outcome, SroiResult, sroi
from evaluation.economy.totals import Totals, summarise, summarise_values
from evaluation.economy.worker_month import EARNED, WorkerMonth, compute_earnings, compute_month
from workers.money import money

__all__ = [
    "ASSISTANCE_NOTE",
    "EARNED",
    "HUNDRED",
    "NATIONAL_ACCOUNTS_NOTE",
    "NOTED_SUMS",
    "SUMMED",
    "SUMMED_LABELS",
    "TAXES_EXCLUDED_NOTE",
    "TAXES_INCLUDED_NOTE",
    "TAX_KEYS",
    "ZERO",
    "Built",
    "CashFlow",
    "CashMonth",
    "Figure",
    "Input",
    "MonthResult",
    "Outcome",
    "SroiResult",
    "Totals",
    "WorkerMonth",
    "cash_flow",
    "compute_earnings",
    "compute_month",
    "money",
    "month_fraction",
    "sroi",
    "summarise",
    "summarise_values",
    "taxes_included",
]
