"""The report's people: participants and their groups, exits and licences, the months,
and when a group is too small to show (`evaluation.suppression`)."""

import datetime
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from evaluation import selectors, suppression
from evaluation.models import ReportKind
from evaluation.reports.figures.data import ZERO, MonthRow, Scope, _distribution
from evaluation.reports.figures.economy import _model_periods
from evaluation.reports.periods import Period
from ryhma.dates import add_months
from workers.models import Destination, Employment, Exit, FollowUp, Licence


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
    last = add_months(month, 1) - datetime.timedelta(days=1)
    first_day = max(month, period.start, employment.starts_on)
    last_day = min(last, period.end, employment.ends_on or last)
    days = _days(first_day, last_day)
    return first_day, last_day, Decimal(days) / Decimal(_days(month, last))


def _destinations(workers, period: Period, scope: Scope):
    exits = Exit.objects.filter(worker__in=workers, exited_on__range=(period.start, period.end))
    at_exit = Counter(exits.values_list("destination", flat=True))
    follow_ups = FollowUp.objects.filter(exit__in=exits, recorded_on__isnull=False).values_list(
        "timepoint", "destination"
    )
    later: dict[int, Counter[str]] = {3: Counter(), 6: Counter()}
    for timepoint, destination in follow_ups:
        later[timepoint][destination] += 1
    values = [value for value, _label in Destination.choices]
    columns = [
        _distribution({value: counter[value] for value in values}, scope)
        for counter in (at_exit, later[3], later[6])
    ]
    rows = []
    for value, label in Destination.choices:
        counts = (at_exit[value], later[3][value], later[6][value])
        if any(counts):
            rows.append((str(label), *(column[value] for column in columns)))
    return rows


def _licences(workers, period: Period, scope: Scope):
    licences = Licence.objects.filter(
        worker__in=workers,
        gained_in_programme=True,
        obtained_on__range=(period.start, period.end),
    )
    counts = Counter(str(licence.get_kind_display()) for licence in licences.only("kind"))
    return sorted(_distribution(dict(counts), scope).items())


def _monthly(employments, period: Period, scope: Scope) -> list[MonthRow]:
    """Each month's people and person-months; in aggregate reports the months are hidden
    complementarily (`evaluation.suppression`), a village report has none."""
    if scope.kind == ReportKind.VILLAGE:
        return []
    people: dict[datetime.date, set[int]] = {}
    person_months: dict[datetime.date, Decimal] = {}
    for month in period.months():
        people[month], person_months[month] = set(), ZERO
        for employment in employments:
            _first, _last, fraction = _employed_fraction(employment, month, period)
            if fraction:
                people[month].add(employment.worker_id)
                person_months[month] += fraction
    hidden = suppression.complementary(people) if scope.is_aggregate else set()
    return [
        MonthRow(
            month,
            len(people[month]),
            None
            if month in hidden
            else person_months[month].quantize(Decimal("0.1"), ROUND_HALF_UP),
        )
        for month in period.months()
    ]


def _village_hidden(scope: Scope, employments) -> bool:
    """A village report is empty for an official (`evaluation.suppression`) when a year of
    it has its village hidden in the programme's village table, or when its association's
    people are a part of the village's that would leave a small group by subtraction."""
    if scope.kind != ReportKind.VILLAGE:
        return False
    assert scope.association is not None  # a village report has an association
    village = scope.association.village
    for period in _model_periods(scope):
        whole = selectors.economy(scope.programme, selectors.Period(period.year), with_sroi=False)
        pattern = selectors.year_pattern(scope.programme, period.year, whole.workers)
        if village.name in pattern.hidden_villages:
            return True
        # The table counts a worker who moved between villages wholly in the village of
        # their first contract, a village's figures count each contract: the two differ
        # by the movers' figures, which must not be those of 1–4 people.
        year = Employment.objects.overlapping(
            datetime.date(period.year, 1, 1), datetime.date(period.year, 12, 31)
        ).filter(association__village__municipality_id=village.municipality_id)
        here = set(year.filter(association__village=village).values_list("worker_id", flat=True))
        movers = here & set(
            year.exclude(association__village=village).values_list("worker_id", flat=True)
        )
        if suppression.is_small(len(movers)):
            return True
    by_association: dict[int, set[int]] = defaultdict(set)
    for association_id, worker_id in (
        _employment_queryset(scope, whole_programme=True)
        .filter(association__village=village)
        .values_list("association_id", "worker_id")
    ):
        by_association[association_id].add(worker_id)
    by_association.setdefault(scope.association.pk, set())
    return scope.association.pk in suppression.complementary(by_association)


def _small_month_before(scope: Scope) -> bool:
    """Whether a month of the half year before the period had 1–4 people: its subsidy is
    paid inside the period, so the cash table would carry it."""
    start = scope.period.start.replace(day=1)
    first = add_months(start, -suppression.CASH_LAG_MONTHS)
    people = selectors.month_people(
        scope.programme.municipality, first, start - datetime.timedelta(days=1)
    )
    return any(suppression.is_small(len(group)) for group in people.values())
