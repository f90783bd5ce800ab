"""The money engine: every euro rule of domain brief §5, one pure function each.

Plain functions over plain values (Decimal, dates and the year's `Parameters`): no query
inside. The association's claim basis (services.claims), the economic model
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
"""

import calendar
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from django.utils import formats
from django.utils.translation import gettext_lazy

from ryhma.dates import add_months, month_bounds
from workers.models import ParameterKey, SubsidyPayer, SubsidyType
from workers.parameters import MissingParameter, Parameters, UsedValue

K = ParameterKey
CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
DAY = datetime.timedelta(days=1)


_LAZY: dict[str, object] = {}


def _(message: str):
    """gettext_lazy, one proxy per message: a city-year computes thousands of months, and
    a lazy proxy is translated only when shown, so one object per text serves them all."""
    lazy = _LAZY.get(message)
    if lazy is None:
        lazy = _LAZY[message] = gettext_lazy(message)
    return lazy


def money(value) -> Decimal:
    """The rounding rule, the one place it is written: to cents, half up. Figures shown
    beside the money (hours, person-months, shares) are rounded to two places the same way."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j.n.Y")


# ---------------------------------------------------------------------------------------
# Plain inputs
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A pay-subsidy decision as plain values."""

    id: int | None
    subsidy_type: str
    rate_percent: Decimal
    monthly_cap: Decimal | None
    starts_on: datetime.date
    ends_on: datetime.date
    months: int
    decided_on: datetime.date
    payer: str = SubsidyPayer.MUNICIPALITY
    number: str = ""

    @property
    def label(self) -> str:
        try:
            name = str(SubsidyType(self.subsidy_type).label)
        except ValueError:
            name = self.subsidy_type
        return f"{name} {self.number}".strip()


@dataclass(frozen=True)
class Contract:
    """An employment contract as plain values."""

    starts_on: datetime.date
    ends_on: datetime.date | None
    hourly_wage: Decimal
    hours_per_week: Decimal


def decision_last_day(decision: Decision) -> datetime.date:
    """The decision's last day: its end date, or the end of its number of months from its
    first day if that is earlier (15.3. + 5 months = 14.8.)."""
    return min(decision.ends_on, add_months(decision.starts_on, decision.months) - DAY)


def started_before_decision(contract: Contract, decisions: list[Decision]) -> bool:
    """The contract's first day is earlier than the date of its first decision: the
    employment gets no subsidy at all (a later decision continuing a subsidised employment
    is not "before": the employment did not start without a decision)."""
    if not decisions:
        return False
    return contract.starts_on < min(d.decided_on for d in decisions)


