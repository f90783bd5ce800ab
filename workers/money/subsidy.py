"""The pay subsidy of a contract in a month: one part per decision in force."""

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import NamedTuple

from django.utils import formats
from django.utils.translation import gettext_lazy

from workers.models import ParameterKey, SubsidyPayer, SubsidyType
from workers.money.employer_costs import holiday_pay_percent, side_cost_percent
from workers.money.periods import (
    Contract,
    Decision,
    days_in_month,
    decision_last_day,
    month_bounds,
    month_segments,
    started_before_decision,
)
from workers.money.rounding import HUNDRED, ONE, ZERO, money
from workers.parameters import Parameters, UsedValue

_LAZY: dict[str, object] = {}


def _(message: str):
    """gettext_lazy, one proxy per message: a city-year computes thousands of months, and
    a lazy proxy is translated only when shown, so one object per text serves them all."""
    lazy = _LAZY.get(message)
    if lazy is None:
        lazy = _LAZY[message] = gettext_lazy(message)
    return lazy


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j.n.Y")


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
    caps: dict[str, ParameterKey] = {
        SubsidyType.ASSOCIATION_100: ParameterKey.ASSOCIATION_SUBSIDY_MONTHLY_CAP,
        SubsidyType.AGE_55_PLUS_70: ParameterKey.AGE_55_SUBSIDY_MONTHLY_CAP,
    }
    key = caps.get(decision.subsidy_type)
    if key is None:
        return None
    cap = params.used(key)
    used.append(cap)
    return cap.value


PAY_ONLY_HOLIDAY_KEYS: dict[str, ParameterKey] = {
    SubsidyType.DISADVANTAGED_50: ParameterKey.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY,
    SubsidyType.REDUCED_WORK_ABILITY_70: ParameterKey.REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY,
    SubsidyType.AGE_55_PLUS_70: ParameterKey.AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY,
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
        full_time = params.used(ParameterKey.FULL_TIME_HOURS_PER_WEEK)
        share = params.used(ParameterKey.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME)
        weeks = params.used(ParameterKey.WEEKS_PER_MONTH)
        covers_holiday = params.used(ParameterKey.ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY)
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
        minimum = params.used(ParameterKey.AGE_55_MIN_HOURS_PER_WEEK)
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
