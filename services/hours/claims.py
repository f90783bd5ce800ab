"""The pay-subsidy claim basis of an association's month, from its approved hours.

The subsidy is computed by the money engine (`workers.money.month_subsidy`), the same
function the economic model uses, so the claim basis of an association and month equals
the model's subsidy income for it to the cent (domain brief §5, "one implementation").
One row per worker and decision in force in the month, saying which decision and which
days it covers; hours on days no decision pays for form a row of their own, with the
reason (no decision, an employment started before its decision, a decision past its
number of months). `claims_for_month` reads the month in a constant number of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from ryhma.dates import month_bounds
from services.models import WorkEntry
from workers import money as engine
from workers.models import Employment, SubsidyDecision
from workers.parameters import Parameters, parameters_for_years

ZERO = Decimal("0")


def side_cost_rate(parameters: Parameters) -> Decimal:
    """The employer's statutory side costs as a fraction of pay (0.2072 for 20.72 %)."""
    percent, _used = engine.side_cost_percent(parameters)
    return percent / 100


# The columns of an Employment that the claims read: its contract and its worker's name.
CONTRACT_COLUMNS = ("starts_on", "ends_on", "hourly_wage", "hours_per_week", "worker")


def contract_of(employment: Employment) -> engine.Contract:
    return engine.Contract(
        employment.starts_on, employment.ends_on, employment.hourly_wage, employment.hours_per_week
    )


@dataclass(frozen=True)
class ClaimRow:
    """One worker's hours under one decision (or under none) in the month."""

    employment: Employment
    part: engine.DecisionPart
    month: datetime.date
    notes: tuple[str, ...] = ()

    @property
    def decision(self) -> engine.Decision | None:
        return self.part.decision

    @property
    def hours(self) -> Decimal:
        return self.part.hours

    @property
    def gross_pay(self) -> Decimal:
        return self.part.pay

    @property
    def subsidy(self) -> Decimal:
        return self.part.amount

    @property
    def first(self):
        return self.part.first

    @property
    def last(self):
        return self.part.last

    @property
    def days(self) -> int:
        return self.part.days


def month_claims(
    *,
    employment: Employment,
    decisions: list[engine.Decision],
    month: datetime.date,
    month_hours: Decimal,
    day_hours: dict[datetime.date, Decimal],
    parameters: Parameters,
) -> list[ClaimRow]:
    """The claim rows of one employment and month (pure: no queries)."""
    subsidy = engine.month_subsidy(
        contract=contract_of(employment),
        decisions=decisions,
        year=month.year,
        month=month.month,
        month_hours=month_hours,
        day_hours=day_hours,
        params=parameters,
    )
    notes = tuple(str(n) for n in subsidy.notes)
    return [
        ClaimRow(
            employment, part, month, tuple(dict.fromkeys((*(str(n) for n in part.notes), *notes)))
        )
        for part in subsidy.parts
        if part.hours or part.amount
    ]


# The columns of a SubsidyDecision row that the engine reads, in `engine.Decision`'s order.
DECISION_COLUMNS = (
    "pk",
    "subsidy_type",
    "rate_percent",
    "monthly_cap",
    "starts_on",
    "ends_on",
    "months",
    "decided_on",
    "payer",
    "decision_number",
)


def claims_for_month(
    association,
    month: datetime.date,
    *,
    approved_hours: dict[int, dict[datetime.date, Decimal]] | None = None,
) -> list[ClaimRow]:
    """The association's claim rows of the month (five queries), by worker name.

    `approved_hours`: the month's approved hours by contract and day, when the caller has
    read them (the month page, with its status counts); then four queries. The decisions
    are read straight into the engine's plain values (`engine.Decision`), without model
    instances: a city association's month has dozens."""
    first, last = month_bounds(month.year, month.month)
    parameters = parameters_for_years(association.village.municipality, [first.year])[first.year]
    employments = {
        e.pk: e
        for e in Employment.objects.filter(association=association)
        .overlapping(first, last)
        .select_related("worker")
        .only(*CONTRACT_COLUMNS, "worker__first_name", "worker__last_name")
    }
    decisions: dict[int, list[engine.Decision]] = defaultdict(list)
    # In the model's order (its Meta.ordering), as `employment.subsidy_decisions.all()`.
    rows = SubsidyDecision.objects.filter(employment__in=employments).values_list(
        "employment_id", *DECISION_COLUMNS
    )
    for employment_id, *columns in rows:
        decisions[employment_id].append(engine.Decision(*columns))
    if approved_hours is None:
        approved_hours = approved_day_hours(employments, first, last)
    result = []
    for employment_id, days in approved_hours.items():
        if employment_id not in employments:
            continue  # not expected: an entry's day lies inside its contract (a database rule)
        result += month_claims(
            employment=employments[employment_id],
            decisions=decisions[employment_id],
            month=first,
            month_hours=sum(days.values(), ZERO),
            day_hours=days,
            parameters=parameters,
        )
    return sorted(
        result,
        key=lambda c: (
            c.employment.worker.last_name,
            c.employment.worker.first_name,
            c.employment.pk,
            c.first or first,
        ),
    )


def approved_day_hours(employments, first: datetime.date, last: datetime.date) -> dict:
    """Approved hours of `employments` (ids) in [first, last] by employment id and day."""
    rows = (
        WorkEntry.objects.approved()
        .between(first, last)
        .filter(employment__in=employments)
        .values_list("employment_id", "work_date")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    by_day: dict[int, dict[datetime.date, Decimal]] = defaultdict(dict)
    for employment_id, work_date, total in rows:
        by_day[employment_id][work_date] = Decimal(total)
    return by_day


def claims_total(claims: list[ClaimRow]) -> Decimal:
    return sum((c.subsidy for c in claims), engine.money(ZERO))
