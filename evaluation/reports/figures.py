"""Every number a report prints, gathered in one place from the recorded data.

This module is the single switch point between the reports and the evaluation model:
the sections never compute anything themselves. The money comes from the economic
model (`evaluation.economy.compute_month` and `summarise`, the one rounding rule); the
worker-months it is fed are built here from the employment contracts and subsidy
decisions, with the contract hours standing in for approved hours. When the evaluation
selectors that build worker-months from approved hours land, `_worker_months` is the one
function to replace, and the report then shows what `economy_summary` prints.

Privacy: programme and village reports show no names and no group under
`MIN_GROUP` people (domain brief §7); such counts print as "< 5".
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from evaluation import economy as model
from evaluation.models import ReportKind
from evaluation.reports.periods import Period, next_month
from villages.models import Association, Programme
from workers.models import (
    Destination,
    Employment,
    Exit,
    FollowUp,
    Licence,
    ParameterKey,
    SubsidyPayer,
    Worker,
)
from workers.parameters import MissingParameter, Parameters, UsedValue, parameters_for

MIN_GROUP = 5
ZERO = Decimal(0)
K = ParameterKey
SROI_KEYS = (
    K.SROI_DEADWEIGHT,
    K.SROI_ATTRIBUTION,
    K.SROI_DISPLACEMENT,
    K.SROI_DROP_OFF,
    K.SROI_DISCOUNT_RATE,
)


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
class MonthRow:
    month: datetime.date
    people: int
    person_months: Decimal


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
    economy: dict[str, Decimal] | None
    economy_missing: str = ""
    group_too_small: bool = False
    parameters: list[tuple[int, UsedValue]] = field(default_factory=list)
    share_steps: list = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.participants.value) or self.participants.suppressed


def _employment_queryset(scope: Scope, *, whole_programme: bool = False):
    queryset = Employment.objects.overlapping(scope.period.start, scope.period.end).filter(
        association__village__municipality_id=scope.programme.municipality_id
    )
    if whole_programme:
        return queryset
    if scope.kind == ReportKind.VILLAGE:
        queryset = queryset.filter(association=scope.association)
    elif scope.kind == ReportKind.INDIVIDUAL:
        queryset = queryset.filter(worker=scope.worker)
    return queryset


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


def _days(start: datetime.date, end: datetime.date) -> int:
    return max((end - start).days + 1, 0)


def _employed_fraction(employment, month: datetime.date, period: Period):
    """(first day, last day, share of the month) of the contract inside month and period."""
    last = next_month(month) - datetime.timedelta(days=1)
    first_day = max(month, period.start, employment.starts_on)
    last_day = min(last, period.end, employment.ends_on or last)
    days = _days(first_day, last_day)
    return first_day, last_day, Decimal(days) / Decimal(_days(month, last))


def _worker_months(employments, period: Period, params_for) -> list[model.WorkerMonth]:
    """The economic model's inputs, one per contract and month of the period.

    Until approved hours are recorded, the contract hours stand in for them:
    hours per week × weeks per month × share of the month employed.
    """
    result = []
    for employment in employments:
        fractions = []
        for month in period.months():
            first_day, last_day, fraction = _employed_fraction(employment, month, period)
            if fraction:
                fractions.append((month, first_day, last_day, fraction))
        if not fractions:
            continue
        first_params = params_for(fractions[0][0].year)
        benefit_days = model.counterfactual_benefit_days(
            Decimal(employment.worker.benefit_days), [f[3] for f in fractions], first_params
        )
        for (month, first_day, last_day, fraction), days_at_start in zip(
            fractions, benefit_days, strict=True
        ):
            params = params_for(month.year)
            hours = employment.hours_per_week * params.value(K.WEEKS_PER_MONTH) * fraction
            result.append(
                model.WorkerMonth(
                    year=month.year,
                    month=month.month,
                    approved_hours=hours,
                    hourly_wage=employment.hourly_wage,
                    contract_hours_per_week=employment.hours_per_week,
                    employed_fraction=fraction,
                    benefit_days_at_start=days_at_start,
                    subsidy=_subsidy_terms(employment, month, first_day, last_day, hours),
                )
            )
    return result


def _subsidy_terms(employment, month, first_day, last_day, hours):
    employed_days = _days(first_day, last_day)
    month_days = _days(month, next_month(month) - datetime.timedelta(days=1))
    for decision in employment.subsidy_decisions.all():
        lo, hi = max(first_day, decision.starts_on), min(last_day, decision.ends_on)
        covered = _days(lo, hi)
        if covered:
            return model.SubsidyTerms(
                subsidy_type=decision.subsidy_type,
                rate_percent=decision.rate_percent,
                monthly_cap=decision.monthly_cap,
                paid_by_city=decision.payer == SubsidyPayer.MUNICIPALITY,
                covered_fraction=Decimal(covered) / Decimal(month_days),
                covered_hours=hours * covered / employed_days,
            )
    return None


def _coordination_months(scope: Scope, scope_months, programme_months) -> Decimal:
    """Months of the city's coordination cost that belong to the scope: all of the period's
    for the programme, the scope's share of the programme's person-months otherwise."""
    period_months = sum(
        (_employed_fraction_of_period(month, scope.period) for month in scope.period.months()),
        ZERO,
    )
    if scope.kind == ReportKind.PROGRAMME:
        return period_months
    scope_pm = sum((wm.employed_fraction for wm in scope_months), ZERO)
    programme_pm = sum((wm.employed_fraction for wm in programme_months), ZERO)
    return period_months * scope_pm / programme_pm if programme_pm else ZERO


def _employed_fraction_of_period(month: datetime.date, period: Period) -> Decimal:
    last = next_month(month) - datetime.timedelta(days=1)
    inside = _days(max(month, period.start), min(last, period.end))
    return Decimal(inside) / Decimal(_days(month, last))


def _economy(scope: Scope, employments, params_for):
    """The model's totals over the period (summed per year), and the parameters used."""
    months = _worker_months(employments, scope.period, params_for)
    by_year: dict[int, list] = defaultdict(list)
    for worker_month in months:
        by_year[worker_month.year].append(
            model.compute_month(worker_month, params_for(worker_month.year))
        )
    if scope.kind == ReportKind.PROGRAMME:
        programme_months = months
    else:
        everyone = (
            _employment_queryset(scope, whole_programme=True)
            .select_related("worker")
            .prefetch_related("subsidy_decisions")
        )
        programme_months = _worker_months(everyone, scope.period, params_for)
    coordination = _coordination_months(scope, months, programme_months)
    years = sorted({m.year for m in scope.period.months()})
    period_months = sum(
        (_employed_fraction_of_period(m, scope.period) for m in scope.period.months()), ZERO
    )
    values: dict[str, Decimal] = defaultdict(lambda: ZERO)
    used: dict[tuple[int, str], UsedValue] = {}
    for year in years:
        year_months = sum(
            (
                _employed_fraction_of_period(m, scope.period)
                for m in scope.period.months()
                if m.year == year
            ),
            ZERO,
        )
        share = year_months / period_months if period_months else ZERO
        totals = model.summarise(
            by_year.get(year, []),
            params=params_for(year),
            service_revenue=ZERO,
            coordination_months=coordination * share,
        )
        for key, value in totals.values.items():
            values[key] += value
        for figure in totals.figures.values():
            for used_value in figure.parameters:
                used.setdefault((year, used_value.key), used_value)
        for result in by_year.get(year, []):
            for figure in result.figures.values():
                for used_value in figure.parameters:
                    used.setdefault((year, used_value.key), used_value)
        for key in SROI_KEYS:
            used.setdefault((year, key), params_for(year).used(key))
    return dict(values), sorted(used.items())