def decision_window(
    contract: Contract, decision: Decision, decisions: list[Decision] | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The days the decision pays for within the contract, or None (none at all).
    `decisions`: all the contract's decisions (for the started-before rule)."""
    if started_before_decision(contract, decisions if decisions is not None else [decision]):
        return None
    first = max(decision.starts_on, contract.starts_on)
    last = decision_last_day(decision)
    if contract.ends_on is not None:
        last = min(last, contract.ends_on)
    return (first, last) if first <= last else None


def decision_in_force(
    contract: Contract, decisions: list[Decision], day: datetime.date
) -> Decision | None:
    """The decision whose days include `day`; of overlapping ones the latest to start
    (a renewal replaces the decision before it)."""
    return _in_force(_windows(contract, decisions), day)


def _windows(contract: Contract, decisions: list[Decision]):
    return [(d, decision_window(contract, d, decisions)) for d in decisions]


def _in_force(windows, day: datetime.date) -> Decision | None:
    best = None
    for decision, window in windows:
        if window and window[0] <= day <= window[1]:
            if best is None or (decision.starts_on, decision.id or 0) > (
                best.starts_on,
                best.id or 0,
            ):
                best = decision
    return best


class Segment(NamedTuple):
    """Consecutive employed days of a month with the same decision in force (or none)."""

    decision: Decision | None
    first: datetime.date
    last: datetime.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@lru_cache(maxsize=1024)
def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_segments(
    contract: Contract, decisions: list[Decision], year: int, month: int
) -> list[Segment]:
    """The month's employed days cut where the decision in force changes."""
    return list(_month_segments(contract, tuple(decisions), year, month))


# A pure function of frozen values: the dashboard asks for each contract-month twice (which
# months need their hours by day, then the subsidy), and a city-year has thousands.
@lru_cache(maxsize=16384)
def _month_segments(
    contract: Contract, decisions: tuple[Decision, ...], year: int, month: int
) -> tuple[Segment, ...]:
    first, last = month_bounds(year, month)
    first = max(first, contract.starts_on)
    if contract.ends_on is not None:
        last = min(last, contract.ends_on)
    if last < first:
        return ()
    # The days on which the decision in force may change.
    windows = _windows(contract, list(decisions))
    cuts = {first, last + DAY}
    for _decision, window in windows:
        if window:
            for day in (window[0], window[1] + DAY):
                if first < day <= last:
                    cuts.add(day)
    days = sorted(cuts)
    segments: list[Segment] = []
    for start, end in zip(days, days[1:], strict=False):
        decision = _in_force(windows, start)
        if segments and segments[-1].decision == decision:
            segments[-1] = Segment(decision, segments[-1].first, end - DAY)
        else:
            segments.append(Segment(decision, start, end - DAY))
    return tuple(segments)


def needs_day_hours(contract: Contract, decisions: list[Decision], year: int, month: int) -> bool:
    """Whether the month's hours must be split by day (more than one segment)."""
    return len(month_segments(contract, decisions, year, month)) > 1


def three_year_rule(
    earlier_last_days: list[datetime.date], starts_on: datetime.date
) -> datetime.date | None:
    """The same employer gets no new pay subsidy for the same person within 3 years of an
    earlier one (except for reduced work ability) [V: Tilisanomat 29.8.2023]: the first day
    a new one may start, or None when `starts_on` is free of the rule."""
    if not earlier_last_days:
        return None
    free_from = add_months(max(earlier_last_days), 36) + DAY
    return free_from if starts_on < free_from else None


# ---------------------------------------------------------------------------------------
# Employer costs
# ---------------------------------------------------------------------------------------

SIDE_COST_KEYS = (
    K.TYEL_TOTAL,
    K.TYEL_EMPLOYEE,
    K.HEALTH_INSURANCE,
    K.UNEMPLOYMENT_INSURANCE,
    K.ACCIDENT_INSURANCE,
    K.GROUP_LIFE_INSURANCE,
)


def side_cost_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    """The employer's statutory side costs in % of pay: TyEL total − the employee's share
    + health, unemployment, accident and group life insurance."""
    cached = params.derived.get("side_cost_percent")
    if cached is None:
        used = tuple(params.used(key) for key in SIDE_COST_KEYS)
        values = {u.key: u.value for u in used}
        percent = (
            values[K.TYEL_TOTAL]
            - values[K.TYEL_EMPLOYEE]
            + values[K.HEALTH_INSURANCE]
            + values[K.UNEMPLOYMENT_INSURANCE]
            + values[K.ACCIDENT_INSURANCE]
            + values[K.GROUP_LIFE_INSURANCE]
        )
        cached = params.derived["side_cost_percent"] = (percent, used)
    return cached


def holiday_pay_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    """Holiday pay (accrual + holiday bonus) in % of pay: accrual × (1 + bonus)."""
    accrual = params.used(K.HOLIDAY_PAY_ACCRUAL)
    bonus = params.used(K.HOLIDAY_BONUS)
    return accrual.value * (ONE + bonus.value / HUNDRED), (accrual, bonus)


# ---------------------------------------------------------------------------------------
# The pay subsidy
# ---------------------------------------------------------------------------------------


class Line(NamedTuple):
    """One input of an explanation: label, value, unit."""

    label: str
    value: Decimal
    unit: str = ""


class DecisionPart(NamedTuple):
    """What one decision pays for one contract in one month, with its explanation.
    (Named tuples here and below: a city-year makes thousands, and a frozen dataclass
    costs several times as much to make.)"""

    decision: Decision | None
    first: datetime.date | None
    last: datetime.date | None
    days: int
    hours: Decimal
    pay: Decimal  # hours × wage, rounded
    amount: Decimal  # the subsidy, rounded once
    formula: str = ""
    lines: tuple[Line, ...] = ()
    parameters: tuple[UsedValue, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def paid_by_city(self) -> bool:
        return self.decision is not None and self.decision.payer == SubsidyPayer.MUNICIPALITY


class MonthSubsidy(NamedTuple):
    """The pay subsidy of one contract in one month: one part per decision in force (and
    one for days no decision pays for), the total, and why days got nothing."""

    parts: tuple[DecisionPart, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.parts), money(ZERO))

    @property
    def city_payable(self) -> Decimal:
        """The part of the subsidy whose decision names the municipality as payer."""
        return sum((p.amount for p in self.parts if p.paid_by_city), money(ZERO))

    @property
    def parameters(self) -> tuple[UsedValue, ...]:
        seen: dict[str, UsedValue] = {}
        for part in self.parts:
            for used in part.parameters:
                seen.setdefault(used.key, used)
        return tuple(seen.values())


def _cap(decision: Decision, params: Parameters, used: list) -> Decimal | None:
    if decision.monthly_cap is not None:
        return decision.monthly_cap
    key = {
        SubsidyType.ASSOCIATION_100: K.ASSOCIATION_SUBSIDY_MONTHLY_CAP,
        SubsidyType.AGE_55_PLUS_70: K.AGE_55_SUBSIDY_MONTHLY_CAP,
    }.get(decision.subsidy_type)
    if key is None:
        return None
    cap = params.used(key)
    used.append(cap)
    return cap.value


PAY_ONLY_HOLIDAY_KEYS = {
    SubsidyType.DISADVANTAGED_50: K.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY,
    SubsidyType.REDUCED_WORK_ABILITY_70: K.REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY,
    SubsidyType.AGE_55_PLUS_70: K.AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY,
}


def _pay_only_base(kind: str, pay: Decimal, params: Parameters, used: list, notes: list):
    """The base of the 50 %, 70 % and 55+ subsidies: the pay only [V], plus holiday pay
    where the type's parameter says the subsidy covers it (default no [U])."""
    key = PAY_ONLY_HOLIDAY_KEYS.get(kind)
    covers = params.used(key) if key else None
    if covers is not None:
        used.append(covers)
    if covers is not None and covers.value == 1:
        holiday, used_holiday = holiday_pay_percent(params)
        used += used_holiday
        notes.append(_("Holiday pay is covered too (parameter); side costs are not."))
        return pay * (ONE + holiday / HUNDRED)
    notes.append(
        _("Side costs, holiday pay and the holiday bonus are not covered (since 1.7.2023).")
    )
    return pay


def decision_subsidy(
    *,
    decision: Decision,
    contract: Contract,
    days: int,
    days_in_month: int,
    hours: Decimal,
    params: Parameters,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
) -> DecisionPart:
    """The subsidy one decision pays for `hours` approved on its `days` days of a month."""
    wage = contract.hourly_wage
    fraction = Decimal(days) / Decimal(days_in_month)
    rate = decision.rate_percent / HUNDRED
    used: list[UsedValue] = []
    notes: list[str] = []
    lines = [
        Line(_("Decision's days in the month"), Decimal(days), _("d")),
        Line(_("Share of the month"), fraction),
        Line(_("Approved hours on those days"), hours, "h"),
        Line(_("Hourly wage"), wage, "€/h"),
        Line(_("Subsidy rate in the decision"), decision.rate_percent, "%"),
    ]
    pay = hours * wage
    kind = decision.subsidy_type
    if kind == SubsidyType.ASSOCIATION_100:
        full_time = params.used(K.FULL_TIME_HOURS_PER_WEEK)
        share = params.used(K.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME)
        weeks = params.used(K.WEEKS_PER_MONTH)
        covers_holiday = params.used(K.ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY)
        statutory, used_statutory = side_cost_percent(params)
        used += [full_time, share, weeks, covers_holiday, *used_statutory]
        limit = full_time.value * share.value / HUNDRED * weeks.value * fraction
        covered = min(hours, limit)
        base_pay = covered * wage
        lines.append(Line(_("Hours the subsidy covers at most"), limit, "h"))
        lines.append(Line(_("Statutory side costs"), statutory, "%"))
        if hours > limit:
            notes.append(_("Hours above 65 % of full time are the association's own cost."))
        base = base_pay * (ONE + statutory / HUNDRED)
        if covers_holiday.value == 1:
            holiday, used_holiday = holiday_pay_percent(params)
            used += used_holiday
            base += base_pay * holiday / HUNDRED * (ONE + statutory / HUNDRED)
            formula = _(
                "min(hours, full-time hours per week × 65 % × weeks per month × share of the"
                " month) × hourly wage × (1 + holiday pay) × (1 + statutory side costs) ×"
                " rate, at most the monthly cap × share of the month"
            )
        else:
            notes.append(_("Holiday pay is the association's own cost (parameter)."))
            formula = _(
                "min(hours, full-time hours per week × 65 % × weeks per month × share of the"
                " month) × hourly wage × (1 + statutory side costs) × rate, at most the"
                " monthly cap × share of the month"
            )
        amount = base * rate
    elif kind == SubsidyType.AGE_55_PLUS_70:
        minimum = params.used(K.AGE_55_MIN_HOURS_PER_WEEK)
        used.append(minimum)
        formula = _(
            "hours × hourly wage × rate (pay only), at most the monthly cap × share of the month"
        )
        if contract.hours_per_week < minimum.value:
            lines.append(Line(_("Contract hours per week"), contract.hours_per_week, "h"))
            return DecisionPart(
                decision, first, last, days, hours, money(pay), money(ZERO), formula,
                tuple(lines), tuple(used),
                (_("The contract is shorter than the 55+ subsidy's minimum hours per week."),),
            )  # fmt: skip
        amount = _pay_only_base(kind, pay, params, used, notes) * rate
    else:
        formula = _("hours × hourly wage × rate (pay only), at most the decision's cap")
        amount = _pay_only_base(kind, pay, params, used, notes) * rate
    cap = _cap(decision, params, used)
    if cap is not None:
        prorated = cap * fraction
        lines.append(Line(_("Monthly cap × share of the month"), money(prorated), "€"))
        if amount > prorated:
            amount = prorated
            notes.append(_("The monthly cap applies."))
    return DecisionPart(
        decision, first, last, days, hours, money(pay), money(amount), formula, tuple(lines),
        tuple(used), tuple(notes),
    )  # fmt: skip


def _no_subsidy_notes(
    contract: Contract, decisions: list[Decision], first: datetime.date, last: datetime.date
) -> list[str]:
    """Why a decision whose dates touch [first, last] pays nothing for some of its days."""
    notes = []
    blocked = started_before_decision(contract, decisions)
    for decision in decisions:
        if decision.ends_on < first or decision.starts_on > last:
            continue
        if blocked:
            notes.append(
                _(
                    "No subsidy from %(decision)s: the employment started on %(start)s, before"
                    " the decision of %(decided)s."
                )
                % {
                    "decision": decision.label,
                    "start": _date(contract.starts_on),
                    "decided": _date(min(d.decided_on for d in decisions)),
                }
            )
            continue
        end = decision_last_day(decision)
        if end < decision.ends_on and end < last:
            notes.append(
                _(
                    "%(decision)s pays for %(months)s months, until %(end)s, although its"
                    " dates run to %(until)s."
                )
                % {
                    "decision": decision.label,
                    "months": decision.months,
                    "end": _date(end),
                    "until": _date(decision.ends_on),
                }
            )
    return notes


def month_subsidy(
    *,
    contract: Contract,
    decisions: list[Decision],
    year: int,
    month: int,
    month_hours: Decimal,
    day_hours: Mapping[datetime.date, Decimal] | Callable | None,
    params: Parameters,
) -> MonthSubsidy:
    """The pay subsidy of one contract in one month (THE function: claim and model).

    `month_hours`: the month's approved hours of the contract. `day_hours`: approved hours
    per day ({date: hours}, or a function giving that mapping), needed only when the month
    has more than one segment (a decision starts or ends inside it)."""
    segments = month_segments(contract, decisions, year, month)
    if not segments:
        return MonthSubsidy(())
    month_days = days_in_month(year, month)
    if len(segments) == 1:
        hours_of = [month_hours]
    else:
        by_day = day_hours() if callable(day_hours) else (day_hours or {})
        hours_of = [
            sum((h for d, h in by_day.items() if s.first <= d <= s.last), ZERO) for s in segments
        ]
    # One part per decision (a decision interrupted by a renewal inside it still pays once).
    grouped: dict[Decision | None, list] = {}
    for segment, hours in zip(segments, hours_of, strict=True):
        entry = grouped.setdefault(segment.decision, [0, ZERO, segment.first, segment.last])
        entry[0] += segment.days
        entry[1] += hours
        entry[3] = segment.last
    parts = []
    for decision, (days, hours, first, last) in grouped.items():
        if decision is None:
            parts.append(
                DecisionPart(
                    None,
                    first,
                    last,
                    days,
                    hours,
                    money(hours * contract.hourly_wage),
                    money(ZERO),
                    _("no decision in force on these days"),
                )  # fmt: skip
            )
        else:
            parts.append(
                decision_subsidy(
                    decision=decision,
                    contract=contract,
                    days=days,
                    days_in_month=month_days,
                    hours=hours,
                    params=params,
                    first=first,
                    last=last,
                )
            )
    first_day, last_day = month_bounds(year, month)
    notes = _no_subsidy_notes(contract, decisions, first_day, last_day)
    return MonthSubsidy(tuple(parts), tuple(notes))


# ---------------------------------------------------------------------------------------
# The cumulation limit
# ---------------------------------------------------------------------------------------


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
    switch = params.used(K.CUMULATION_LIMIT)
    if switch.value != 1:
        return Cumulation(top_up, money(ZERO), money(ZERO), False), (switch,)
    room = max(wage_costs - subsidy, money(ZERO))
    paid = min(top_up, room)
    excess = max(subsidy - wage_costs, money(ZERO))
    return Cumulation(paid, top_up - paid, excess, paid < top_up or excess > 0), (switch,)


# ---------------------------------------------------------------------------------------
# The city view: avoided benefit and benefit days
# ---------------------------------------------------------------------------------------


def avoided_benefit(
    *, fraction: Decimal, pay: Decimal, params: Parameters
) -> tuple[Decimal, Decimal, tuple[UsedValue, ...], bool]:
    """(avoided benefit unrounded, benefit days, parameters used, adjusted?).

    The whole benefit for the employed days is benefit per day × payable days per month ×
    share of the month. With the adjusted-benefit switch on (default) a part-time worker
    keeps an adjusted benefit in which 50 % of the gross pay reduces it, so what is
    avoided is min(benefit, 50 % × pay) [V: Kela; the switch U]."""
    per_day = params.used(K.BENEFIT_PER_DAY)
    per_month = params.used(K.BENEFIT_DAYS_PER_MONTH)
    switch = params.used(K.ADJUSTED_BENEFIT)
    days = per_month.value * fraction
    full = per_day.value * days
    used = [per_day, per_month, switch]
    if switch.value != 1:
        return full, days, tuple(used), False
    reduction = params.used(K.ADJUSTED_BENEFIT_PAY_SHARE)
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
    return params.used(K.CITY_SHARE_OF_SUBSIDY)


# ---------------------------------------------------------------------------------------
# SROI
# ---------------------------------------------------------------------------------------


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
    keys = (K.SROI_DEADWEIGHT, K.SROI_ATTRIBUTION, K.SROI_DISPLACEMENT, K.SROI_DROP_OFF)
    used = [params.used(key) for key in keys]
    rate_used = params.used(K.SROI_DISCOUNT_RATE)
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
        return (value / investment).quantize(CENT, rounding=ROUND_HALF_UP)

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
