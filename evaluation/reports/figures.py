"""Every number a report prints, gathered in one place from the recorded data.

This module is the single switch point between the reports and the evaluation model:
the sections never compute anything themselves. Until the evaluation issue's economic
model and selectors land, the economy is computed here from the employment contracts,
the subsidy decisions and the year's parameter set (domain brief §5); swap
`_economy` and `_people` for the evaluation selectors when they exist.

Privacy: programme and village reports show no names and no group under
`MIN_GROUP` people (domain brief §7); such counts print as "< 5".
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from evaluation.models import ReportKind
from evaluation.reports.periods import Period, next_month
from villages.models import Association, Programme
from workers.models import Employment, ParameterKey, SubsidyPayer, SubsidyType, Worker
from workers.parameters import MissingParameter, Parameters, UsedValue, parameters_for

MIN_GROUP = 5
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
K = ParameterKey


def cents(value: Decimal) -> Decimal:
    """The one rounding rule for money: half up, to the cent, once at the end."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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

    def __str__(self) -> str:
        return f"< {MIN_GROUP}" if self.suppressed else str(self.value)


@dataclass
class Economy:
    hours: Decimal = Decimal(0)
    person_months: Decimal = Decimal(0)
    wage_cost: Decimal = Decimal(0)
    side_costs: Decimal = Decimal(0)
    other_employer_costs: Decimal = Decimal(0)
    subsidy_income: Decimal = Decimal(0)
    subsidy_paid_by_city: Decimal = Decimal(0)
    municipal_top_up: Decimal = Decimal(0)
    service_revenue: Decimal = Decimal(0)
    city_avoided_benefit_share: Decimal = Decimal(0)
    public_avoided_benefit: Decimal = Decimal(0)
    coordination_cost: Decimal = Decimal(0)

    @property
    def employer_cost(self) -> Decimal:
        return self.wage_cost + self.side_costs + self.other_employer_costs

    @property
    def association_net_cost(self) -> Decimal:
        return (
            self.employer_cost - self.subsidy_income - self.municipal_top_up - self.service_revenue
        )

    @property
    def city_net_effect(self) -> Decimal:
        return (
            self.city_avoided_benefit_share
            - self.subsidy_paid_by_city
            - self.municipal_top_up
            - self.coordination_cost
        )

    @property
    def public_sector_net_effect(self) -> Decimal:
        return (
            self.public_avoided_benefit
            - self.subsidy_income
            - self.municipal_top_up
            - self.coordination_cost
        )

    def rounded(self) -> "Economy":
        money = {
            name: cents(getattr(self, name))
            for name in self.__dataclass_fields__
            if name not in ("hours", "person_months")
        }
        return Economy(
            hours=self.hours.quantize(TENTH, rounding=ROUND_HALF_UP),
            person_months=self.person_months.quantize(TENTH, rounding=ROUND_HALF_UP),
            **money,
        )

    def summary(self) -> dict:
        """The figures under the names `economy_summary` uses, for comparison and for tests."""
        return {
            "hours": self.hours,
            "person_months": self.person_months,
            "wage_cost": self.wage_cost,
            "side_costs": self.side_costs,
            "subsidy_income": self.subsidy_income,
            "municipal_top_up": self.municipal_top_up,
            "service_revenue": self.service_revenue,
            "association_net_cost": self.association_net_cost,
            "city_avoided_benefit_share": self.city_avoided_benefit_share,
            "city_net_effect": self.city_net_effect,
            "public_sector_net_effect": self.public_sector_net_effect,
        }


@dataclass
class MonthRow:
    month: datetime.date
    people: int
    person_months: Decimal
    hours: Decimal


@dataclass
class ReportData:
    scope: Scope
    participants: Count
    employed_by_associations: Count
    reduced_work_ability: Count
    age_bands: list[tuple[str, Count]]
    subsidy_types: list[tuple[str, Count]]
    villages_reached: int
    associations_employing: int
    months: list[MonthRow]
    economy: Economy | None
    economy_missing: str = ""
    group_too_small: bool = False
    parameters: list[tuple[int, UsedValue]] = field(default_factory=list)
    share_steps: list = field(default_factory=list)
    parameter_years: list[int] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.participants.value) or self.participants.suppressed


