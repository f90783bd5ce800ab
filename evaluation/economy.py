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

import calendar
import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from workers.models import ParameterKey, SubsidyType
from workers.parameters import MissingParameter, Parameters, UsedValue

K = ParameterKey
CENT = Decimal("0.01")
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


def money(value: Decimal) -> Decimal:
    """The rounding rule: to cents, half up. Applied once per worker-month figure."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def two_places(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def month_fraction(
    starts_on: datetime.date, ends_on: datetime.date | None, year: int, month: int
) -> Decimal:
    """The share of the month's calendar days inside [starts_on, ends_on] (0 to 1, exact)."""
    days_in_month = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, days_in_month)
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
class SubsidyTerms:
    """The subsidy decision as it applies to one month.

    `covered_fraction` is the share of the month's days the decision covers (0 to 1) and
    `covered_hours` the approved hours worked on those days.
    """

    subsidy_type: str
    rate_percent: Decimal
    monthly_cap: Decimal | None
    paid_by_city: bool
    covered_fraction: Decimal
    covered_hours: Decimal


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
    subsidy: SubsidyTerms | None = None
    social_assistance_drop: Decimal = ZERO


@dataclass(frozen=True)
class Built:
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
    """The figures of one worker-month: values and parameters at once, explanations on demand."""

    def __init__(self, worker_month: WorkerMonth):
        self.worker_month = worker_month
        self.values: dict[str, Decimal | None] = {}
        self.parameters: dict[str, tuple[UsedValue, ...]] = {}
        self.missing_of: dict[str, tuple[str, ...]] = {}
        self.errors: list = []
        self._explainers: dict[str, Callable[[], Figure]] = {}
        self.figures = _Figures(self._explainers)

    def __getitem__(self, key: str) -> Decimal | None:
        return self.values[key]

    @property
    def missing(self) -> list[str]:
        return list(dict.fromkeys(m for k in self.values for m in self.missing_of.get(k, ())))

    def add(self, figure: Figure) -> Decimal:
        key = figure.key
        self.values[key] = figure.value
        self.parameters[key] = figure.parameters
        if figure.missing:
            self.missing_of[key] = figure.missing
        self.figures._cache[key] = figure
        self._explainers[key] = lambda: figure
        return figure.value

    def set(self, key: str, built: Built) -> Decimal:
        self.values[key] = built.value
        self.parameters[key] = built.parameters
        self._explainers[key] = built.explain
        return built.value

    def set_missing(self, key: str, missing: tuple[str, ...]) -> None:
        self.values[key] = None
        self.parameters[key] = ()
        self.missing_of[key] = missing
        self._explainers[key] = lambda: Figure(key, SUMMED_LABELS[key], None, "", missing=missing)


def side_cost_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    """The employer's statutory contributions in % of pay (TyEL employer part and insurances).

    Worked out once per parameter set (twice per worker-month otherwise)."""
    cached = params.derived.get("side_cost_percent")
    if cached is None:
        cached = params.derived["side_cost_percent"] = _side_cost_percent(params)
    return cached


def _side_cost_percent(params: Parameters) -> tuple[Decimal, tuple[UsedValue, ...]]:
    keys = [
        K.TYEL_TOTAL,
        K.TYEL_EMPLOYEE,
        K.HEALTH_INSURANCE,
        K.UNEMPLOYMENT_INSURANCE,
        K.ACCIDENT_INSURANCE,
        K.GROUP_LIFE_INSURANCE,
    ]
    used = tuple(params.used(key) for key in keys)
    values = {u.key: u.value for u in used}
    percent = (
        values[K.TYEL_TOTAL]
        - values[K.TYEL_EMPLOYEE]
        + values[K.HEALTH_INSURANCE]
        + values[K.UNEMPLOYMENT_INSURANCE]
        + values[K.ACCIDENT_INSURANCE]
        + values[K.GROUP_LIFE_INSURANCE]
    )
    return percent, used


def benefit_share_segments(
    params: Parameters, start_days: Decimal, days: Decimal
) -> list[tuple[Decimal, Decimal]]:
    """[(benefit days, municipal share %), ...] for the days start_days … start_days + days.

    The share of a day follows the cumulative benefit days reached before it, so a month
    in which the person crosses a step is split at the step.
    """
    steps = params.share_steps
    if not steps:
        raise MissingParameter("municipal_share_steps", params.year)
    segments = []
    position, end = Decimal(start_days), Decimal(start_days) + days
    boundaries = [Decimal(s.from_days) for s in steps if Decimal(s.from_days) > position]
    for boundary in [*boundaries, end]:
        upper = min(boundary, end)
        if upper > position:
            segments.append((upper - position, params.municipal_share(int(position))))
            position = upper
        if position >= end:
            break
    return segments


