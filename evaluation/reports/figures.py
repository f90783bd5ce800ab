"""Every number a report prints, gathered in one place from the recorded data.

The sections never compute anything themselves. The economy, the community indicators,
the SROI, the score changes and the metrics against their targets come from the
evaluation selectors (`evaluation.selectors`), the same functions the dashboards and
`economy_summary` use, so the PDF shows the same numbers. A report period is run
through them one calendar year at a time (their unit) and the years are added up.
A village report uses the figures of the association's village.

Privacy: programme and village reports show no names and no group under
`MIN_GROUP` people (domain brief §7); such counts print as "< 5". Every table of counts
and the months are suppressed complementarily (`evaluation.suppression`): a cell hidden
only so that the total minus the shown cells gives no small group back prints "–". A
village report is empty when the programme's village table hides its village, or when
its association is a small part of the village (the village's figures minus the
association's would give the rest); it has no months (a village's months against the
programme's months would give the other villages' small months back).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import selectors, suppression
from evaluation.inputs import service_figures
from evaluation.models import MetricKey, ReportKind
from evaluation.reports.periods import Period
from ryhma.dates import add_months, month_bounds
from villages.models import Association, DevelopmentAction, Programme
from villages.models.phase_data import ActionStatus
from workers.models import Destination, Employment, Exit, FollowUp, Licence, Worker
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
    economy: object
    sroi: object


@dataclass
class TaxOption:
    """The public sector view's tax option of one year, as the dashboard card states it:
    the option's note, the option parameter and, when it is on, the rates it used."""

    year: int
    included: bool
    notes: tuple[str, ...]
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

    recorded: Decimal
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
    economy: dict[str, Decimal] | None
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
    last = month_bounds(month.year, month.month)[1]
    first_day = max(month, period.start, employment.starts_on)
    last_day = min(last, period.end, employment.ends_on or last)
    days = _days(first_day, last_day)
    return first_day, last_day, Decimal(days) / Decimal(_days(month, last))


def _model_periods(scope: Scope) -> list[selectors.Period]:
    """The report period as the selectors' periods: one per calendar year it touches."""
    village = scope.association.village if scope.kind == ReportKind.VILLAGE else None
    by_year: dict[int, list[int]] = defaultdict(list)
    for month in scope.period.months():
        by_year[month.year].append(month.month)
    return [
        selectors.Period(year, months[0], months[-1], village)
        for year, months in sorted(by_year.items())
    ]


def _add(values: dict, more: dict) -> None:
    for key, value in more.items():
        if value is None or values.get(key, ZERO) is None:
            values[key] = None
        else:
            values[key] = values.get(key, ZERO) + value


def _economy(scope: Scope) -> tuple[dict | None, list[str], list[YearFigures]]:
    """(summed figures, what is missing, the figures of each year)."""
    years, values, missing = [], {}, []
    for period in _model_periods(scope):
        result = selectors.economy(scope.programme, period)
        years.append(YearFigures(period.year, result, result.sroi))
        missing.extend(result.missing)
        if scope.kind == ReportKind.INDIVIDUAL:
            for row in result.workers:
                if row.worker.pk == scope.worker.pk:
                    _add(values, {**row.values, "hours": row.hours})
                    _add(values, {"person_months": row.person_months})
        elif result.totals is not None:
            _add(values, result.totals.values)
    if scope.kind == ReportKind.INDIVIDUAL and values and None not in values.values():
        # One person's share: no service revenue or coordination is attributed to them.
        values.update(
            service_revenue=ZERO,
            coordination_costs=ZERO,
            association_net_cost=values["employer_cost"]
            - values["subsidy_income"]
            - values["municipal_top_up"],
            city_net_effect=values["city_net_effect_before_coordination"],
            public_sector_net_effect=values["public_net_effect_before_coordination"],
        )
    return (None if missing else values), missing, years