def _employments(scope: Scope):
    queryset = Employment.objects.overlapping(scope.period.start, scope.period.end).filter(
        association__village__municipality_id=scope.programme.municipality_id
    )
    if scope.kind == ReportKind.VILLAGE:
        queryset = queryset.filter(association=scope.association)
    elif scope.kind == ReportKind.INDIVIDUAL:
        queryset = queryset.filter(worker=scope.worker)
    return list(
        queryset.select_related("worker", "association__village")
        .prefetch_related("subsidy_decisions")
        .order_by("starts_on", "id")
    )


def _count(value: int, scope: Scope) -> Count:
    if scope.is_aggregate and 0 < value < MIN_GROUP:
        return Count(None, suppressed=True)
    return Count(value)


def _age_band(age: int | None) -> str:
    if age is None:
        return _("unknown")
    if age < 30:
        return _("under 30")
    if age < 45:
        return "30–44"
    if age < 55:
        return "45–54"
    return _("55 or over")


def _overlap_days(start, end, first, last) -> int:
    lo, hi = max(start, first), min(end, last)
    return max((hi - lo).days + 1, 0)


def _side_cost_rate(parameters: Parameters) -> Decimal:
    """Employer's share of the statutory contributions, as a fraction of gross pay."""
    percent = (
        parameters.value(K.TYEL_TOTAL)
        - parameters.value(K.TYEL_EMPLOYEE)
        + parameters.value(K.HEALTH_INSURANCE)
        + parameters.value(K.UNEMPLOYMENT_INSURANCE)
        + parameters.value(K.ACCIDENT_INSURANCE)
        + parameters.value(K.GROUP_LIFE_INSURANCE)
    )
    return percent / 100


def _subsidy_rate_and_cap(decision, parameters: Parameters, hours_per_week: Decimal):
    """(rate, covered share of the wage cost, monthly cap) of a subsidy decision."""
    rate = decision.rate_percent / 100
    covered = Decimal(1)
    if decision.subsidy_type == SubsidyType.ASSOCIATION_100:
        max_hours = (
            parameters.value(K.FULL_TIME_HOURS_PER_WEEK)
            * parameters.value(K.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME)
            / 100
        )
        covered = min(Decimal(1), max_hours / hours_per_week)
    return rate, covered, decision.monthly_cap


def _economy(scope: Scope, employments, months: list[datetime.date]):
    """The economy of the scope over the period, and the parameters it used."""
    economy = Economy()
    cache: dict[int, Parameters] = {}
    used_keys: set[str] = set()

    def params(year: int) -> Parameters:
        if year not in cache:
            cache[year] = parameters_for(scope.programme.municipality, year)
        return cache[year]

    period = scope.period
    for month in months:
        last = next_month(month) - datetime.timedelta(days=1)
        days_in_month = Decimal((last - month).days + 1)
        parameters = params(month.year)
        weeks = parameters.value(K.WEEKS_PER_MONTH)
        side_rate = _side_cost_rate(parameters)
        for employment in employments:
            end = employment.ends_on or period.end
            days = _overlap_days(employment.starts_on, end, max(month, period.start), last)
            days = min(days, _overlap_days(period.start, period.end, month, last))
            if not days:
                continue
            share = Decimal(days) / days_in_month
            hours = employment.hours_per_week * weeks * share
            wage = hours * employment.hourly_wage
            side = wage * side_rate
            economy.person_months += share
            economy.hours += hours
            economy.wage_cost += wage
            economy.side_costs += side
            economy.other_employer_costs += (
                parameters.value(K.OTHER_EMPLOYER_COSTS_PER_MONTH) * share
            )
            economy.municipal_top_up += parameters.value(K.MUNICIPAL_TOP_UP_PER_MONTH) * share
            benefit = (
                parameters.value(K.BENEFIT_PER_DAY)
                * parameters.value(K.BENEFIT_DAYS_PER_MONTH)
                * share
            )
            economy.public_avoided_benefit += benefit
            economy.city_avoided_benefit_share += (
                benefit * parameters.municipal_share(employment.worker.benefit_days) / 100
            )
            for decision in employment.subsidy_decisions.all():
                if decision.ends_on < month or decision.starts_on > last:
                    continue
                rate, covered, cap = _subsidy_rate_and_cap(
                    decision, parameters, employment.hours_per_week
                )
                subsidy = (wage + side) * covered * rate
                if cap is not None:
                    subsidy = min(subsidy, cap * share)
                economy.subsidy_income += subsidy
                if decision.payer == SubsidyPayer.MUNICIPALITY:
                    economy.subsidy_paid_by_city += subsidy
        if scope.kind == ReportKind.PROGRAMME:
            month_days = _overlap_days(period.start, period.end, month, last)
            economy.coordination_cost += (
                parameters.value(K.COORDINATION_COST_PER_MONTH) * month_days / days_in_month
            )
    used_keys.update(
        [
            K.WEEKS_PER_MONTH,
            K.TYEL_TOTAL,
            K.TYEL_EMPLOYEE,
            K.HEALTH_INSURANCE,
            K.UNEMPLOYMENT_INSURANCE,
            K.ACCIDENT_INSURANCE,
            K.GROUP_LIFE_INSURANCE,
            K.OTHER_EMPLOYER_COSTS_PER_MONTH,
            K.MUNICIPAL_TOP_UP_PER_MONTH,
            K.BENEFIT_PER_DAY,
            K.BENEFIT_DAYS_PER_MONTH,
            K.FULL_TIME_HOURS_PER_WEEK,
            K.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME,
            K.COORDINATION_COST_PER_MONTH,
            K.SROI_DEADWEIGHT,
            K.SROI_ATTRIBUTION,
            K.SROI_DISPLACEMENT,
            K.SROI_DROP_OFF,
            K.SROI_DISCOUNT_RATE,
        ]
    )
    return economy, cache, used_keys