def counterfactual_benefit_days(
    initial_days: Decimal, employed_fractions: Iterable[Decimal], params: Parameters
) -> list[Decimal]:
    """Cumulative benefit days at the start of each consecutive month of employment.

    Had the person stayed unemployed, each month would have added the payable days
    (× the share of the month employed); that is what moves them up the municipal-share
    step table during the year.
    """
    per_month = params.value(K.BENEFIT_DAYS_PER_MONTH)
    days, result = Decimal(initial_days), []
    for fraction in employed_fractions:
        result.append(days)
        days += per_month * fraction
    return result


def _subsidy(wm: WorkerMonth, params: Parameters, statutory: Decimal, used_statutory) -> Built:
    terms = wm.subsidy
    key = "subsidy_income"
    label = SUMMED_LABELS[key]
    if terms is None or terms.covered_fraction == 0:
        nothing = money(ZERO)
        return Built(
            nothing,
            (),
            lambda: Figure(key, label, nothing, _("No subsidy decision covers this month.")),
        )
    rate = terms.rate_percent / HUNDRED

    def base_inputs() -> list[Input]:
        return [
            Input(_("Subsidy rate in the decision"), terms.rate_percent, "%"),
            Input(_("Approved hours on days the decision covers"), terms.covered_hours, "h"),
            Input(_("Hourly wage"), wm.hourly_wage, "€/h"),
            Input(_("Share of the month the decision covers"), terms.covered_fraction),
        ]

    used: list[UsedValue] = []
    cap_key = None
    hour_cap = None
    if terms.subsidy_type == SubsidyType.ASSOCIATION_100:
        full_time = params.used(K.FULL_TIME_HOURS_PER_WEEK)
        max_share = params.used(K.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME)
        weeks = params.used(K.WEEKS_PER_MONTH)
        used += [full_time, max_share, weeks, *used_statutory]
        hour_cap = (
            full_time.value * max_share.value / HUNDRED * weeks.value * terms.covered_fraction
        )
        hours = min(terms.covered_hours, hour_cap)
        amount = hours * wm.hourly_wage * (1 + statutory / HUNDRED) * rate
        cap_key = K.ASSOCIATION_SUBSIDY_MONTHLY_CAP
    elif terms.subsidy_type == SubsidyType.AGE_55_PLUS_70:
        minimum = params.used(K.AGE_55_MIN_HOURS_PER_WEEK)
        used.append(minimum)
        if wm.contract_hours_per_week < minimum.value:
            nothing, short_used = money(ZERO), tuple(used)
            return Built(
                nothing,
                short_used,
                lambda: Figure(
                    key,
                    label,
                    nothing,
                    _(
                        "hours × hourly wage × rate (wage only), at most the monthly cap × share"
                        " of the month"
                    ),
                    (
                        *base_inputs(),
                        Input(_("Contract hours per week"), wm.contract_hours_per_week, "h"),
                    ),
                    short_used,
                    (_("The contract is shorter than the 55+ subsidy's minimum hours per week."),),
                ),
            )
        amount = terms.covered_hours * wm.hourly_wage * rate
        cap_key = K.AGE_55_SUBSIDY_MONTHLY_CAP
    else:
        used += list(used_statutory)
        amount = terms.covered_hours * wm.hourly_wage * (1 + statutory / HUNDRED) * rate
    cap = terms.monthly_cap
    if cap is None and cap_key is not None:
        cap_used = params.used(cap_key)
        used.append(cap_used)
        cap = cap_used.value
    cap_applies = False
    if cap is not None:
        prorated_cap = cap * terms.covered_fraction
        if amount > prorated_cap:
            cap_applies = True
            amount = prorated_cap
    value, parameters = money(amount), tuple(used)

    def explain() -> Figure:
        inputs = base_inputs()
        notes = []
        if terms.subsidy_type == SubsidyType.ASSOCIATION_100:
            inputs.append(Input(_("Hours the subsidy covers at most"), hour_cap, "h"))
            formula = _(
                "min(hours, full-time hours per week × covered share of full time × weeks per"
                " month × share of the month) × hourly wage × (1 + statutory side costs) × rate,"
                " at most the monthly cap × share of the month"
            )
            notes.append(_("Holiday bonus is the association's own cost and is not subsidised."))
        elif terms.subsidy_type == SubsidyType.AGE_55_PLUS_70:
            formula = _(
                "hours × hourly wage × rate (wage only), at most the monthly cap × share of the"
                " month"
            )
        else:
            formula = _("hours × hourly wage × (1 + statutory side costs) × rate")
        if terms.monthly_cap is not None:
            inputs.append(Input(_("Monthly cap in the decision"), terms.monthly_cap, "€"))
        if cap_applies:
            notes.append(_("The monthly cap applies."))
        return Figure(key, label, value, formula, tuple(inputs), parameters, tuple(notes))

    return Built(value, parameters, explain)


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
    result = MonthResult(wm)
    _fill_month(result, wm, params)
    if result.errors and not partial:
        raise result.errors[0]
    return result


