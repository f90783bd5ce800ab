"""Which pay-subsidy types apply to a worker, and why, in words a coordinator can check.

Rates, caps, the 55+ minimum hours and the association subsidy's maximum months come
from the municipality's parameter set of the year (`workers.parameters`). The legal
conditions below are the definitions of the subsidy types themselves (domain brief §5,
sources: Työmarkkinatori, Tuusula and EKLU pay-subsidy pages); they are named here
once, not scattered as numbers.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from workers.models import ParameterKey, SubsidyDecision, SubsidyType, Worker
from workers.money import three_year_rule
from workers.parameters import MissingParameter, Parameters

LONG_TERM_MONTHS = 24  # of the last 28 months unemployed: association 100 % and 55+ subsidy
DISADVANTAGED_LONG_MONTHS = 12  # of the last 14 months: disadvantaged subsidy lasts longer
DISADVANTAGED_MONTHS, DISADVANTAGED_MONTHS_LONG = 5, 10
REDUCED_ABILITY_MAX_MONTHS = 24
AGE_55_MIN_AGE = 55
AGE_55_MONTHS = 10


def _number(value: Decimal) -> str:
    """24.4000 -> '24,4' and 65.0000 -> '65' in the active language."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.localize(value)


@dataclass
class SubsidyOption:
    subsidy_type: str
    label: str | Promise
    applies: bool
    reasons: list[str] = field(default_factory=list)
    rate_percent: Decimal | None = None
    max_months: int | None = None
    monthly_cap: Decimal | None = None
    missing: list[str] = field(default_factory=list)


def _value(params: Parameters, key: str, option: SubsidyOption) -> Decimal | None:
    try:
        return params.value(key)
    except MissingParameter as error:
        option.missing.append(str(error))
        return None


