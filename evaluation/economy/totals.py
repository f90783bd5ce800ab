"""Totals over worker-months, with the programme-level figures: service revenue,
coordination costs and the net effects combined from them."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from evaluation.economy.amounts import ZERO
from evaluation.economy.explanations import (
    ASSISTANCE_NOTE,
    NATIONAL_ACCOUNTS_NOTE,
    NOTED_SUMS,
    SUMMED_LABELS,
    TAXES_EXCLUDED_NOTE,
    TAXES_INCLUDED_NOTE,
    Figure,
    Input,
    MonthResult,
    taxes_included,
)
from workers.models import ParameterKey
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
    money,
)
from workers.parameters import MissingParameter, Parameters, UsedValue


@dataclass
class Totals:
    """Sums over worker-months plus the programme-level items (revenue, coordination).

    A value is None when a parameter it needs is missing; its figure's `missing` says which.
    """

    hours: Decimal
    person_months: Decimal
    values: dict[str, Decimal | None]
    figures: dict[str, Figure]

    def __getitem__(self, key: str) -> Decimal | None:
        return self.values[key]

    @property
    def missing(self) -> list[str]:
        return list(
            dict.fromkeys(name for figure in self.figures.values() for name in figure.missing)
        )


def _combined(key, label, formula, parts, figures, notes=(), parameters=()) -> Figure:
    """A figure that adds (+1) and subtracts (−1) other total figures."""
    missing = tuple(
        dict.fromkeys(name for part, _label, _sign in parts for name in figures[part].missing)
    )
    if missing:
        return Figure(key, label, None, formula, missing=missing, notes=notes)
    value = sum((sign * figures[part].value for part, _l, sign in parts), ZERO)
    inputs = tuple(Input(part_label, figures[part].value, "€") for part, part_label, _s in parts)
    return Figure(key, label, value, formula, inputs, tuple(parameters), notes=notes)


def _summed_inputs(key: str, results: list[MonthResult]) -> tuple[Input, ...]:
    """What a summed figure was computed from, where the sum alone does not say it."""
    if key in ("city_avoided_social_assistance", "public_avoided_social_assistance"):
        drops = [result.worker_month.social_assistance_drop for result in results]
        return (
            Input(_("Recorded drops in basic social assistance, total"), sum(drops, ZERO), "€"),
            Input(
                _("Worker-months with a recorded drop"), Decimal(sum(1 for drop in drops if drop))
            ),
        )
    return ()


def _reasons(key: str, results: list[MonthResult]) -> tuple[str, ...]:
    """Why some worker-months get no subsidy (an employment started before its decision, a
    decision past its months), once each: a total says it as its months do."""
    if key != "subsidy_income":
        return ()
    return tuple(
        dict.fromkeys(
            str(note)
            for result in results
            if result.worker_month.subsidy is not None
            for note in result.worker_month.subsidy.notes
        )
    )


def _summed_notes(key: str, results: list[MonthResult]) -> tuple[str | Promise, ...]:
    return next((result.figures[key].notes for result in results if result.figures[key].notes), ())


def summarise(
    results: Iterable[MonthResult],
    *,
    params: Parameters,
    service_revenue: Decimal,
    coordination_months: Decimal,
    partial: bool = False,
) -> Totals:
    """Totals of the worker-month figures, with revenue and coordination costs added.

    Like `compute_month`: a missing value raises MissingParameter unless `partial`, when
    the totals that need it are None and name it (results must then be partial too).

    `coordination_months` is how many months of the city's coordination cost belong to
    this selection (a village's share of the programme's person-months, for example).
    """
    results = list(results)
    figures: dict[str, Figure] = {}
    incomplete = [result for result in results if result.missing_of]
    for key, label in SUMMED_LABELS.items():
        formula = _("sum over worker-months of: %(formula)s") % {
            "formula": results[0].figures[key].formula if results else ""
        }
        missing = tuple(
            dict.fromkeys(name for result in incomplete for name in result.missing_of.get(key, ()))
        )
        # Without a missing input no summed value is None.
        value = (
            None
            if missing
            else money(sum((cast(Decimal, result.values[key]) for result in results), ZERO))
        )
        figures[key] = Figure(
            key,
            label,
            value,
            formula,
            _summed_inputs(key, results),
            _parameters_of(results, key),
            _summed_notes(key, results) if key in NOTED_SUMS else _reasons(key, results),
            missing,
        )
    hours = money(sum((result.worker_month.approved_hours for result in results), ZERO))
    person_months = money(sum((result.worker_month.employed_fraction for result in results), ZERO))
    return _totals(
        figures,
        hours=hours,
        person_months=person_months,
        params=params,
        service_revenue=service_revenue,
        coordination_months=coordination_months,
        partial=partial,
    )


def summarise_values(
    values: Mapping[str, Decimal],
    *,
    hours: Decimal,
    person_months: Decimal,
    worker_months: bool,
    params: Parameters,
    service_revenue: Decimal,
    coordination_months: Decimal,
) -> Totals:
    """`summarise` from the sums of the worker-month figures (`SUMMED`, none missing).

    The same values, labels and notes; the summed figures do not explain themselves
    (formula and parameters): `summarise` over the worker-months does, for the pages
    that show it. `worker_months`: whether any worker-month was summed (the notes of
    `NOTED_SUMS` come from them)."""
    figures = {}
    for key, label in SUMMED_LABELS.items():
        notes: tuple[str | Promise, ...] = ()
        if worker_months and key == "city_avoided_social_assistance":
            notes = (ASSISTANCE_NOTE,)
        elif worker_months and key == "public_taxes_returned":
            notes = (
                (TAXES_INCLUDED_NOTE, NATIONAL_ACCOUNTS_NOTE)
                if taxes_included(params)
                else (TAXES_EXCLUDED_NOTE,)
            )
        figures[key] = Figure(
            key,
            label,
            money(values[key]),
            _("sum over worker-months of: %(formula)s") % {"formula": ""},
            notes=notes,
        )
    return _totals(
        figures,
        hours=hours,
        person_months=person_months,
        params=params,
        service_revenue=service_revenue,
        coordination_months=coordination_months,
        partial=True,
    )


def _totals(
    figures: dict[str, Figure],
    *,
    hours: Decimal,
    person_months: Decimal,
    params: Parameters,
    service_revenue: Decimal,
    coordination_months: Decimal,
    partial: bool,
) -> Totals:
    """The totals: the summed `figures`, hours and person-months, revenue, coordination and
    the figures combined from them."""
    figures["hours"] = Figure("hours", _("Approved hours"), hours, _("Σ approved hours"))
    figures["person_months"] = Figure(
        "person_months",
        _("Person-months"),
        person_months,
        _("Σ share of each month each worker was employed"),
    )
    figures["service_revenue"] = Figure(
        "service_revenue",
        _("Service revenue"),
        money(service_revenue),
        _("Σ sold units × price of the services done in the period"),
    )
    coordination_formula = _(
        "coordination cost per month × months of the period (× the selection's share)"
    )
    try:
        coordination_used = params.used(ParameterKey.COORDINATION_COST_PER_MONTH)
        figures["coordination_costs"] = Figure(
            "coordination_costs",
            _("Coordination costs"),
            money(coordination_used.value * coordination_months),
            coordination_formula,
            (Input(_("Months of coordination"), money(coordination_months)),),
            (coordination_used,),
        )
    except MissingParameter as error:
        if not partial:
            raise
        figures["coordination_costs"] = Figure(
            "coordination_costs",
            _("Coordination costs"),
            None,
            coordination_formula,
            missing=(str(error),),
        )
    figures["association_net_cost"] = _combined(
        "association_net_cost",
        _("Association net cost"),
        _("employer cost − subsidy income − municipal top-up − service revenue"),
        (
            ("employer_cost", _("Employer cost"), 1),
            ("subsidy_income", _("Pay subsidy income"), -1),
            ("municipal_top_up", _("Municipal top-up"), -1),
            ("service_revenue", _("Service revenue"), -1),
        ),
        figures,
    )
    figures["city_net_effect"] = _combined(
        "city_net_effect",
        _("City net effect (cash view)"),
        _(
            "avoided benefit share + avoided social assistance − pay subsidy paid by the city"
            " − municipal top-up − coordination costs"
        ),
        (
            ("city_avoided_benefit_share", _("Avoided benefit share"), 1),
            ("city_avoided_social_assistance", _("Avoided social assistance"), 1),
            ("city_paid_subsidy", _("Pay subsidy paid by the city"), -1),
            ("municipal_top_up", _("Municipal top-up"), -1),
            ("coordination_costs", _("Coordination costs"), -1),
        ),
        figures,
        notes=(
            _(
                "Since 2024 pay-subsidised work no longer builds the work condition for"
                " unemployment benefit: the savings last only while the job lasts, unless"
                " the person moves on to the open labour market."
            ),
        ),
    )
    option_parameters: tuple[UsedValue, ...]
    option_notes: tuple[str | Promise, ...]
    try:
        option_parameters = (params.used(ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES),)
        option_notes = (
            (TAXES_INCLUDED_NOTE, NATIONAL_ACCOUNTS_NOTE)
            if taxes_included(params)
            else (TAXES_EXCLUDED_NOTE,)
        )
    except MissingParameter:
        option_parameters, option_notes = (), ()
    figures["public_sector_net_effect"] = _combined(
        "public_sector_net_effect",
        _("Public sector net effect"),
        _(
            "avoided benefit (state and municipality) + avoided social assistance + taxes and"
            " contributions from the wage (if the option is on) − pay subsidy − municipal top-up"
            " − coordination costs"
        ),
        (
            ("public_avoided_benefit", _("Avoided unemployment benefit"), 1),
            ("public_avoided_social_assistance", _("Avoided social assistance"), 1),
            ("public_taxes_returned", _("Taxes and contributions from the wage"), 1),
            ("subsidy_income", _("Pay subsidy"), -1),
            ("municipal_top_up", _("Municipal top-up"), -1),
            ("coordination_costs", _("Coordination costs"), -1),
        ),
        figures,
        notes=option_notes,
        parameters=option_parameters,
    )
    values = {key: figure.value for key, figure in figures.items()}
    return Totals(hours, person_months, values, figures)


def _parameters_of(results: list[MonthResult], key: str) -> tuple[UsedValue, ...]:
    seen: dict[str, UsedValue] = {}
    for result in results:
        for used in result.parameters[key]:
            if used.key not in seen:
                seen[used.key] = used
    return tuple(seen.values())
