"""A contract and its decisions as plain values, and the days each decision pays for."""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ryhma.dates import add_months, month_bounds
from workers.models import Employment, SubsidyDecision, SubsidyPayer, SubsidyType
from workers.money.rounding import DAY


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


def started_before_decision(
    contract: Contract | Employment, decisions: Sequence[Decision | SubsidyDecision]
) -> bool:
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