def subsidy_options(
    *,
    worker: Worker,
    params: Parameters,
    year: int,
    association=None,
    hours_per_week: Decimal | None = None,
    starts_on: datetime.date | None = None,
    employment=None,
) -> list[SubsidyOption]:
    """Every subsidy type with whether it applies and the reasons, in the active language.

    With `association` and `starts_on`: the 3-year rule (no new subsidy from the same
    employer for the same person within 3 years of an earlier one, except for reduced work
    ability) is checked against the person's earlier decisions with that association
    (those of `employment`, the contract being subsidised, do not count)."""
    hours_per_week = Decimal(hours_per_week) if hours_per_week is not None else None
    months_28 = worker.months_unemployed_last_28
    months_14 = worker.months_unemployed_last_14
    age = worker.age_in(year)
    long_term = months_28 >= LONG_TERM_MONTHS
    long_term_text = (
        _("%(months)s of the last 28 months unemployed (at least %(needed)s needed).")
        if long_term
        else _("Only %(months)s of the last 28 months unemployed (at least %(needed)s needed).")
    ) % {"months": months_28, "needed": LONG_TERM_MONTHS}
    options = []

    option = SubsidyOption(SubsidyType.ASSOCIATION_100, SubsidyType.ASSOCIATION_100.label, False)
    option.rate_percent = _value(params, ParameterKey.ASSOCIATION_SUBSIDY_RATE, option)
    months = _value(params, ParameterKey.ASSOCIATION_SUBSIDY_MAX_MONTHS, option)
    option.max_months = int(months) if months is not None else None
    option.monthly_cap = _value(params, ParameterKey.ASSOCIATION_SUBSIDY_MONTHLY_CAP, option)
    share = _value(params, ParameterKey.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME, option)
    business = association is not None and association.has_business_activity
    option.applies = long_term and not business
    option.reasons.append(long_term_text)
    if association is None:
        option.reasons.append(
            _("Only for an association without business activity: check the employer.")
        )
    elif business:
        option.reasons.append(
            _("%(association)s runs business activity, which rules this subsidy out.")
            % {"association": association}
        )
    else:
        option.reasons.append(
            _("%(association)s runs no business activity.") % {"association": association}
        )
    if share is not None:
        option.reasons.append(
            _(
                "Covers wage costs for hours up to %(share)s %% of full time; the holiday bonus "
                "is the association's own cost."
            )
            % {"share": _number(share)}
        )
    options.append(option)

    option = SubsidyOption(
        SubsidyType.DISADVANTAGED_50, SubsidyType.DISADVANTAGED_50.label, months_28 > 0
    )
    option.rate_percent = _value(params, ParameterKey.DISADVANTAGED_SUBSIDY_RATE, option)
    if months_14 >= DISADVANTAGED_LONG_MONTHS:
        option.max_months = DISADVANTAGED_MONTHS_LONG
        option.reasons.append(
            _("%(months)s of the last 14 months unemployed: up to %(max)s months.")
            % {"months": months_14, "max": DISADVANTAGED_MONTHS_LONG}
        )
    else:
        option.max_months = DISADVANTAGED_MONTHS
        option.reasons.append(
            _(
                "%(months)s of the last 14 months unemployed (fewer than %(needed)s): "
                "up to %(max)s months."
            )
            % {
                "months": months_14,
                "needed": DISADVANTAGED_LONG_MONTHS,
                "max": DISADVANTAGED_MONTHS,
            }
        )
    if not option.applies:
        option.reasons.append(_("No unemployment recorded in the last 28 months."))
    options.append(option)

    option = SubsidyOption(
        SubsidyType.REDUCED_WORK_ABILITY_70,
        SubsidyType.REDUCED_WORK_ABILITY_70.label,
        worker.reduced_work_ability,
        max_months=REDUCED_ABILITY_MAX_MONTHS,
    )
    option.rate_percent = _value(params, ParameterKey.REDUCED_ABILITY_SUBSIDY_RATE, option)
    option.reasons.append(
        _("Reduced work ability is recorded: up to %(max)s months.")
        % {"max": REDUCED_ABILITY_MAX_MONTHS}
        if worker.reduced_work_ability
        else _("Needs a reduced work ability (an injury or illness that affects the work).")
    )
    options.append(option)

    option = SubsidyOption(
        SubsidyType.AGE_55_PLUS_70,
        SubsidyType.AGE_55_PLUS_70.label,
        False,
        max_months=AGE_55_MONTHS,
    )
    option.rate_percent = _value(params, ParameterKey.AGE_55_SUBSIDY_RATE, option)
    option.monthly_cap = _value(params, ParameterKey.AGE_55_SUBSIDY_MONTHLY_CAP, option)
    min_hours = _value(params, ParameterKey.AGE_55_MIN_HOURS_PER_WEEK, option)
    old_enough = age is not None and age >= AGE_55_MIN_AGE
    if age is None:
        option.reasons.append(_("Birth year is not recorded, so the age cannot be checked."))
    elif old_enough:
        option.reasons.append(
            _("Turns %(age)s in %(year)s (55 or over).") % {"age": age, "year": year}
        )
    else:
        option.reasons.append(
            _("Turns %(age)s in %(year)s: the subsidy needs 55 or over.")
            % {"age": age, "year": year}
        )
    option.reasons.append(long_term_text)
    hours_ok = True
    if min_hours is not None:
        if hours_per_week is not None and hours_per_week < min_hours:
            hours_ok = False
            option.reasons.append(
                _("The contract has %(hours)s h a week; the subsidy needs at least %(min)s h.")
                % {"hours": _number(hours_per_week), "min": _number(min_hours)}
            )
        else:
            option.reasons.append(
                _("Needs at least %(min)s hours a week; covers the wage only.")
                % {"min": _number(min_hours)}
            )
    option.applies = old_enough and long_term and hours_ok
    options.append(option)
    if association is not None and starts_on is not None:
        _three_year_rule(options, worker, association, starts_on, employment)
    return options


def _three_year_rule(options, worker, association, starts_on, employment) -> None:
    earlier = SubsidyDecision.objects.filter(
        employment__worker=worker, employment__association=association, starts_on__lt=starts_on
    )
    if employment is not None and employment.pk:
        earlier = earlier.exclude(employment=employment)
    free_from = three_year_rule(list(earlier.values_list("ends_on", flat=True)), starts_on)
    if free_from is None:
        return
    for option in options:
        if option.subsidy_type == SubsidyType.REDUCED_WORK_ABILITY_70:
            option.reasons.append(
                _("The 3-year rule does not apply to the reduced work ability subsidy.")
            )
            continue
        option.applies = False
        option.reasons.append(
            _(
                "%(association)s had a pay subsidy for this person less than 3 years ago: a"
                " new one is possible from %(date)s (the 3-year rule)."
            )
            % {"association": association, "date": formats.date_format(free_from, "j.n.Y")}
        )
