"""The money engine: every euro rule of domain brief §5, one pure function each.

Plain functions over plain values (Decimal, dates and the year's `Parameters`): no query
inside. The association's claim basis (services.hours.claims), the economic model
(evaluation.economy) and through it the dashboards, the "how was this computed" pages,
the PDF reports and `economy_summary` all compute the pay subsidy with `month_subsidy`,
so the same inputs give the same euros everywhere (domain brief §5, "one implementation").

Definitions shared by every caller:

- *Pay* = approved hours × hourly wage.
- *Holiday pay* = pay × holiday pay accrual × (1 + holiday bonus): the accrual and the
  holiday bonus (lomaraha) are employer costs of their own.
- *Wage costs* = pay + holiday pay + statutory side costs on them; occupational health,
  tools, transport and supervision are other employer costs, outside them.
- A decision pays for its own days only, from its first day for at most its number of
  months (15.3. + 5 months = 14.8.). An employment whose first day is earlier than the
  date of its first decision gets nothing at all (HE 175/2022 [V]); a later decision
  continuing a subsidised employment is not "before" it. The hours of a day belong to the decision
  in force that day; two decisions in one month each pay for their own days.
- The subsidy of a decision in a month, by type: the 50 %, 70 % and 55+ subsidies are a
  share of the pay only; the 100 % association subsidy is a share of pay + statutory side
  costs (+ holiday pay where its parameter says so), for hours up to 65 % of full time.
  The hour limit (0.65 × full-time hours per week × weeks per month) and the monthly cap
  are prorated by the decision's days in the month / the month's days.

ROUNDING: each decision's subsidy in a month is rounded once, to cents, half up; the
month's subsidy is the sum of those. Every other worker-month figure is rounded once too
(see evaluation.economy).

Where each rule is: `periods` (a contract and its decisions as plain values, the days a
decision pays for, the three-year rule), `employer_costs` (side costs, holiday pay),
`subsidy` (the pay subsidy of a contract-month), `top_up` (the municipal top-up under the
cumulation limit), `city_view` (avoided benefit, benefit days, the municipal share), `sroi`
and `rounding`. Callers use the names below through `workers.money`.
"""

from workers.money.city_view import (
    avoided_benefit,
    city_share_of_subsidy,
    person_benefit_days,
    share_segments,
)
from workers.money.employer_costs import SIDE_COST_KEYS, holiday_pay_percent, side_cost_percent
from workers.money.periods import (
    Contract,
    Decision,
    Segment,
    days_in_month,
    decision_in_force,
    decision_last_day,
    decision_window,
    month_bounds,
    month_segments,
    needs_day_hours,
    started_before_decision,
    three_year_rule,
)
from workers.money.rounding import CENT, DAY, HUNDRED, ONE, ZERO, money
from workers.money.sroi import Outcome, OutcomeValue, SroiValues, sroi_values
from workers.money.subsidy import (
    PAY_ONLY_HOLIDAY_KEYS,
    DecisionPart,
    Line,
    MonthSubsidy,
    _,
    decision_subsidy,
    month_subsidy,
)
from workers.money.top_up import Cumulation, cumulation

__all__ = [
    "avoided_benefit",
    "city_share_of_subsidy",
    "person_benefit_days",
    "share_segments",
    "SIDE_COST_KEYS",
    "holiday_pay_percent",
    "side_cost_percent",
    "Contract",
    "Decision",
    "Segment",
    "days_in_month",
    "decision_in_force",
    "decision_last_day",
    "decision_window",
    "month_bounds",
    "month_segments",
    "needs_day_hours",
    "started_before_decision",
    "three_year_rule",
    "CENT",
    "DAY",
    "HUNDRED",
    "ONE",
    "ZERO",
    "money",
    "Outcome",
    "OutcomeValue",
    "SroiValues",
    "sroi_values",
    "PAY_ONLY_HOLIDAY_KEYS",
    "DecisionPart",
    "Line",
    "MonthSubsidy",
    "_",
    "decision_subsidy",
    "month_subsidy",
    "Cumulation",
    "cumulation",
]
