"""The economic model of domain brief §5: pure functions over Decimal inputs.

Nothing here touches the database. The inputs of one worker-month (`WorkerMonth`) come
from `evaluation.selectors`; the numbers with a source come from
`workers.parameters.parameters_for(municipality, year)`; a missing value raises
`MissingParameter` naming it, never a silent zero.

ROUNDING RULE (the only one, used everywhere): every euro figure of one worker-month is
computed from the unrounded inputs and parameters and rounded ONCE, to whole cents,
half up (`money()`). Figures derived from them (employer cost, the association's net
cost, the city's and the public sector's net effect) and every total over workers,
months or villages are sums and differences of those rounded figures, so they are exact
in cents and the same on every page, in the PDF and in `economy_summary`. Hours and
person-months are kept to two decimals, the SROI ratio to two decimals, half up.

Every figure is a `Figure` that explains itself: its formula, its inputs and the
parameter values it used, each with its source and status label [V]/[U]/[G].
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from ryhma.dates import month_bounds
from workers import money as engine
from workers.models import ParameterKey
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
    money,
)
from workers.parameters import MissingParameter, Parameters, UsedValue

K = ParameterKey
ZERO = Decimal("0")
HUNDRED = Decimal("100")

# The public sector view's optional taxes: income tax and every statutory contribution on
# the wage that goes to a public body (pension and social insurance funds included).
TAX_KEYS = (
    K.INCOME_TAX_RATE,
    K.TYEL_TOTAL,
    K.EMPLOYEE_UNEMPLOYMENT_INSURANCE,
    K.EMPLOYEE_HEALTH_INSURANCE,
    K.HEALTH_INSURANCE,
    K.UNEMPLOYMENT_INSURANCE,
)
TAXES_INCLUDED_NOTE = _(
    "Option used: the public sector view counts the taxes and contributions paid from the wage."
)
TAXES_EXCLUDED_NOTE = _(
    "Option used: the public sector view leaves out the taxes and contributions paid from the wage."
)
NATIONAL_ACCOUNTS_NOTE = _(
    "Earnings-related pension and social insurance funds count as the public sector, as in the"
    " national accounts."
)
ASSISTANCE_NOTE = _(
    "Recorded per worker and month by the coordinator, with its source, on the worker's"
    " evaluation page; a month without a record counts as 0."
)


def taxes_included(params) -> bool:
    """The parameter set's option for the public sector view (1 = count taxes, 0 = not)."""
    return params.value(K.PUBLIC_SECTOR_INCLUDES_TAXES) == 1


def month_fraction(
    starts_on: datetime.date, ends_on: datetime.date | None, year: int, month: int
) -> Decimal:
    """The share of the month's calendar days inside [starts_on, ends_on] (0 to 1, exact)."""
    first, last = month_bounds(year, month)
    days_in_month = last.day
    start = max(first, starts_on)
    end = min(last, ends_on) if ends_on else last
    if end < start:
        return ZERO
    return Decimal((end - start).days + 1) / Decimal(days_in_month)


@dataclass(frozen=True)
class Input:
    label: str
    value: Decimal
    unit: str = ""


@dataclass(frozen=True)
class Figure:
    """One number with its explanation ('how was this computed')."""

    key: str
    label: str
    value: Decimal | None
    formula: str
    inputs: tuple[Input, ...] = ()
    parameters: tuple[UsedValue, ...] = ()
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkerMonth:
    """Everything the model needs about one worker in one month."""

    year: int
    month: int
    approved_hours: Decimal
    hourly_wage: Decimal
    contract_hours_per_week: Decimal
    employed_fraction: Decimal
    benefit_days_at_start: Decimal | None
    # The money engine's pay subsidy of the month (the same function as the claim basis).
    subsidy: engine.MonthSubsidy | None = None
    subsidy_missing: MissingParameter | None = None
    social_assistance_drop: Decimal = ZERO


class Built(NamedTuple):
    """A worker-month figure's value, the parameters it used and how to explain it.

    The explanation (`explain()` -> Figure) is built only when a page asks for it: a
    city-year has thousands of worker-months and the totals need only the values.
    """

    value: Decimal
    parameters: tuple[UsedValue, ...]
    explain: Callable[[], Figure]