def _monthly(employments, period: Period, weeks_by_year: dict) -> list[MonthRow]:
    rows = []
    for month in period.months():
        last = next_month(month) - datetime.timedelta(days=1)
        days_in_month = Decimal((last - month).days + 1)
        people, person_months, hours = set(), Decimal(0), Decimal(0)
        for employment in employments:
            end = employment.ends_on or period.end
            days = _overlap_days(employment.starts_on, end, max(month, period.start), last)
            days = min(days, _overlap_days(period.start, period.end, month, last))
            if days:
                share = Decimal(days) / days_in_month
                people.add(employment.worker_id)
                person_months += share
                weeks = weeks_by_year.get(month.year)
                if weeks is not None:
                    hours += employment.hours_per_week * weeks * share
        rows.append(
            MonthRow(
                month,
                len(people),
                person_months.quantize(TENTH, rounding=ROUND_HALF_UP),
                hours.quantize(TENTH, rounding=ROUND_HALF_UP),
            )
        )
    return rows


def collect(scope: Scope) -> ReportData:
    """Everything the report prints for `scope`, in a constant number of queries per year."""
    employments = _employments(scope)
    workers = {e.worker_id: e.worker for e in employments}
    year = scope.period.end.year
    ages = Counter(_age_band(worker.age_in(year)) for worker in workers.values())
    subsidy_types = Counter(
        decision.get_subsidy_type_display()
        for employment in employments
        for decision in employment.subsidy_decisions.all()
        if decision.starts_on <= scope.period.end and decision.ends_on >= scope.period.start
    )
    participants = _count(len(workers), scope)
    group_too_small = participants.suppressed
    data = ReportData(
        scope=scope,
        participants=participants,
        employed_by_associations=_count(len(workers), scope),
        reduced_work_ability=_count(
            sum(1 for w in workers.values() if w.reduced_work_ability), scope
        ),
        age_bands=sorted((band, _count(n, scope)) for band, n in ages.items()),
        subsidy_types=sorted((label, _count(n, scope)) for label, n in subsidy_types.items()),
        villages_reached=len({e.association.village_id for e in employments}),
        associations_employing=len({e.association_id for e in employments}),
        months=[],
        economy=None,
        group_too_small=group_too_small,
        employments=employments if not scope.is_aggregate else [],
    )
    months = scope.period.months()
    try:
        economy, cache, used_keys = _economy(scope, employments, months)
        data.economy = economy.rounded()
    except MissingParameter as missing:
        data.economy_missing = str(missing)
        cache, used_keys = {}, set()
        for month in months:
            cache.setdefault(month.year, parameters_for(scope.programme.municipality, month.year))
    weeks_by_year = {}
    for year_, parameters in cache.items():
        try:
            weeks_by_year[year_] = parameters.value(K.WEEKS_PER_MONTH)
        except MissingParameter:
            pass
    data.months = _monthly(employments, scope.period, weeks_by_year)
    data.parameter_years = sorted(cache)
    for year_ in data.parameter_years:
        parameters = cache[year_]
        for key in sorted(used_keys or K.values):
            try:
                data.parameters.append((year_, parameters.used(key)))
            except MissingParameter:
                continue
        data.share_steps.extend((year_, step) for step in parameters.share_steps)
    if group_too_small:
        data.months = []
        data.economy = None
    return data
