"""Everything a report prints for its scope, gathered from the other modules."""

import datetime
from collections import Counter

from django.utils import timezone

from evaluation import suppression
from evaluation.models import ReportKind
from evaluation.reports.figures.data import (
    ActionRow,
    Count,
    ReportData,
    Scope,
    _count,
    _distribution,
)
from evaluation.reports.figures.economy import (
    _assistance,
    _cash_years,
    _economy,
    _services,
    _tax_options,
)
from evaluation.reports.figures.metrics import _metrics, _score_changes
from evaluation.reports.figures.people import (
    _age_band,
    _destinations,
    _employment_queryset,
    _licences,
    _monthly,
    _small_month_before,
    _village_hidden,
)
from villages.models import DevelopmentAction
from villages.models.phase_data import ActionStatus


def collect(scope: Scope) -> ReportData:
    """Everything the report prints for `scope`."""
    employments = list(
        _employment_queryset(scope)
        .select_related("worker", "association__village")
        .prefetch_related("subsidy_decisions")
        .order_by("starts_on", "id")
    )
    workers = {employment.worker_id: employment.worker for employment in employments}
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
    reduced = sum(1 for worker in workers.values() if worker.reduced_work_ability)
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
        villages_reached=len({employment.association.village_id for employment in employments}),
        associations_employing=len({employment.association_id for employment in employments}),
        months=_monthly(employments, scope.period, scope),
        economy=None,
        group_too_small=participants.suppressed,
        employments=employments if not scope.is_aggregate else [],
    )
    if employments:
        data.economy, missing, data.years = _economy(scope)
        data.economy_missing = " ".join(dict.fromkeys(missing))
        data.hours_recorded = all(figures.economy.hours_available for figures in data.years)
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
            and any(
                suppression.assistance_hidden(figures.economy.workers) for figures in data.years
            )
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


def _development_actions(scope: Scope, today: datetime.date | None = None) -> list[ActionRow]:
    """The programme's development actions (phase 10) in their current state: the ones
    still to do first, by due date, then the done ones. `late`: not done and past due."""
    today = today or timezone.localdate()
    actions = DevelopmentAction.objects.filter(programme=scope.programme).select_related("feedback")
    rows = []
    for action in sorted(
        actions,
        key=lambda action: (
            action.status == ActionStatus.DONE,
            action.due_on or datetime.date.max,
            action.pk,
        ),
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