class _Figures(Mapping):
    """The figures of a MonthResult, each explained on first access."""

    # It holds the result's dicts, not the result: no reference cycle, so a worker-month
    # is freed as soon as it is summed.
    def __init__(self, explainers: dict[str, Callable[[], Figure]]):
        self._explainers = explainers
        self._cache: dict[str, Figure] = {}

    def __getitem__(self, key: str) -> Figure:
        figure = self._cache.get(key)
        if figure is None:
            figure = self._cache[key] = self._explainers[key]()
        return figure

    def __iter__(self):
        return iter(self._explainers)

    def __len__(self) -> int:
        return len(self._explainers)


class MonthResult:
    """The figures of one worker-month: values and parameters at once, explanations on demand.

    A dashboard keeps thousands of these until it has summed them, so a result holds only
    plain values: the explanations (a closure per figure) are made by running the same
    `_fill_month` again, with `explained`, when a page first asks for one (the values are
    the inputs' pure function, so the second run gives the same ones). Kept closures made
    the cycle collector walk hundreds of thousands of live objects (bench/NOTE-economy.md)."""

    __slots__ = (
        "worker_month",
        "params",
        "values",
        "parameters",
        "missing_of",
        "errors",
        "_explainers",
        "_figures",
    )

    def __init__(self, worker_month: WorkerMonth, params: Parameters | None = None, *,
                 explained: bool = True):  # fmt: skip
        self.worker_month = worker_month
        self.params = params
        self.values: dict[str, Decimal | None] = {}
        self.parameters: dict[str, tuple[UsedValue, ...]] = {}
        self.missing_of: dict[str, tuple[str, ...]] = {}
        self.errors: list = []
        self._explainers: dict[str, Callable[[], Figure]] | None = {} if explained else None
        self._figures = _Figures(self._explainers) if explained else None

    @property
    def figures(self) -> "_Figures":
        if self._figures is None:
            again = MonthResult(self.worker_month, self.params)
            _fill_month(again, self.worker_month, self.params)
            self._figures = again._figures
        return self._figures

    def __getitem__(self, key: str) -> Decimal | None:
        return self.values[key]

    @property
    def missing(self) -> list[str]:
        return list(dict.fromkeys(m for k in self.values for m in self.missing_of.get(k, ())))

    def set(self, key: str, built: Built) -> Decimal:
        self.values[key] = built.value
        self.parameters[key] = built.parameters
        if self._explainers is not None:
            self._explainers[key] = built.explain
        return built.value

    def set_missing(self, key: str, missing: tuple[str, ...]) -> None:
        self.values[key] = None
        self.parameters[key] = ()
        self.missing_of[key] = missing
        if self._explainers is not None:
            self._explainers[key] = lambda: Figure(
                key, SUMMED_LABELS[key], None, "", missing=missing
            )


def side_cost_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    """The employer's statutory side costs in % of pay (the money engine's)."""
    return engine.side_cost_percent(params)


def benefit_share_segments(
    params: Parameters, start_days: Decimal, days: Decimal
) -> list[tuple[Decimal, Decimal]]:
    """[(benefit days, municipal share %), ...] (the money engine's `share_segments`)."""
    return engine.share_segments(params, start_days, days)


def _step(result: "MonthResult", key: str, build, needs: tuple[str, ...] = ()):
    """Set the figure `build()` makes; if a parameter or a figure it needs is missing, set
    the figure without a value, saying which value is missing (never a silent zero)."""
    missing: tuple[str, ...] = ()
    if needs and result.missing_of:
        missing = tuple(dict.fromkeys(m for k in needs for m in result.missing_of.get(k, ())))
    if not missing:
        try:
            return result.set(key, build())
        except MissingParameter as error:
            result.errors.append(error)
            missing = (str(error),)
    result.set_missing(key, missing)
    return None


def compute_month(wm: WorkerMonth, params: Parameters, *, partial: bool = False) -> MonthResult:
    """All figures of one worker-month, each rounded once (see the rounding rule).

    A missing parameter raises MissingParameter (naming it), unless `partial`: then a
    figure whose parameter is missing has the value None and names the missing value in
    `missing`, and so does every figure computed from it; the others are still computed.
    The values are computed at once; each figure's explanation when it is first read.
    """
    result = MonthResult(wm, params, explained=False)
    _fill_month(result, wm, params)
    if result.errors and not partial:
        raise result.errors[0]
    return result


