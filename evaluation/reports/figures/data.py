"""What a report prints, as plain data: the scope, counts that may be suppressed, rows."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise

from evaluation import selectors, suppression
from evaluation.models import ReportKind
from evaluation.reports.periods import Period
from villages.models import Association, Programme
from workers.models import Employment, Worker
from workers.parameters import UsedValue

MIN_GROUP = suppression.MIN_GROUP
ZERO = Decimal(0)


@dataclass(frozen=True)
class Scope:
    kind: str
    programme: Programme
    period: Period
    association: Association | None = None
    worker: Worker | None = None

    @property
    def is_aggregate(self) -> bool:
        """Programme and village reports are read by officials: no names, no small groups."""
        return self.kind != ReportKind.INDIVIDUAL


@dataclass
class Count:
    """A number of people, or None when it is suppressed as a group under MIN_GROUP."""

    value: int | None
    suppressed: bool = False
    complement: bool = False  # hidden only so that no subtraction gives a small one back

    def __str__(self) -> str:
        if self.complement:
            return "–"
        return f"< {MIN_GROUP}" if self.suppressed else str(self.value)


@dataclass
class MonthRow:
    month: datetime.date
    people: int
    person_months: Decimal | None  # None: fewer than MIN_GROUP people that month


@dataclass
class MetricRow:
    """A metric against its target; `shown` is False when its value describes a group of
    fewer than MIN_GROUP people (an aggregate report then prints "< 5" and no status)."""

    status: object
    shown: bool = True


@dataclass
class ActionRow:
    """A phase-10 development action as the report prints it: no owner, no feedback text
    (both may name people), only what is to change, for which phase, its state and date."""

    title: str
    phase: str
    status: str
    due_on: datetime.date | None
    late: bool
    feedback_source: str


@dataclass
class YearFigures:
    """What the selectors give for one calendar year of the report period."""

    year: int
    economy: selectors.Economy
    sroi: object


@dataclass
class TaxOption:
    """The public sector view's tax option of one year, as the dashboard card states it:
    the option's note, the option parameter and, when it is on, the rates it used."""

    year: int
    included: bool
    notes: tuple[str | Promise, ...]
    parameters: tuple[UsedValue, ...]


@dataclass
class CashRow:
    """A month of the dashboard's cash flow, or with `row` None a run of months (`month`
    to `last`) in which fewer than MIN_GROUP people worked: an aggregate report prints
    no amounts for them, in one line (a table cell is the costliest thing to lay out)."""

    month: datetime.date
    row: object | None
    last: datetime.date | None = None


@dataclass
class CashYear:
    """The associations' cash in one calendar year: the dashboard's `cash_flow`."""

    year: int
    figure: object
    rows: list[CashRow]
    subsidy_lag: UsedValue | None
    top_up_lag: UsedValue | None
    # Officials' reports: the months are not shown (a small month would come back
    # through the later months' payments); the bridging need still is.
    months_hidden: bool = False


@dataclass
class AssistanceFigures:
    """Recorded drops in basic social assistance over the period (dashboard inputs)."""

    recorded: Decimal | None
    people: Count


@dataclass
class ReportData:
    scope: Scope
    participants: Count
    reduced_work_ability: Count
    age_bands: list[tuple[str, Count]]
    subsidy_types: list[tuple[str, Count]]
    destinations: list[tuple[str, Count, Count, Count]]
    licences: list[tuple[str, Count]]
    villages_reached: int
    associations_employing: int
    months: list[MonthRow]
    economy: dict[str, Decimal | None] | None
    economy_missing: str = ""
    group_too_small: bool = False
    years: list[YearFigures] = field(default_factory=list)
    services: dict | None = None
    score_changes: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    hours_recorded: bool = True
    parameters: list[tuple[int, UsedValue]] = field(default_factory=list)
    share_steps: list = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)
    development_actions: list["ActionRow"] = field(default_factory=list)
    tax_options: list[TaxOption] = field(default_factory=list)
    cash_years: list[CashYear] = field(default_factory=list)
    assistance: AssistanceFigures | None = None

    @property
    def taxes_included(self) -> bool:
        """The public sector view counts the taxes returned in at least one year."""
        return any(option.included for option in self.tax_options)

    @property
    def has_data(self) -> bool:
        return bool(self.participants.value) or self.participants.suppressed


def _count(value: int, scope: Scope) -> Count:
    if scope.is_aggregate and suppression.is_small(value):
        return Count(None, suppressed=True)
    return Count(value)


def _distribution(counts: dict, scope: Scope) -> dict:
    """Counts of disjoint groups (with their total printed elsewhere) as Counts, hidden
    complementarily in aggregate reports (`evaluation.suppression.complementary_counts`)."""
    hidden = suppression.complementary_counts(counts) if scope.is_aggregate else set()
    return {
        key: (
            Count(None, suppressed=True, complement=not suppression.is_small(n))
            if key in hidden
            else Count(n)
        )
        for key, n in counts.items()
    }
