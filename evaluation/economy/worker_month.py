"""The figures of one worker-month (domain brief §5): pay, holiday pay, side costs, the
employer cost, the pay subsidy, the municipal top-up under the cumulation limit, the avoided
benefit and social assistance, the city's and the public sector's effects."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from evaluation.economy.amounts import HUNDRED, ZERO
from evaluation.economy.explanations import (
    ASSISTANCE_NOTE,
    NATIONAL_ACCOUNTS_NOTE,
    TAX_KEYS,
    TAXES_EXCLUDED_NOTE,
    TAXES_INCLUDED_NOTE,
    Input,
    MonthResult,
    _built,
    _step,
    taxes_included,
)
from evaluation.economy.subsidy import subsidy_figure
from workers import money as engine
from workers.models import ParameterKey
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
    money,
)
from workers.parameters import MissingParameter, Parameters


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


def compute_month(
    worker_month: WorkerMonth, params: Parameters, *, partial: bool = False
) -> MonthResult:
    """All figures of one worker-month, each rounded once (see the rounding rule).

    A missing parameter raises MissingParameter (naming it), unless `partial`: then a
    figure whose parameter is missing has the value None and names the missing value in
    `missing`, and so does every figure computed from it; the others are still computed.
    The values are computed at once; each figure's explanation when it is first read.
    """
    result = MonthResult(worker_month, params, explained=False)
    _fill_month(result, worker_month, params)
    if result.errors and not partial:
        raise result.errors[0]
    return result


EARNED = ("subsidy_income", "municipal_top_up")


def compute_earnings(worker_month: WorkerMonth, params: Parameters) -> MonthResult:
    """Like compute_month(partial=True): what the cash view needs of the months before its
    period (the pay subsidy and the top-up; the top-up depends on the wage costs). The
    figures after those (the city and public sector views) are not computed."""
    result = MonthResult(worker_month, params, explained=False)
    _fill_month(result, worker_month, params, earnings_only=True)
    return result


def _fill_month(
    result: "MonthResult",
    worker_month: WorkerMonth,
    params: Parameters,
    *,
    earnings_only: bool = False,
) -> None:
    # The explanations' inputs are made only when a figure is explained (see Built).
    def base_in():
        return (
            Input(_("Approved hours"), worker_month.approved_hours, "h"),
            Input(_("Hourly wage"), worker_month.hourly_wage, "€/h"),
        )

    def fraction_in():
        return (Input(_("Share of the month employed"), worker_month.employed_fraction),)

    raw_pay = worker_month.approved_hours * worker_month.hourly_wage

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
    # would leave thousands of them to the cycle collector.
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
        other = params.used(ParameterKey.OTHER_EMPLOYER_COSTS_PER_MONTH)
        other_value = money(other.value * worker_month.employed_fraction)
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
    _step(result, "subsidy_income", lambda: subsidy_figure(worker_month))

    cumulation_needs = ("wage_cost", "statutory_side_costs", "subsidy_income")

    def limited():
        if "limited" not in memo:
            memo["limited"] = _limited()
        return memo["limited"]

    def _limited():
        top_up = params.used(ParameterKey.MUNICIPAL_TOP_UP_PER_MONTH)
        full = money(top_up.value * worker_month.employed_fraction)
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
                worker_month.benefit_days_at_start
                if worker_month.benefit_days_at_start is not None
                else ZERO,
            ),
        )

    def avoided():
        amount, days, used, adjusted = engine.avoided_benefit(
            fraction=worker_month.employed_fraction, pay=raw_pay, params=params
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
        segments = engine.share_segments(params, worker_month.benefit_days_at_start, days)
        share_days = sum((step_days * share / HUNDRED for step_days, share in segments), ZERO)
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
                    % {"days": money(step_days), "share": share}
                    for step_days, share in segments
                ),
            ),
        )

    def assistance_in():
        return (
            Input(
                _("Drop in the household's basic social assistance"),
                worker_month.social_assistance_drop,
                "€",
            ),
        )

    def avoided_assistance():
        share = params.used(ParameterKey.SOCIAL_ASSISTANCE_MUNICIPAL_SHARE)
        value = money(worker_month.social_assistance_drop * share.value / HUNDRED)
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
        payable = worker_month.subsidy.city_payable if worker_month.subsidy else money(ZERO)
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
    assistance = money(worker_month.social_assistance_drop)
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
        include = params.used(ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES)
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
        rate = sum((used.value for used in taxes), ZERO)
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