EARNED = ("subsidy_income", "municipal_top_up")


def compute_earnings(wm: WorkerMonth, params: Parameters) -> MonthResult:
    """Like compute_month(partial=True): what the cash view needs of the months before its
    period (the pay subsidy and the top-up; the top-up depends on the wage costs). The
    figures after those (the city and public sector views) are not computed."""
    result = MonthResult(wm, params, explained=False)
    _fill_month(result, wm, params, earnings_only=True)
    return result


def _built(key: str, value: Decimal, used, formula, inputs=(), notes=()) -> Built:
    """`inputs` and `notes` (a tuple or a function giving one) are made when explained:
    a note formatted with numbers is translated then, not for every worker-month."""
    used = tuple(used)
    return Built(
        value,
        used,
        lambda: Figure(
            key,
            SUMMED_LABELS[key],
            value,
            formula,
            tuple(inputs()),
            used,
            tuple(notes() if callable(notes) else notes),
        ),
    )


def _subsidy_figure(wm: WorkerMonth) -> Built:
    """The month's pay subsidy: the money engine's parts, one per decision in force."""
    key = "subsidy_income"
    if wm.subsidy_missing is not None:
        raise wm.subsidy_missing
    subsidy = wm.subsidy
    if subsidy is None or not subsidy.parts:
        nothing = money(ZERO)
        notes = tuple(subsidy.notes) if subsidy else ()
        return Built(
            nothing,
            (),
            lambda: Figure(
                key,
                SUMMED_LABELS[key],
                nothing,
                _("No subsidy decision covers this month."),
                notes=notes,
            ),
        )
    value = subsidy.total

    def explain() -> Figure:
        inputs, notes = [], list(subsidy.notes)
        formulas = []
        for part in subsidy.parts:
            name = part.decision.label if part.decision else _("No decision")
            period = ""
            if part.first and part.last:
                period = f" {part.first.day}.{part.first.month}.–{part.last.day}.{part.last.month}."
            inputs.append(Input(f"{name}{period}", part.amount, "€"))
            inputs += [Input(f"  {line.label}", line.value, line.unit) for line in part.lines]
            notes += [str(n) for n in part.notes]
            if part.formula and str(part.formula) not in formulas:
                formulas.append(str(part.formula))
        formula = _("Σ over the decisions in force: %(formula)s") % {"formula": "; ".join(formulas)}
        return Figure(
            key,
            SUMMED_LABELS[key],
            value,
            formula,
            tuple(inputs),
            subsidy.parameters,
            tuple(dict.fromkeys(notes)),
        )

    return Built(value, subsidy.parameters, explain)