def _destinations(workers, period: Period, scope: Scope):
    exits = Exit.objects.filter(worker__in=workers, exited_on__range=(period.start, period.end))
    at_exit = Counter(exits.values_list("destination", flat=True))
    follow_ups = FollowUp.objects.filter(exit__in=exits, recorded_on__isnull=False).values_list(
        "timepoint", "destination"
    )
    later = {3: Counter(), 6: Counter()}
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
    people, person_months = {}, {}
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
    village = scope.association.village
    for period in _model_periods(scope):
        whole = selectors.economy(
            scope.programme, selectors.Period(period.year), explained=False, with_sroi=False
        )
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
    ages = Counter(str(_age_band(worker.age_in(year))) for worker in workers.values())
    subsidy_types = Counter(
        str(decision.get_subsidy_type_display())
        for employment in employments
        for decision in employment.subsidy_decisions.all()
        if decision.starts_on <= scope.period.end and decision.ends_on >= scope.period.start
    )
    participants = _count(len(workers), scope)
    if scope.is_aggregate and not participants.suppressed and _village_hidden(scope, employments):
        participants = Count(None, suppressed=True, complement=True)
    reduced = sum(1 for w in workers.values() if w.reduced_work_ability)
    # With the participants printed, the others are the complement of the reduced ones.
    reduced_count = _distribution({True: reduced, False: len(workers) - reduced}, scope)[True]
    data = ReportData(
        scope=scope,
        participants=participants,
        reduced_work_ability=reduced_count,
        age_bands=sorted(_distribution(dict(ages), scope).items()),
        subsidy_types=sorted(_distribution(dict(subsidy_types), scope).items()),
        destinations=_destinations(list(workers), scope.period, scope),
        licences=_licences(list(workers), scope.period, scope),
        villages_reached=len({e.association.village_id for e in employments}),
        associations_employing=len({e.association_id for e in employments}),
        months=_monthly(employments, scope.period, scope),
        economy=None,
        group_too_small=participants.suppressed,
        employments=employments if not scope.is_aggregate else [],
    )
    if employments:
        data.economy, missing, data.years = _economy(scope)
        data.economy_missing = " ".join(dict.fromkeys(missing))
        data.hours_recorded = all(y.economy.hours_available for y in data.years)
        data.services = _services(data.years, scope)
        data.score_changes = _score_changes(scope, list(workers))
        for figures in data.years:
            data.parameters.extend((figures.year, used) for used in figures.economy.parameters)
            data.share_steps.extend(
                (figures.year, step) for step in figures.economy.params.share_steps
            )
        data.tax_options = _tax_options(data.years)
        data.assistance = _assistance(data.years, scope)
        if (
            scope.is_aggregate
            and data.economy
            and any(suppression.assistance_hidden(y.economy.workers) for y in data.years)
        ):
            # Social assistance of 1–4 people: it and every sum of it are left out.
            for key in suppression.ASSISTANCE_KEYS & data.economy.keys():
                data.economy[key] = None
            if data.assistance is not None:
                data.assistance.recorded = None
        if scope.is_aggregate:
            data.cash_years = _cash_years(data.years, data.months, scope)
            if (
                scope.kind == ReportKind.VILLAGE
                or any(row.person_months is None for row in data.months)
                or _small_month_before(scope)
            ):
                # A hidden month would come back through the later months' payments.
                for cash in data.cash_years:
                    cash.rows, cash.months_hidden = [], True
    if scope.kind == ReportKind.PROGRAMME:
        data.metrics = _metrics(scope, data.years)
    if scope.is_aggregate:
        data.development_actions = _development_actions(scope)
    if data.group_too_small:
        data.months, data.economy, data.destinations, data.licences = [], None, [], []
        data.services, data.score_changes, data.years = None, [], []
        data.tax_options, data.cash_years, data.assistance = [], [], None
    return data


def _small_month_before(scope: Scope) -> bool:
    """Whether a month of the half year before the period had 1–4 people: its subsidy is
    paid inside the period, so the cash table would carry it."""
    start = scope.period.start.replace(day=1)
    first = add_months(start, -suppression.CASH_LAG_MONTHS)
    people = selectors.month_people(
        scope.programme.municipality, first, start - datetime.timedelta(days=1)
    )
    return any(suppression.is_small(len(group)) for group in people.values())


def _tax_options(years: list[YearFigures]) -> list[TaxOption]:
    """Each year's tax option, read from the figures the dashboard explains: the public
    sector net effect carries the option and its note, the taxes returned their rates."""
    options = []
    for figures in years:
        totals = figures.economy.totals
        if totals is None or "public_taxes_returned" not in totals.figures:
            continue
        net = totals.figures["public_sector_net_effect"]
        taxes = totals.figures["public_taxes_returned"]
        if not net.parameters:
            continue  # the option itself is missing: the missing value is named already
        included = net.parameters[0].value == 1
        parameters = taxes.parameters if included else net.parameters
        options.append(TaxOption(figures.year, included, net.notes, parameters))
    return options