def _destinations(workers, period: Period, scope: Scope):
    exits = Exit.objects.filter(worker__in=workers, exited_on__range=(period.start, period.end))
    at_exit = Counter(exits.values_list("destination", flat=True))
    follow_ups = FollowUp.objects.filter(exit__in=exits, recorded_on__isnull=False).values_list(
        "timepoint", "destination"
    )
    later = {3: Counter(), 6: Counter()}
    for timepoint, destination in follow_ups:
        later[timepoint][destination] += 1
    rows = []
    for value, label in Destination.choices:
        counts = (at_exit[value], later[3][value], later[6][value])
        if any(counts):
            rows.append((str(label), *(_count(n, scope) for n in counts)))
    return rows


def _licences(workers, period: Period, scope: Scope):
    licences = Licence.objects.filter(
        worker__in=workers,
        gained_in_programme=True,
        obtained_on__range=(period.start, period.end),
    )
    counts = Counter(licence.get_kind_display() for licence in licences.only("kind"))
    return sorted((str(label), _count(n, scope)) for label, n in counts.items())


def _monthly(employments, period: Period) -> list[MonthRow]:
    rows = []
    for month in period.months():
        people, person_months = set(), ZERO
        for employment in employments:
            _first, _last, fraction = _employed_fraction(employment, month, period)
            if fraction:
                people.add(employment.worker_id)
                person_months += fraction
        rows.append(
            MonthRow(month, len(people), person_months.quantize(Decimal("0.1"), ROUND_HALF_UP))
        )
    return rows


def collect(scope: Scope) -> ReportData:
    """Everything the report prints for `scope`."""
    employments = list(
        _employment_queryset(scope)
        .select_related("worker", "association__village")
        .prefetch_related("subsidy_decisions")
        .order_by("starts_on", "id")
    )
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
    data = ReportData(
        scope=scope,
        participants=participants,
        reduced_work_ability=_count(
            sum(1 for w in workers.values() if w.reduced_work_ability), scope
        ),
        age_bands=sorted((str(band), _count(n, scope)) for band, n in ages.items()),
        subsidy_types=sorted((str(label), _count(n, scope)) for label, n in subsidy_types.items()),
        destinations=_destinations(list(workers), scope.period, scope),
        licences=_licences(list(workers), scope.period, scope),
        villages_reached=len({e.association.village_id for e in employments}),
        associations_employing=len({e.association_id for e in employments}),
        months=_monthly(employments, scope.period),
        economy=None,
        group_too_small=participants.suppressed,
        employments=employments if not scope.is_aggregate else [],
    )
    cache: dict[int, Parameters] = {}

    def params_for(year: int) -> Parameters:
        if year not in cache:
            cache[year] = parameters_for(scope.programme.municipality, year)
        return cache[year]

    if employments:
        try:
            data.economy, used = _economy(scope, employments, params_for)
            data.parameters = [(year_, value) for (year_, _key), value in used]
        except MissingParameter as missing:
            data.economy_missing = str(missing)
    for year_ in sorted(cache):
        data.share_steps.extend((year_, step) for step in cache[year_].share_steps)
    if data.group_too_small:
        data.months, data.economy, data.destinations, data.licences = [], None, [], []
    return data