def _fill_month(
    result: "MonthResult", wm: WorkerMonth, params: Parameters, *, earnings_only: bool = False
) -> None:
    # The explanations' inputs are made only when a figure is explained (see Built).
    def base_in():
        return (
            Input(_("Approved hours"), wm.approved_hours, "h"),
            Input(_("Hourly wage"), wm.hourly_wage, "€/h"),
        )

    def fraction_in():
        return (Input(_("Share of the month employed"), wm.employed_fraction),)

    raw_pay = wm.approved_hours * wm.hourly_wage

    memo: dict = {}

    def raw_holiday():
        if "holiday" not in memo:
            percent, used = engine.holiday_pay_percent(params)
            memo["holiday"] = (raw_pay * percent / HUNDRED, percent, used)
        return memo["holiday"]

    def pay():
        return _built("pay", money(raw_pay), (), _("approved hours × hourly wage"), base_in)

    def holiday_pay():
        amount, percent, used = raw_holiday()
        return _built(
            "holiday_pay",
            money(amount),
            used,
            _("pay × holiday pay accrual × (1 + holiday bonus)"),
            lambda: (*base_in(), Input(_("Holiday pay, share of pay"), percent, "%")),
            (_("Holiday pay and the holiday bonus are employer costs of their own."),),
        )

    _step(result, "pay", pay)
    _step(result, "holiday_pay", holiday_pay)

    # The explanations capture values, never `result`: a reference cycle per worker-month
    # would leave thousands of them to the cycle collector (a second at city size).
    def wage_cost():
        pay_value, holiday_value = result["pay"], result["holiday_pay"]
        return _built(
            "wage_cost",
            pay_value + holiday_value,
            (),
            _("pay + holiday pay"),
            lambda: (
                Input(_("Pay"), pay_value, "€"),
                Input(_("Holiday pay"), holiday_value, "€"),
            ),
        )

    _step(result, "wage_cost", wage_cost, needs=("pay", "holiday_pay"))

    def statutory():
        amount, _percent, used_holiday = raw_holiday()
        percent, used = engine.side_cost_percent(params)
        value = money((raw_pay + amount) * percent / HUNDRED)
        return _built(
            "statutory_side_costs",
            value,
            (*used, *used_holiday),
            _(
                "(pay + holiday pay) × (TyEL total − employee's share + health + unemployment +"
                " accident + group life insurance)"
            ),
            lambda: (*base_in(), Input(_("Statutory side costs"), percent, "%")),
        )

    _step(result, "statutory_side_costs", statutory)

    def side_costs():
        other = params.used(K.OTHER_EMPLOYER_COSTS_PER_MONTH)
        other_value = money(other.value * wm.employed_fraction)
        statutory_value = result["statutory_side_costs"]
        value = statutory_value + other_value
        return _built(
            "side_costs",
            value,
            (*result.parameters["statutory_side_costs"], other),
            _(
                "statutory side costs + other employer costs (occupational health, tools,"
                " transport) × share of the month employed"
            ),
            lambda: (
                Input(_("Statutory side costs"), statutory_value, "€"),
                Input(_("Other employer costs"), other_value, "€"),
                *fraction_in(),
            ),
        )

    _step(result, "side_costs", side_costs, needs=("statutory_side_costs",))

    def employer_cost():
        wages, sides = result["wage_cost"], result["side_costs"]
        return _built(
            "employer_cost",
            wages + sides,
            (),
            _("wage cost + side costs"),
            lambda: (Input(_("Wage cost"), wages, "€"), Input(_("Side costs"), sides, "€")),
        )

    _step(result, "employer_cost", employer_cost, needs=("wage_cost", "side_costs"))
    _step(result, "subsidy_income", lambda: _subsidy_figure(wm))

    cumulation_needs = ("wage_cost", "statutory_side_costs", "subsidy_income")

    def limited():
        if "limited" not in memo:
            memo["limited"] = _limited()
        return memo["limited"]

    def _limited():
        top_up = params.used(K.MUNICIPAL_TOP_UP_PER_MONTH)
        full = money(top_up.value * wm.employed_fraction)
        wage_costs = result["wage_cost"] + result["statutory_side_costs"]
        outcome, used = engine.cumulation(
            subsidy=result["subsidy_income"], top_up=full, wage_costs=wage_costs, params=params
        )
        return top_up, full, wage_costs, outcome, used, result["subsidy_income"]

    def top_up():
        used_top_up, full, wage_costs, outcome, used, subsidy_value = limited()

        def notes():
            if not outcome.top_up_cut:
                return ()
            return (
                _("Subsidy + top-up may not exceed the wage costs: the top-up is cut by %(cut)s €.")
                % {"cut": outcome.top_up_cut},
            )

        return _built(
            "municipal_top_up",
            outcome.top_up_paid,
            (used_top_up, *used),
            _(
                "min(top-up per worker-month × share of the month employed, wage costs −"
                " pay subsidy) (the cumulation limit, when on)"
            ),
            lambda: (
                *fraction_in(),
                Input(_("Top-up before the limit"), full, "€"),
                Input(_("Wage costs (pay + holiday pay + statutory side costs)"), wage_costs, "€"),
                Input(_("Pay subsidy"), subsidy_value, "€"),
            ),
            notes,
        )

    def top_up_cut():
        _used, full, wage_costs, outcome, used, _subsidy = limited()
        return _built(
            "top_up_cut",
            outcome.top_up_cut,
            used,
            _("top-up before the limit − top-up paid"),
            lambda: (Input(_("Top-up before the limit"), full, "€"),),
        )

    def subsidy_excess():
        _used, full, wage_costs, outcome, used, _subsidy = limited()
        return _built(
            "subsidy_excess",
            outcome.subsidy_excess,
            used,
            _("pay subsidy above the wage costs (shown, not cut: the subsidy is an entitlement)"),
            lambda: (Input(_("Wage costs"), wage_costs, "€"),),
        )

    _step(result, "municipal_top_up", top_up, needs=cumulation_needs)
    _step(result, "top_up_cut", top_up_cut, needs=cumulation_needs)
    _step(result, "subsidy_excess", subsidy_excess, needs=cumulation_needs)
    if earnings_only:
        return

    def days_inputs():
        return (
            *fraction_in(),
            Input(
                _("Cumulative benefit days at the start of the month"),
                wm.benefit_days_at_start if wm.benefit_days_at_start is not None else ZERO,
            ),
        )

    def avoided():
        amount, days, used, adjusted = engine.avoided_benefit(
            fraction=wm.employed_fraction, pay=raw_pay, params=params
        )
        return amount, days, used, adjusted

    def avoided_notes(adjusted):
        if adjusted:
            return (
                _(
                    "A part-time worker keeps an adjusted benefit: 50 % of the gross pay reduces"
                    " it, so the benefit avoided is at most half of the pay."
                ),
            )
        return (_("Option used: the whole benefit stops while the person works."),)

    def public_avoided():
        amount, days, used, adjusted = avoided()
        return _built(
            "public_avoided_benefit",
            money(amount),
            used,
            _(
                "min(benefit per day × payable days per month × share of the month employed,"
                " 50 % × pay) with the adjusted benefit on; the whole benefit with it off"
            ),
            lambda: (*days_inputs(), *base_in()),
            avoided_notes(adjusted),
        )

    def avoided_share():
        amount, days, used, adjusted = avoided()
        segments = engine.share_segments(params, wm.benefit_days_at_start, days)
        share_days = sum((d * share / HUNDRED for d, share in segments), ZERO)
        value = money(amount * share_days / days) if days else money(ZERO)
        return _built(
            "city_avoided_benefit_share",
            value,
            used,
            _(
                "avoided benefit × municipal share by the person's cumulative benefit days"
                " (split where a step is crossed)"
            ),
            days_inputs,
            lambda: (
                *avoided_notes(adjusted),
                *(
                    _("%(days)s benefit days at a municipal share of %(share)s %%")
                    % {"days": money(d), "share": share}
                    for d, share in segments
                ),
            ),
        )

    def assistance_in():
        return (
            Input(
                _("Drop in the household's basic social assistance"),
                wm.social_assistance_drop,
                "€",
            ),
        )

    def avoided_assistance():
        share = params.used(K.SOCIAL_ASSISTANCE_MUNICIPAL_SHARE)
        value = money(wm.social_assistance_drop * share.value / HUNDRED)
        return _built(
            "city_avoided_social_assistance",
            value,
            (share,),
            _("drop in basic social assistance × municipal share"),
            assistance_in,
            (ASSISTANCE_NOTE,),
        )

    _step(result, "city_avoided_benefit_share", avoided_share)
    _step(result, "city_avoided_social_assistance", avoided_assistance)

    def city_paid():
        share = engine.city_share_of_subsidy(params)
        payable = wm.subsidy.city_payable if wm.subsidy else money(ZERO)
        value = money(payable * share.value / HUNDRED)
        return _built(
            "city_paid_subsidy",
            value,
            (share,),
            _(
                "pay subsidy of the decisions the municipality (employment area) pays × the"
                " city's share"
            ),
            lambda: (Input(_("Pay subsidy paid by the employment area"), payable, "€"),),
        )

    _step(result, "city_paid_subsidy", city_paid, needs=("subsidy_income",))

    def city_net():
        value = (
            result["city_avoided_benefit_share"]
            + result["city_avoided_social_assistance"]
            - result["city_paid_subsidy"]
            - result["municipal_top_up"]
        )
        return _built(
            "city_net_effect_before_coordination",
            value,
            (),
            _(
                "avoided benefit share + avoided social assistance − subsidy paid by the"
                " city − top-up"
            ),
            tuple,
        )

    _step(
        result,
        "city_net_effect_before_coordination",
        city_net,
        needs=(
            "city_avoided_benefit_share",
            "city_avoided_social_assistance",
            "city_paid_subsidy",
            "municipal_top_up",
        ),
    )
    _step(result, "public_avoided_benefit", public_avoided)
    assistance = money(wm.social_assistance_drop)
    result.set(
        "public_avoided_social_assistance",
        _built(
            "public_avoided_social_assistance",
            assistance,
            (),
            _("drop in basic social assistance"),
            assistance_in,
        ),
    )

    def taxes_returned():
        include = params.used(K.PUBLIC_SECTOR_INCLUDES_TAXES)
        if not taxes_included(params):
            return _built(
                "public_taxes_returned",
                money(ZERO),
                (include,),
                _("not counted: the parameter set leaves taxes out of the public sector view"),
                tuple,
                (TAXES_EXCLUDED_NOTE,),
            )
        amount, _percent, used_holiday = raw_holiday()
        taxes = tuple(params.used(key) for key in TAX_KEYS)
        rate = sum((u.value for u in taxes), ZERO)
        return _built(
            "public_taxes_returned",
            money((raw_pay + amount) * rate / HUNDRED),
            (include, *used_holiday, *taxes),
            _(
                "(pay + holiday pay) × (income tax + TyEL total + employee's unemployment and"
                " health insurance + employer's health and unemployment insurance)"
            ),
            lambda: (*base_in(), Input(_("Taxes and contributions, total"), rate, "%")),
            (TAXES_INCLUDED_NOTE, NATIONAL_ACCOUNTS_NOTE),
        )

    _step(result, "public_taxes_returned", taxes_returned)

    def public_net():
        value = (
            result["public_avoided_benefit"]
            + result["public_avoided_social_assistance"]
            + result["public_taxes_returned"]
            - result["subsidy_income"]
            - result["municipal_top_up"]
        )
        return _built(
            "public_net_effect_before_coordination",
            value,
            (),
            _(
                "avoided benefit + avoided social assistance + taxes and contributions from"
                " the wage (if the option is on) − pay subsidy − top-up"
            ),
            tuple,
        )

    _step(
        result,
        "public_net_effect_before_coordination",
        public_net,
        needs=(
            "public_avoided_benefit",
            "public_avoided_social_assistance",
            "public_taxes_returned",
            "subsidy_income",
            "municipal_top_up",
        ),
    )