EARNED = ("subsidy_income", "municipal_top_up")


def compute_earnings(wm: WorkerMonth, params: Parameters) -> MonthResult:
    """Like compute_month(partial=True), but only up to the pay subsidy and the top-up
    (`EARNED`): what the cash view needs of the months before its period."""
    result = MonthResult(wm)
    _fill_month(result, wm, params, earnings_only=True)
    return result


def _fill_month(
    result: "MonthResult", wm: WorkerMonth, params: Parameters, *, earnings_only: bool = False
) -> None:
    # The explanations' inputs are made only when a figure is explained (see Built).
    def hours_in():
        return Input(_("Approved hours"), wm.approved_hours, "h")

    def wage_in():
        return Input(_("Hourly wage"), wm.hourly_wage, "€/h")

    def fraction_in():
        return Input(_("Share of the month employed"), wm.employed_fraction)

    def gross():
        holiday = params.used(K.HOLIDAY_PAY_ACCRUAL)
        return wm.approved_hours * wm.hourly_wage * (1 + holiday.value / HUNDRED), holiday

    def wage_cost():
        amount, holiday = gross()
        value, used = money(amount), (holiday,)
        return Built(
            value,
            used,
            lambda: Figure(
                "wage_cost",
                SUMMED_LABELS["wage_cost"],
                value,
                _("approved hours × hourly wage × (1 + holiday pay accrual)"),
                (hours_in(), wage_in()),
                used,
            ),
        )

    def side_costs():
        amount, _holiday = gross()
        statutory, used_statutory = side_cost_percent(params)
        other = params.used(K.OTHER_EMPLOYER_COSTS_PER_MONTH)
        value = money(amount * statutory / HUNDRED + other.value * wm.employed_fraction)
        used = (*used_statutory, other)
        return Built(
            value,
            used,
            lambda: Figure(
                "side_costs",
                SUMMED_LABELS["side_costs"],
                value,
                _(
                    "gross pay × (TyEL total − employee's share + health + unemployment +"
                    " accident + group life insurance) + other employer costs × share of the"
                    " month employed"
                ),
                (
                    hours_in(),
                    wage_in(),
                    fraction_in(),
                    Input(_("Statutory side costs"), statutory, "%"),
                ),
                used,
            ),
        )

    def employer_cost():
        wages, sides = result["wage_cost"], result["side_costs"]
        return Built(
            wages + sides,
            (),
            lambda: Figure(
                "employer_cost",
                SUMMED_LABELS["employer_cost"],
                wages + sides,
                _("wage cost + side costs"),
                (Input(_("Wage cost"), wages, "€"), Input(_("Side costs"), sides, "€")),
            ),
        )

    _step(result, "wage_cost", wage_cost)
    _step(result, "side_costs", side_costs)
    _step(result, "employer_cost", employer_cost, needs=("wage_cost", "side_costs"))

    def subsidy():
        terms = wm.subsidy
        if terms is None or terms.covered_fraction == 0:
            return _subsidy(wm, params, ZERO, ())
        if terms.subsidy_type == SubsidyType.AGE_55_PLUS_70:
            return _subsidy(wm, params, ZERO, ())
        statutory, used_statutory = side_cost_percent(params)
        return _subsidy(wm, params, statutory, used_statutory)

    _step(result, "subsidy_income", subsidy)

    def top_up():
        used = params.used(K.MUNICIPAL_TOP_UP_PER_MONTH)
        value = money(used.value * wm.employed_fraction)
        return Built(
            value,
            (used,),
            lambda: Figure(
                "municipal_top_up",
                SUMMED_LABELS["municipal_top_up"],
                value,
                _("municipal top-up per worker-month × share of the month employed"),
                (fraction_in(),),
                (used,),
            ),
        )

    _step(result, "municipal_top_up", top_up)
    if earnings_only:
        return

    def days_inputs():
        return (
            fraction_in(),
            Input(
                _("Cumulative benefit days at the start of the month"),
                wm.benefit_days_at_start if wm.benefit_days_at_start is not None else ZERO,
            ),
        )

    def benefit_days():
        per_day = params.used(K.BENEFIT_PER_DAY)
        days_per_month = params.used(K.BENEFIT_DAYS_PER_MONTH)
        return per_day, days_per_month, days_per_month.value * wm.employed_fraction

    def avoided_share():
        per_day, days_per_month, days = benefit_days()
        segments = benefit_share_segments(params, wm.benefit_days_at_start, days)
        share_days = sum((d * share / HUNDRED for d, share in segments), ZERO)
        value, used = money(per_day.value * share_days), (per_day, days_per_month)
        return Built(
            value,
            used,
            lambda: Figure(
                "city_avoided_benefit_share",
                SUMMED_LABELS["city_avoided_benefit_share"],
                value,
                _(
                    "benefit per day × Σ (benefit days × municipal share by cumulative benefit"
                    " days), benefit days = payable days per month × share of the month employed"
                ),
                days_inputs(),
                used,
                tuple(
                    _("%(days)s benefit days at a municipal share of %(share)s %%")
                    % {"days": two_places(d), "share": share}
                    for d, share in segments
                ),
            ),
        )

    def assistance_in():
        return Input(
            _("Drop in the household's basic social assistance"), wm.social_assistance_drop, "€"
        )

    def avoided_assistance():
        share = params.used(K.SOCIAL_ASSISTANCE_MUNICIPAL_SHARE)
        value = money(wm.social_assistance_drop * share.value / HUNDRED)
        return Built(
            value,
            (share,),
            lambda: Figure(
                "city_avoided_social_assistance",
                SUMMED_LABELS["city_avoided_social_assistance"],
                value,
                _("drop in basic social assistance × municipal share"),
                (assistance_in(),),
                (share,),
                (ASSISTANCE_NOTE,),
            ),
        )

    _step(result, "city_avoided_benefit_share", avoided_share)
    _step(result, "city_avoided_social_assistance", avoided_assistance)
    paid_by_city = wm.subsidy is not None and wm.subsidy.paid_by_city

    def city_paid():
        subsidy_income = result["subsidy_income"]
        value = subsidy_income if paid_by_city else money(ZERO)
        return Built(
            value,
            (),
            lambda: Figure(
                "city_paid_subsidy",
                SUMMED_LABELS["city_paid_subsidy"],
                value,
                _("the pay subsidy when the decision's payer is the municipality"),
                (Input(_("Pay subsidy income"), subsidy_income, "€"),),
            ),
        )

    _step(result, "city_paid_subsidy", city_paid, needs=("subsidy_income",))

    def city_net():
        value = (
            result["city_avoided_benefit_share"]
            + result["city_avoided_social_assistance"]
            - result["city_paid_subsidy"]
            - result["municipal_top_up"]
        )
        return Built(
            value,
            (),
            lambda: Figure(
                "city_net_effect_before_coordination",
                SUMMED_LABELS["city_net_effect_before_coordination"],
                value,
                _(
                    "avoided benefit share + avoided social assistance − subsidy paid by the"
                    " city − top-up"
                ),
            ),
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

    def public_avoided():
        per_day, days_per_month, days = benefit_days()
        value, used = money(per_day.value * days), (per_day, days_per_month)
        return Built(
            value,
            used,
            lambda: Figure(
                "public_avoided_benefit",
                SUMMED_LABELS["public_avoided_benefit"],
                value,
                _("benefit per day × payable days per month × share of the month employed"),
                days_inputs(),
                used,
            ),
        )

    _step(result, "public_avoided_benefit", public_avoided)
    assistance = money(wm.social_assistance_drop)
    result.set(
        "public_avoided_social_assistance",
        Built(
            assistance,
            (),
            lambda: Figure(
                "public_avoided_social_assistance",
                SUMMED_LABELS["public_avoided_social_assistance"],
                assistance,
                _("drop in basic social assistance"),
                (assistance_in(),),
            ),
        ),
    )

    def taxes_returned():
        include = params.used(K.PUBLIC_SECTOR_INCLUDES_TAXES)
        label = SUMMED_LABELS["public_taxes_returned"]
        if not taxes_included(params):
            nothing = money(ZERO)
            return Built(
                nothing,
                (include,),
                lambda: Figure(
                    "public_taxes_returned",
                    label,
                    nothing,
                    _("not counted: the parameter set leaves taxes out of the public sector view"),
                    parameters=(include,),
                    notes=(TAXES_EXCLUDED_NOTE,),
                ),
            )
        amount, holiday = gross()
        taxes = tuple(params.used(key) for key in TAX_KEYS)
        rate = sum((u.value for u in taxes), ZERO)
        value, used = money(amount * rate / HUNDRED), (include, holiday, *taxes)
        return Built(
            value,
            used,
            lambda: Figure(
                "public_taxes_returned",
                label,
                value,
                _(
                    "gross pay × (income tax + TyEL total + employee's unemployment and health"
                    " insurance + employer's health and unemployment insurance)"
                ),
                (hours_in(), wage_in(), Input(_("Taxes and contributions, total"), rate, "%")),
                used,
                (TAXES_INCLUDED_NOTE, NATIONAL_ACCOUNTS_NOTE),
            ),
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
        return Built(
            value,
            (),
            lambda: Figure(
                "public_net_effect_before_coordination",
                SUMMED_LABELS["public_net_effect_before_coordination"],
                value,
                _(
                    "avoided benefit + avoided social assistance + taxes and contributions from"
                    " the wage (if the option is on) − pay subsidy − top-up"
                ),
            ),
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
    "wage_cost": _("Wage cost"),
    "side_costs": _("Side costs"),
    "employer_cost": _("Employer cost"),
    "subsidy_income": _("Pay subsidy income"),
    "municipal_top_up": _("Municipal top-up"),
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
            _summed_notes(key, results) if key in NOTED_SUMS else (),
            missing,
        )
    hours = two_places(sum((r.worker_month.approved_hours for r in results), ZERO))
    person_months = two_places(sum((r.worker_month.employed_fraction for r in results), ZERO))
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
            (Input(_("Months of coordination"), two_places(coordination_months)),),
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


@dataclass(frozen=True)
class Outcome:
    """One SROI outcome: quantity × financial proxy, lasting `duration_years`."""

    name: str
    quantity: Decimal
    value_per_unit: Decimal
    duration_years: int = 1


@dataclass
class SroiResult:
    ratio: Decimal | None
    present_value: Decimal
    investment: Decimal
    outcome_values: list[tuple[Outcome, Decimal]]
    figure: Figure


def sroi(outcomes: Iterable[Outcome], *, investment: Decimal, params: Parameters) -> SroiResult:
    """Social return on investment (SOSTE's guide).

    Year 1 value = quantity × proxy × (1 − deadweight) × (1 − attribution) × (1 − displacement);
    year t value = year-1 value × (1 − drop-off)^(t − 1); present value = Σ value_t / (1 + r)^t.
    Each outcome's present value is rounded once to cents; ratio = Σ PV / investment.
    """
    keys = (K.SROI_DEADWEIGHT, K.SROI_ATTRIBUTION, K.SROI_DISPLACEMENT, K.SROI_DROP_OFF)
    used = [params.used(key) for key in keys]
    rate_used = params.used(K.SROI_DISCOUNT_RATE)
    deadweight, attribution, displacement, drop_off = (u.value / HUNDRED for u in used)
    rate = rate_used.value / HUNDRED
    kept = (1 - deadweight) * (1 - attribution) * (1 - displacement)
    values = []
    for outcome in outcomes:
        first_year = outcome.quantity * outcome.value_per_unit * kept
        present = sum(
            (
                first_year * (1 - drop_off) ** (t - 1) / (1 + rate) ** t
                for t in range(1, outcome.duration_years + 1)
            ),
            ZERO,
        )
        values.append((outcome, money(present)))
    total = sum((v for _o, v in values), ZERO)
    investment = money(investment)
    ratio = two_places(total / investment) if investment > 0 else None
    figure = Figure(
        "sroi_ratio",
        _("SROI ratio"),
        ratio if ratio is not None else ZERO,
        _(
            "Σ present value of outcomes after deadweight, attribution, displacement and"
            " drop-off, discounted / investment (employer cost + coordination costs)"
        ),
        (
            *(Input(str(o.name), v, "€") for o, v in values),
            Input(_("Present value of outcomes"), total, "€"),
            Input(_("Investment"), investment, "€"),
        ),
        (*used, rate_used),
    )
    return SroiResult(ratio, total, investment, values, figure)
