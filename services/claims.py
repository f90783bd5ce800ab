"""The pay-subsidy claim basis of an employment for a month, from its approved hours.

`claim_basis` is pure (no queries) so the evaluation app can reuse it; `claims_for_month`
loads an association's month in a constant number of queries. For one employment, one
subsidy decision and one calendar month, with the parameters `p` of that year:

    H  approved hours on the days the decision covers (current approved or locked rows)
    W  gross pay       = round(H × hourly wage)                  the payslip's figure
    r  side-cost rate  = (TyEL total − TyEL employee share + health insurance
                          + unemployment insurance + accident insurance + group life) / 100
    P  side costs      = round(W × r)
    C  wage cost       = W + P
    B  subsidy base    = C; for the 55+ subsidy W only ("wage only")
    f  hours factor    = 1; for the association subsidy min(1, L / H) where
                          L = full-time h/week × weeks per month × max share of full time / 100
                          (hours above 65 % of full time are the association's own cost)
    cap                = the decision's monthly cap; without one, the type's cap parameter
                          (association, 55+); the other types have none
    S  subsidy due     = min(cap, round(B × f × decision rate / 100))

Every money figure is rounded once, half up, to cents. The monthly hour limit L and the
cap are not prorated for a partial month. A missing parameter raises MissingParameter.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from services.models import WorkEntry
from services.weeks import month_bounds
from workers.models import Employment, ParameterKey, SubsidyDecision, SubsidyType
from workers.parameters import Parameters, parameters_for

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
K = ParameterKey

SIDE_COST_KEYS = (
    K.HEALTH_INSURANCE,
    K.UNEMPLOYMENT_INSURANCE,
    K.ACCIDENT_INSURANCE,
    K.GROUP_LIFE_INSURANCE,
)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def side_cost_rate(parameters: Parameters) -> Decimal:
    """The employer's statutory side costs as a fraction of gross pay (0.2072 for 20.72 %)."""
    percent = parameters.value(K.TYEL_TOTAL) - parameters.value(K.TYEL_EMPLOYEE)
    percent += sum((parameters.value(key) for key in SIDE_COST_KEYS), Decimal("0"))
    return percent / HUNDRED


@dataclass(frozen=True)
class ClaimBasis:
    employment: Employment
    decision: SubsidyDecision | None
    month: datetime.date
    hours: Decimal
    gross_pay: Decimal
    side_costs: Decimal
    wage_cost: Decimal
    subsidy_base: Decimal
    hours_factor: Decimal
    cap: Decimal | None
    subsidy: Decimal


def _cap(decision: SubsidyDecision, parameters: Parameters) -> Decimal | None:
    if decision.monthly_cap is not None:
        return decision.monthly_cap
    if decision.subsidy_type == SubsidyType.ASSOCIATION_100:
        return parameters.value(K.ASSOCIATION_SUBSIDY_MONTHLY_CAP)
    if decision.subsidy_type == SubsidyType.AGE_55_PLUS_70:
        return parameters.value(K.AGE_55_SUBSIDY_MONTHLY_CAP)
    return None


def claim_basis(
    *,
    employment: Employment,
    decision: SubsidyDecision | None,
    month: datetime.date,
    hours: Decimal,
    parameters: Parameters,
) -> ClaimBasis:
    """The claim basis for `hours` approved hours (see the module docstring)."""
    gross_pay = cents(hours * employment.hourly_wage)
    side_costs = cents(gross_pay * side_cost_rate(parameters))
    wage_cost = gross_pay + side_costs
    if decision is None:
        return ClaimBasis(
            employment, None, month, hours, gross_pay, side_costs, wage_cost,
            Decimal("0.00"), Decimal("0"), None, Decimal("0.00"),
        )  # fmt: skip
    base = gross_pay if decision.subsidy_type == SubsidyType.AGE_55_PLUS_70 else wage_cost
    factor = Decimal("1")
    if decision.subsidy_type == SubsidyType.ASSOCIATION_100 and hours > 0:
        limit = (
            parameters.value(K.FULL_TIME_HOURS_PER_WEEK)
            * parameters.value(K.WEEKS_PER_MONTH)
            * parameters.value(K.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME)
            / HUNDRED
        )
        factor = min(Decimal("1"), limit / hours)
    cap = _cap(decision, parameters)
    subsidy = cents(base * factor * decision.rate_percent / HUNDRED)
    if cap is not None:
        subsidy = min(subsidy, cap)
    return ClaimBasis(
        employment, decision, month, hours, gross_pay, side_costs, wage_cost,
        base, factor, cap, subsidy,
    )  # fmt: skip


def claims_for_month(association, month: datetime.date) -> list[ClaimBasis]:
    """One claim basis per employment and decision of the association's month (5 queries).

    Hours on days no decision covers form a row of their own with no subsidy.
    """
    first, last = month_bounds(month)
    parameters = parameters_for(association.village.municipality, first.year)
    employments = {
        e.pk: e
        for e in Employment.objects.filter(association=association)
        .overlapping(first, last)
        .select_related("worker")
        .prefetch_related("subsidy_decisions")
    }
    # Each contract's decisions once: `.all()` on a prefetched relation makes a new
    # queryset every time (it was called for each of a crew's thousand entries).
    decisions = {pk: list(e.subsidy_decisions.all()) for pk, e in employments.items()}
    hours: dict[tuple[int, int | None], Decimal] = defaultdict(Decimal)
    rows = (
        WorkEntry.objects.approved()
        .between(first, last)
        .filter(employment__in=employments)
        .values_list("employment_id", "work_date")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for employment_id, work_date, value in rows:
        decision = next((d for d in decisions[employment_id] if d.covers(work_date)), None)
        hours[employment_id, decision.pk if decision else None] += value
    result = []
    for (employment_id, decision_id), total in hours.items():
        employment = employments[employment_id]
        decision = next((d for d in decisions[employment_id] if d.pk == decision_id), None)
        result.append(
            claim_basis(
                employment=employment,
                decision=decision,
                month=first,
                hours=total,
                parameters=parameters,
            )
        )
    return sorted(
        result,
        key=lambda c: (
            c.employment.worker.last_name,
            c.employment.worker.first_name,
            c.employment.pk,
        ),
    )