SUMMED_LABELS = {
    "pay": _("Pay"),
    "holiday_pay": _("Holiday pay"),
    "wage_cost": _("Wage cost"),
    "statutory_side_costs": _("Statutory side costs"),
    "side_costs": _("Side costs"),
    "employer_cost": _("Employer cost"),
    "subsidy_income": _("Pay subsidy income"),
    "subsidy_excess": _("Pay subsidy above the wage costs"),
    "municipal_top_up": _("Municipal top-up"),
    "top_up_cut": _("Municipal top-up cut by the cumulation limit"),
    "city_avoided_benefit_share": _("Avoided municipal share of the unemployment benefit"),
    "city_avoided_social_assistance": _("Avoided municipal share of social assistance"),
    "city_paid_subsidy": _("Pay subsidy paid by the city"),
    "city_net_effect_before_coordination": _("City net effect before coordination costs"),
    "public_avoided_benefit": _("Avoided unemployment benefit, whole public sector"),
    "public_avoided_social_assistance": _("Avoided social assistance, whole public sector"),
    "public_taxes_returned": _("Taxes and contributions from the wage"),
    "public_net_effect_before_coordination": _(
        "Public sector net effect before coordination costs"
    ),
}
SUMMED = tuple(SUMMED_LABELS)
# Summed figures whose worker-month notes also hold for the total.
NOTED_SUMS = {"city_avoided_social_assistance", "public_taxes_returned"}


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
        return list(dict.fromkeys(m for f in self.figures.values() for m in f.missing))


