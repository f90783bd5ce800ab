"""The report's economy: the selectors' figures of each calendar year of the period,
added up, with the tax option, the cash view, social assistance and the services."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from evaluation import selectors
from evaluation.models import ReportKind
from evaluation.reports.figures.data import (
    MIN_GROUP,
    ZERO,
    AssistanceFigures,
    CashRow,
    CashYear,
    MonthRow,
    Scope,
    TaxOption,
    YearFigures,
    _count,
)


def _model_periods(scope: Scope) -> list[selectors.Period]:
    """The report period as the selectors' periods: one per calendar year it touches."""
    village = None
    if scope.kind == ReportKind.VILLAGE:
        assert scope.association is not None  # a village report has an association
        village = scope.association.village
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
    values: dict[str, Any]  # Decimal, or None where missing
    years, values, missing = [], {}, []
    for period in _model_periods(scope):
        result = selectors.economy(scope.programme, period)
        years.append(YearFigures(period.year, result, result.sroi))
        missing.extend(result.missing)
        if scope.kind == ReportKind.INDIVIDUAL:
            assert scope.worker is not None  # an individual report has a worker
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
            if scope.kind == ReportKind.INDIVIDUAL:
                assert scope.worker is not None  # an individual report has a worker
                if row.worker.pk != scope.worker.pk:
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
    figures = [year.economy.services for year in years]
    if not figures or not all(services.available for services in figures):
        return None
    answers = sum(services.satisfaction_answers for services in figures)
    weighted = sum(
        (
            services.satisfaction_mean * services.satisfaction_answers
            for services in figures
            if services.satisfaction_mean
        ),
        ZERO,
    )
    customers = sum(services.unique_customers for services in figures)
    aged = sum(services.customers_aged_65_plus for services in figures)
    share = (Decimal(aged) / customers) if customers else None
    mean = (weighted / answers).quantize(Decimal("0.1"), ROUND_HALF_UP) if answers else None
    if scope.is_aggregate:
        share = share if customers >= MIN_GROUP else None
        mean = mean if answers >= MIN_GROUP else None
    return {
        "orders_done": sum(services.orders_done for services in figures),
        "unique_customers": _count(customers, scope),
        "share_aged_65_plus": share,
        "revenue": sum((services.revenue for services in figures), ZERO),
        "satisfaction_mean": mean,
        "satisfaction_answers": _count(answers, scope),
    }