def _cash_years(years: list[YearFigures], months: list[MonthRow], scope: Scope) -> list[CashYear]:
    """The dashboard's cash flow of each year; in aggregate reports a month's amounts are
    left out when fewer than MIN_GROUP people worked in it (they would be theirs)."""
    people = {row.month: row.people for row in months}
    result = []
    for figures in years:
        flow = figures.economy.cash_flow
        if flow is None:
            continue
        lags = flow.figure.parameters
        rows = []
        for cash in flow.months:
            month = datetime.date(figures.year, cash.month, 1)
            if not (scope.is_aggregate and 0 < people.get(month, 0) < MIN_GROUP):
                rows.append(CashRow(month, cash))
            elif rows and rows[-1].row is None:
                rows[-1].last = month
            else:
                rows.append(CashRow(month, None, month))
        result.append(
            CashYear(
                figures.year,
                flow.figure,
                rows,
                lags[0] if len(lags) > 0 else None,
                lags[1] if len(lags) > 1 else None,
            )
        )
    return result


def _assistance(years: list[YearFigures], scope: Scope) -> AssistanceFigures | None:
    """The recorded drops behind the avoided social assistance, or None when none are
    recorded for the period's people (the city cash view then says so)."""
    recorded, people = ZERO, set()
    for figures in years:
        for row in figures.economy.workers:
            if scope.kind == ReportKind.INDIVIDUAL and row.worker.pk != scope.worker.pk:
                continue
            if row.values.get("city_avoided_social_assistance"):
                people.add(row.worker.pk)
        totals = figures.economy.totals
        figure = totals.figures.get("city_avoided_social_assistance") if totals else None
        if figure is not None and figure.inputs and scope.kind != ReportKind.INDIVIDUAL:
            recorded += figure.inputs[0].value
    if not people:
        return None
    return AssistanceFigures(recorded, _count(len(people), scope))


def _services(years: list[YearFigures], scope: Scope) -> dict | None:
    """The community indicators of the period, or None while services are not recorded.

    In aggregate reports the share aged 65+ and the mean satisfaction are left out when
    they rest on fewer than MIN_GROUP customers or answers (they would show theirs)."""
    figures = [y.economy.services for y in years]
    if not figures or not all(f.available for f in figures):
        return None
    answers = sum(f.satisfaction_answers for f in figures)
    weighted = sum(
        (f.satisfaction_mean * f.satisfaction_answers for f in figures if f.satisfaction_mean),
        ZERO,
    )
    customers = sum(f.unique_customers for f in figures)
    aged = sum(f.customers_aged_65_plus for f in figures)
    share = (Decimal(aged) / customers) if customers else None
    mean = (weighted / answers).quantize(Decimal("0.1"), ROUND_HALF_UP) if answers else None
    if scope.is_aggregate:
        share = share if customers >= MIN_GROUP else None
        mean = mean if answers >= MIN_GROUP else None
    return {
        "orders_done": sum(f.orders_done for f in figures),
        "unique_customers": _count(customers, scope),
        "share_aged_65_plus": share,
        "revenue": sum((f.revenue for f in figures), ZERO),
        "satisfaction_mean": mean,
        "satisfaction_answers": _count(answers, scope),
    }


def _score_changes(scope: Scope, worker_ids: list[int]) -> list:
    """Mean change per instrument; in aggregate reports only over 5 or more pairs."""
    if scope.kind == ReportKind.VILLAGE:
        return []  # per village and period, two reports would differ by a person's pair
    # Aggregate reports: over all the programme's pairs, as the dashboard shows officials.
    ids = None if scope.is_aggregate else worker_ids
    changes = selectors.score_changes(scope.programme.municipality, ids)
    rows = []
    for change in changes:
        if not change.pairs:
            continue
        suppressed = scope.is_aggregate and change.pairs < MIN_GROUP
        rows.append(
            {"change": change, "pairs": _count(change.pairs, scope), "shown": not suppressed}
        )
    return rows


def _development_actions(scope: Scope, today: datetime.date | None = None) -> list[ActionRow]:
    """The programme's development actions (phase 10) in their current state: the ones
    still to do first, by due date, then the done ones. `late`: not done and past due."""
    today = today or timezone.localdate()
    actions = DevelopmentAction.objects.filter(programme=scope.programme).select_related("feedback")
    rows = []
    for action in sorted(
        actions,
        key=lambda a: (a.status == ActionStatus.DONE, a.due_on or datetime.date.max, a.pk),
    ):
        done = action.status == ActionStatus.DONE
        rows.append(
            ActionRow(
                title=action.title,
                phase=action.get_phase_display() if action.phase else "",
                status=action.get_status_display(),
                due_on=action.due_on,
                late=not done and action.due_on is not None and action.due_on < today,
                feedback_source=action.feedback.get_source_display() if action.feedback else "",
            )
        )
    return rows