def _combined(key, label, formula, parts, figures, notes=(), parameters=()) -> Figure:
    """A figure that adds (+1) and subtracts (−1) other total figures."""
    missing = tuple(dict.fromkeys(m for part, _l, _s in parts for m in figures[part].missing))
    if missing:
        return Figure(key, label, None, formula, missing=missing, notes=notes)
    value = sum((sign * figures[part].value for part, _l, sign in parts), ZERO)
    inputs = tuple(Input(part_label, figures[part].value, "€") for part, part_label, _s in parts)
    return Figure(key, label, value, formula, inputs, tuple(parameters), notes=notes)


def _summed_inputs(key: str, results: list[MonthResult]) -> tuple[Input, ...]:
    """What a summed figure was computed from, where the sum alone does not say it."""
    if key in ("city_avoided_social_assistance", "public_avoided_social_assistance"):
        drops = [r.worker_month.social_assistance_drop for r in results]
        return (
            Input(_("Recorded drops in basic social assistance, total"), sum(drops, ZERO), "€"),
            Input(_("Worker-months with a recorded drop"), Decimal(sum(1 for d in drops if d))),
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
            for r in results
            if r.worker_month.subsidy is not None
            for note in r.worker_month.subsidy.notes
        )
    )


def _summed_notes(key: str, results: list[MonthResult]) -> tuple[str, ...]:
    return next((r.figures[key].notes for r in results if r.figures[key].notes), ())


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
    incomplete = [r for r in results if r.missing_of]
    for key, label in SUMMED_LABELS.items():
        formula = _("sum over worker-months of: %(formula)s") % {
            "formula": results[0].figures[key].formula if results else ""
        }
        missing = tuple(dict.fromkeys(m for r in incomplete for m in r.missing_of.get(key, ())))
        value = None if missing else money(sum((r.values[key] for r in results), ZERO))
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
    hours = money(sum((r.worker_month.approved_hours for r in results), ZERO))
    person_months = money(sum((r.worker_month.employed_fraction for r in results), ZERO))
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
        notes = ()
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
        coordination_used = params.used(K.COORDINATION_COST_PER_MONTH)
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
    try:
        option_parameters = (params.used(K.PUBLIC_SECTOR_INCLUDES_TAXES),)
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


@dataclass(frozen=True)
class CashMonth:
    """The associations' cash in one month when the subsidy and top-up come in arrears."""

    month: int
    paid_out: Decimal  # employer cost, paid in the month worked
    earned: Decimal  # pay subsidy and top-up earned for the month
    received: Decimal  # pay subsidy and top-up paid in the month (earned months earlier)
    gap: Decimal  # paid out − received
    outstanding: Decimal  # earned but not yet received at the end of the month


@dataclass
class CashFlow:
    months: list[CashMonth]
    figure: Figure  # the bridging need: the largest amount outstanding at a month's end


def cash_flow(
    monthly: list[tuple[int, Decimal | None, Decimal | None, Decimal | None]],
    params: Parameters,
    *,
    year: int,
    earlier: list[tuple[Decimal | None, Decimal | None]] | None = None,
) -> CashFlow:
    """The cash gap per month and the bridging need, from consecutive months of one year.

    `monthly` is [(month, employer cost, pay subsidy income, municipal top-up)] in order.
    The subsidy of month m is paid in month m + subsidy lag, the top-up in m + top-up lag
    (both whole months, parameters). Received(m) = S(m − Ls) + K(m − Lk); outstanding at
    the end of m = S over the last Ls months + K over the last Lk months; the bridging need
    is the largest outstanding amount. Inputs are rounded cents, so every value is exact.

    `earlier` is [(pay subsidy income, municipal top-up)] of the months just before the
    first one, oldest first (as many as the longer lag): what they earned is received, or
    still to come, inside the period. Without them (or with a value missing) the first
    months' receipts are understated, and a note says so.
    """
    label = _("Bridging need: subsidy and top-up not yet received")
    formula = _(
        "largest, over the months, of: pay subsidy earned in the last (subsidy lag) months +"
        " top-up earned in the last (top-up lag) months, earned but not yet paid"
    )
    try:
        subsidy_lag = params.used(K.SUBSIDY_PAYMENT_LAG_MONTHS)
        top_up_lag = params.used(K.TOP_UP_PAYMENT_LAG_MONTHS)
    except MissingParameter as error:
        return CashFlow([], Figure("bridging_need", label, None, formula, missing=(str(error),)))
    missing = [m for m, *values in monthly if any(v is None for v in values)]
    if missing:
        names = tuple(
            _("The figures of month %(month)s are missing.") % {"month": m} for m in missing
        )
        return CashFlow([], Figure("bridging_need", label, None, formula, missing=names))
    ls, lk = int(subsidy_lag.value), int(top_up_lag.value)
    earlier = list(earlier or ())
    earlier_known = len(earlier) >= max(ls, lk) and all(
        value is not None for pair in earlier for value in pair
    )
    if not earlier_known:
        earlier = []
    lead = len(earlier)
    subsidies = [row[0] for row in earlier] + [row[2] for row in monthly]
    top_ups = [row[1] for row in earlier] + [row[3] for row in monthly]
    months = []
    for n, (month, cost, subsidy, top_up) in enumerate(monthly):
        i = n + lead
        received = (subsidies[i - ls] if i >= ls else ZERO) + (top_ups[i - lk] if i >= lk else ZERO)
        outstanding = sum(subsidies[max(0, i - ls + 1) : i + 1], ZERO) + sum(
            top_ups[max(0, i - lk + 1) : i + 1], ZERO
        )
        months.append(
            CashMonth(month, cost, subsidy + top_up, received, cost - received, outstanding)
        )
    peak = max(months, key=lambda m: m.outstanding, default=None)
    notes = [
        _("Wages and side costs are paid in the month worked; service revenue is not counted."),
    ]
    if peak is not None and peak.outstanding > 0:
        notes.append(
            _("The need is largest at the end of %(month)s/%(year)s.")
            % {"month": peak.month, "year": year}
        )
    if monthly and (ls or lk) and earlier_known:
        notes.append(
            _(
                "Amounts received in the first months include the subsidy and top-up earned"
                " before %(month)s/%(year)s."
            )
            % {"month": monthly[0][0], "year": year}
        )
    elif monthly and (ls or lk):
        notes.append(
            _(
                "Subsidy and top-up earned before %(month)s/%(year)s are not in this view: in the"
                " first months of the period the amounts received are understated."
            )
            % {"month": monthly[0][0], "year": year}
        )
    figure = Figure(
        "bridging_need",
        label,
        peak.outstanding if peak is not None else money(ZERO),
        formula,
        tuple(
            Input(
                _("Still to come at the end of %(month)s/%(year)s")
                % {"month": m.month, "year": year},
                m.outstanding,
                "€",
            )
            for m in months
        ),
        (subsidy_lag, top_up_lag),
        tuple(notes),
    )
    return CashFlow(months, figure)