# Metrics whose value sums the workers of its period: for officials only over whole
# years (two overlapping periods would differ by a few people; evaluation.suppression).
WORKER_METRICS = {
    MetricKey.PEOPLE_EMPLOYED,
    MetricKey.PERSON_MONTHS,
    MetricKey.HOURS,
    MetricKey.NET_COST_PER_PERSON_MONTH,
    MetricKey.CITY_NET_EFFECT,
    MetricKey.OPEN_MARKET_3M,
    MetricKey.OPEN_MARKET_6M,
}

# Metrics whose value describes a group of people: shown only for MIN_GROUP or more.
PEOPLE_METRICS = {
    MetricKey.PEOPLE_EMPLOYED,
    MetricKey.UNIQUE_CUSTOMERS,
    MetricKey.OPEN_MARKET_3M,
    MetricKey.OPEN_MARKET_6M,
    MetricKey.INSTRUMENT_CHANGE,
    MetricKey.SHARE_65_PLUS,
    MetricKey.SATISFACTION,
}


def _metrics(scope: Scope, years: list[YearFigures]) -> list[MetricRow]:
    """The metrics against their targets; a metric over one of the report's years reads
    the economy already computed for it instead of computing it again."""
    known = years[-1].economy if years else None
    statuses = selectors.metric_statuses(scope.programme, today=scope.period.end, known=known)
    hide_metrics(scope.programme, statuses, known=known)
    return [MetricRow(status, shown=not status.hidden) for status in statuses]


def hide_metrics(programme, statuses: list, *, known=None) -> None:
    """Mark the metric statuses an official must not see (`status.hidden`): a worker
    metric over anything but a whole calendar year, or a value about a small group.

    `known`: an economy the caller already has (the dashboard's, of the whole programme):
    a metric over its period reads it instead of computing the same economy again."""
    groups = _MetricGroups(programme.municipality)
    for status in statuses:
        metric = status.metric
        if metric.key in WORKER_METRICS and not suppression.whole_year(
            metric.period_start, metric.period_end
        ):
            status.hidden = True
            continue
        if metric.key in WORKER_METRICS or metric.key in PEOPLE_METRICS:
            size = groups.size(status)
            status.hidden = size is not None and suppression.is_small(size)
        if metric.key == MetricKey.CITY_NET_EFFECT and not status.hidden:
            # It adds the social assistance drops (evaluation.suppression.ASSISTANCE_KEYS).
            period = groups._period(metric)
            if known is not None and known.period == period:
                result = known
            else:
                result = selectors.economy(programme, period, with_sroi=False, explained=False)
            status.hidden = suppression.assistance_hidden(result.workers)


class _MetricGroups:
    """How many people a metric's value is about, for the metric's own period (the one
    `selectors.metric_statuses` computes it for: its first calendar year)."""

    def __init__(self, municipality):
        self.municipality = municipality
        self._rates: dict = {}
        self._services: dict = {}
        self._changes = None
        self._people: dict = {}

    @staticmethod
    def _period(metric) -> selectors.Period:
        start, end = metric.period_start, metric.period_end
        return selectors.Period(
            start.year, start.month, end.month if end.year == start.year else 12
        )

    def size(self, status) -> int | None:
        metric, key = status.metric, status.metric.key
        if key in (MetricKey.PEOPLE_EMPLOYED, MetricKey.UNIQUE_CUSTOMERS):
            return None if status.value is None else int(status.value)
        period = self._period(metric)
        rates = (MetricKey.OPEN_MARKET_3M, MetricKey.OPEN_MARKET_6M)
        if key in WORKER_METRICS and key not in rates:
            if period not in self._people:
                months = selectors.month_people(self.municipality, period.start, period.end)
                self._people[period] = len(set().union(*months.values()))
            return self._people[period]
        if key in (MetricKey.OPEN_MARKET_3M, MetricKey.OPEN_MARKET_6M):
            if period not in self._rates:
                self._rates[period] = selectors.open_market_rates(self.municipality, period)
            return self._rates[period][3 if key == MetricKey.OPEN_MARKET_3M else 6][1]
        if key == MetricKey.INSTRUMENT_CHANGE:
            if self._changes is None:
                self._changes = selectors.score_changes(self.municipality)
            pairs = [c.pairs for c in self._changes if c.instrument.pk == metric.instrument_id]
            return pairs[0] if pairs else 0
        if period not in self._services:
            associations = Association.objects.filter(village__municipality=self.municipality)
            self._services[period] = service_figures(associations, period.start, period.end)
        figures = self._services[period]
        if key == MetricKey.SHARE_65_PLUS:
            return figures.unique_customers
        return figures.satisfaction_answers