Outcome = engine.Outcome


@dataclass
class SroiResult:
    ratio: Decimal | None
    present_value: Decimal
    investment: Decimal
    outcome_values: list[tuple[Outcome, Decimal]]
    figure: Figure
    details: engine.SroiValues
    investment_parts: tuple[Input, ...] = ()


def sroi(
    outcomes: Iterable[Outcome],
    *,
    investment: Decimal,
    params: Parameters,
    investment_parts: tuple[Input, ...] = (),
) -> SroiResult:
    """Social return on investment (SOSTE's guide), by the money engine's `sroi_values`.

    Every proxy with its quantity, value, deductions and present value; the value of
    services net of what customers paid; fiscal savings apart from social value. A ratio
    of 0 is 0 (None only without an investment)."""
    values = engine.sroi_values(list(outcomes), investment=investment, params=params)
    notes = [
        _(
            "Fiscal savings (avoided benefit) %(fiscal)s € are shown apart from the social value"
            " %(social)s €."
        )
        % {"fiscal": values.fiscal_value, "social": values.social_value},
    ]
    if any(v.outcome.customer_paid for v in values.outcomes):
        notes.append(_("The value of services is net of what customers paid (already revenue)."))
    figure = Figure(
        "sroi_ratio",
        _("SROI ratio"),
        values.ratio if values.ratio is not None else ZERO,
        _(
            "Σ present value of outcomes (net of customer payments) after deadweight,"
            " attribution, displacement and drop-off, discounted / investment (employer cost"
            " + coordination costs)"
        ),
        (
            *(Input(str(v.outcome.name), v.present_value, "€") for v in values.outcomes),
            Input(_("Present value of outcomes"), values.present_value, "€"),
            *investment_parts,
            Input(_("Investment"), values.investment, "€"),
        ),
        values.parameters,
        tuple(notes),
    )
    return SroiResult(
        values.ratio,
        values.present_value,
        values.investment,
        [(v.outcome, v.present_value) for v in values.outcomes],
        figure,
        values,
        tuple(investment_parts),
    )
