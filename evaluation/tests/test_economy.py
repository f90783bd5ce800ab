"""Worked examples of the economic model, computed by hand to the cent.

All use the seeded 2026 parameters of Pudasjärvi (workers.parameters defaults):
statutory side costs = TyEL 25.03 − employee 7.15 + health 1.87 + unemployment 0.20
+ accident 0.70 + group life 0.07 = 20.72 %; other employer costs 60.00 €/month;
holiday pay accrual 0 %; full time 37.5 h/week; weeks per month 4.33; association
subsidy covers hours up to 65 % of full time, cap 1 800.00 €/month; 55+ cap 1 770.00 €,
minimum 25 h/week; top-up 450.00 €/month; benefit 37.21 €/day, 21.5 days/month;
municipal share 45 % from 600 days, 50 % from 700 days.
"""

import datetime
from decimal import Decimal as D

import pytest

from evaluation.economy import (
    Outcome,
    SubsidyTerms,
    WorkerMonth,
    compute_month,
    counterfactual_benefit_days,
    money,
    month_fraction,
    sroi,
    summarise,
)
from workers.models import ParameterKey, ParameterValue, SubsidyType
from workers.parameters import MissingParameter, parameters_for, seed_default_parameter_set


@pytest.fixture
def params(municipality):
    seed_default_parameter_set(municipality=municipality, year=2026)
    return parameters_for(municipality, 2026)


def month(*, hours, wage, month=3, fraction=D(1), days=D(800), subsidy=None, per_week="24.4"):
    return WorkerMonth(
        year=2026,
        month=month,
        approved_hours=D(hours),
        hourly_wage=D(wage),
        contract_hours_per_week=D(per_week),
        employed_fraction=fraction,
        benefit_days_at_start=days,
        subsidy=subsidy,
    )


def terms(kind, rate, *, hours, cap=None, city=True, fraction=D(1)):
    return SubsidyTerms(kind, D(rate), cap, city, fraction, D(hours))


def test_association_subsidy_covers_65_percent_of_full_time_up_to_the_cap(params):
    """100 % association subsidy, 110 h at 14.50 €/h, a full month, decision cap 1 800 €.

    wage cost   = 110 × 14.50                                   = 1 595.00
    side costs  = 1 595.00 × 20.72 % + 60.00 = 330.484 + 60     =   390.48
    employer    = 1 595.00 + 390.48                             = 1 985.48
    hour cap    = 37.5 × 65 % × 4.33                            = 105.54375 h
    subsidy     = 105.54375 × 14.50 × 1.2072 × 100 % = 1 847.4800175 > cap → 1 800.00
    top-up      = 450.00
    net cost    = 1 985.48 − 1 800.00 − 450.00                  =  −264.52
    """
    result = compute_month(
        month(
            hours="110",
            wage="14.50",
            subsidy=terms(SubsidyType.ASSOCIATION_100, 100, hours="110", cap=D("1800.00")),
        ),
        params,
    )
    assert result["wage_cost"] == D("1595.00")
    assert result["side_costs"] == D("390.48")
    assert result["employer_cost"] == D("1985.48")
    assert result["subsidy_income"] == D("1800.00")
    assert len(result.figures["subsidy_income"].notes) == 2  # no holiday bonus; the cap
    assert result["municipal_top_up"] == D("450.00")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("-264.52")


def test_age_55_subsidy_is_70_percent_of_wage_only_up_to_its_cap(params):
    """55+ subsidy, 130 h at 20.00 €/h, contract 30 h/week (≥ 25), no cap in the decision.

    wage cost  = 130 × 20.00                               = 2 600.00
    side costs = 2 600.00 × 20.72 % + 60.00 = 538.72 + 60  =   598.72
    employer   = 3 198.72
    subsidy    = 130 × 20.00 × 70 % = 1 820.00 > parameter cap 1 770.00 → 1 770.00
    net cost   = 3 198.72 − 1 770.00 − 450.00              =   978.72
    """
    result = compute_month(
        month(
            hours="130",
            wage="20.00",
            per_week="30",
            subsidy=terms(SubsidyType.AGE_55_PLUS_70, 70, hours="130"),
        ),
        params,
    )
    assert result["wage_cost"] == D("2600.00")
    assert result["side_costs"] == D("598.72")
    assert result["subsidy_income"] == D("1770.00")
    used = {u.key for u in result.figures["subsidy_income"].parameters}
    assert ParameterKey.AGE_55_SUBSIDY_MONTHLY_CAP in used
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("978.72")


def test_age_55_subsidy_needs_the_minimum_weekly_hours(params):
    """A 20 h/week contract is under the 25 h minimum: no 55+ subsidy, and it says why."""
    result = compute_month(
        month(
            hours="80",
            wage="12",
            per_week="20",
            subsidy=terms(SubsidyType.AGE_55_PLUS_70, 70, hours="80"),
        ),
        params,
    )
    assert result["subsidy_income"] == D("0.00")
    assert result.figures["subsidy_income"].notes


def test_disadvantaged_subsidy_is_half_of_wage_and_side_costs(params):
    """50 % subsidy paid by the state, 100 h at 12.00 €/h.

    wage cost  = 100 × 12.00                          = 1 200.00
    side costs = 1 200.00 × 20.72 % + 60.00 = 248.64 + 60 = 308.64
    employer   = 1 508.64
    subsidy    = 1 200.00 × 1.2072 × 50 % = 1 448.64 × 0.5 = 724.32
    net cost   = 1 508.64 − 724.32 − 450.00           =   334.32
    the city pays none of it: city-paid subsidy 0.00; avoided share at 800 days (50 %)
    = 37.21 × 21.5 × 50 % = 400.0075 → 400.01; city net = 400.01 − 0 − 450.00 = −49.99
    """
    result = compute_month(
        month(
            hours="100",
            wage="12.00",
            subsidy=terms(SubsidyType.DISADVANTAGED_50, 50, hours="100", city=False),
        ),
        params,
    )
    assert result["subsidy_income"] == D("724.32")
    assert result["city_paid_subsidy"] == D("0.00")
    assert result["city_avoided_benefit_share"] == D("400.01")
    assert result["city_net_effect_before_coordination"] == D("-49.99")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("334.32")


def test_municipal_share_step_crossed_in_the_middle_of_the_year(params):
    """650 benefit days when employed on 1 January; each month would have added 21.5 days.

    start of Jan 650, Feb 671.5, Mar 693, Apr 714.5 (45 % from 600, 50 % from 700 days)
    Jan = 37.21 × 21.5 × 45 %               = 360.00675 → 360.01
    Feb = the same                                      → 360.01
    Mar = 37.21 × (7 × 45 % + 14.5 × 50 %) = 37.21 × 10.40 = 386.984 → 386.98
    Apr = 37.21 × 21.5 × 50 %               = 400.0075  → 400.01
    total = 1 507.01
    """
    starts = counterfactual_benefit_days(D(650), [D(1)] * 4, params)
    assert starts == [D(650), D("671.5"), D("693.0"), D("714.5")]
    results = [
        compute_month(month(hours="100", wage="12", month=m + 1, days=days), params)
        for m, days in enumerate(starts)
    ]
    shares = [r["city_avoided_benefit_share"] for r in results]
    assert shares == [D("360.01"), D("360.01"), D("386.98"), D("400.01")]
    assert len(results[2].figures["city_avoided_benefit_share"].notes) == 2
    totals = summarise(results, params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["city_avoided_benefit_share"] == D("1507.01")


def test_worker_leaving_in_the_middle_of_a_month_gets_prorated_costs_and_caps(params):
    """Employment ends 15 June 2026: 15 of 30 days = 0.5 of the month; 52 h at 12.00 €/h.

    wage cost  = 52 × 12.00                                   = 624.00
    side costs = 624.00 × 20.72 % + 60.00 × 0.5 = 129.2928 + 30 = 159.2928 → 159.29
    employer   = 783.29
    hour cap   = 105.54375 × 0.5 = 52.771875 h ≥ 52 h, so 52 h count
    subsidy    = 52 × 12.00 × 1.2072 = 753.2928 → 753.29 (cap 1 800 × 0.5 = 900 not reached)
    top-up     = 450.00 × 0.5                                 = 225.00
    net cost   = 783.29 − 753.29 − 225.00                     = −195.00
    benefit    = 21.5 × 0.5 = 10.75 days at 50 %: 37.21 × 10.75 × 0.5 = 200.00375 → 200.00
    city net   = 200.00 − 753.29 (paid by the city) − 225.00   = −778.29
    public     = 37.21 × 10.75 = 400.0075 → 400.01; 400.01 − 753.29 − 225.00 = −578.28
    """
    fraction = month_fraction(datetime.date(2026, 1, 1), datetime.date(2026, 6, 15), 2026, 6)
    assert fraction == D("0.5")
    result = compute_month(
        month(
            hours="52",
            wage="12.00",
            month=6,
            fraction=fraction,
            subsidy=terms(SubsidyType.ASSOCIATION_100, 100, hours="52", fraction=fraction),
        ),
        params,
    )
    assert result["wage_cost"] == D("624.00")
    assert result["side_costs"] == D("159.29")
    assert result["employer_cost"] == D("783.29")
    assert result["subsidy_income"] == D("753.29")
    assert result["municipal_top_up"] == D("225.00")
    assert result["city_avoided_benefit_share"] == D("200.00")
    assert result["city_net_effect_before_coordination"] == D("-778.29")
    assert result["public_net_effect_before_coordination"] == D("-578.28")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("-195.00")
    assert totals["person_months"] == D("0.50")


def test_totals_add_revenue_and_coordination_costs(params):
    """Two 50 % months (net 334.32 each), revenue 500.00, half a month of coordination.

    association net = 2 × (1 508.64 − 724.32 − 450.00) − 500.00 = 668.64 − 500.00 = 168.64
    coordination    = 3 500.00 × 0.5 = 1 750.00
    city net        = 2 × (400.01 − 450.00) − 1 750.00 = −99.98 − 1 750.00 = −1 849.98
    """
    wm = month(
        hours="100",
        wage="12.00",
        subsidy=terms(SubsidyType.DISADVANTAGED_50, 50, hours="100", city=False),
    )
    results = [compute_month(wm, params), compute_month(wm, params)]
    totals = summarise(
        results, params=params, service_revenue=D("500"), coordination_months=D("0.5")
    )
    assert totals["association_net_cost"] == D("168.64")
    assert totals["coordination_costs"] == D("1750.00")
    assert totals["city_net_effect"] == D("-1849.98")
    figure = totals.figures["city_net_effect"]
    assert figure.formula and figure.inputs and figure.notes


def test_sroi_applies_deductions_drop_off_and_discounting(params):
    """100 units × 10.00 € for 2 years; deductions 20 %, 25 %, 10 %; drop-off 30 %; r 3.5 %.

    year 1 = 1 000 × 0.80 × 0.75 × 0.90 = 540; year 2 = 540 × 0.70 = 378
    PV = 540 / 1.035 + 378 / 1.035² = 521.7391… + 352.8670… = 874.6062 → 874.61
    ratio = 874.61 / 1 000.00 = 0.87461 → 0.87
    """
    result = sroi([Outcome("x", D(100), D(10), 2)], investment=D(1000), params=params)
    assert result.present_value == D("874.61")
    assert result.ratio == D("0.87")
    assert len(result.figure.parameters) == 5


def test_missing_parameter_names_the_value_instead_of_computing_zero(params, municipality):
    ParameterValue.objects.filter(key=ParameterKey.MUNICIPAL_TOP_UP_PER_MONTH).update(value=None)
    params = parameters_for(municipality, 2026)
    with pytest.raises(MissingParameter) as error:
        compute_month(month(hours="10", wage="12"), params)
    assert "Kuntalisä" in str(error.value)
    result = compute_month(month(hours="10", wage="12"), params, partial=True)
    assert result["municipal_top_up"] is None
    assert "Kuntalisä" in result.figures["municipal_top_up"].missing[0]
    # what needs the top-up says so too; what does not is still computed
    assert result["city_net_effect_before_coordination"] is None
    assert result.figures["city_net_effect_before_coordination"].missing
    assert result["wage_cost"] == D("120.00")
    totals = summarise(
        [result], params=params, service_revenue=D(0), coordination_months=D(1), partial=True
    )
    assert totals["association_net_cost"] is None
    assert totals["wage_cost"] == D("120.00")
    assert len(totals.missing) == 1


def test_money_rounds_half_up_to_cents():
    assert money(D("0.005")) == D("0.01")
    assert money(D("2.675")) == D("2.68")
    assert money(D("-0.005")) == D("-0.01")


def _include_taxes(municipality, on: bool):
    ParameterValue.objects.filter(key=ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES).update(
        value=D(1) if on else D(0)
    )
    return parameters_for(municipality, 2026)


def test_public_sector_view_with_taxes_and_contributions_from_the_wage(params, municipality):
    """Option on: taxes and contributions from the wage count; 97.5 h at 12.35 €/h, 50 % subsidy.

    gross pay   = 97.5 × 12.35                                     = 1 204.125
    tax rate    = income tax 6.0 + TyEL total 25.03 + employee's unemployment 0.89
                  + employee's health 1.35 + employer's health 1.87 + unemployment 0.20 = 35.34 %
    taxes       = 1 204.125 × 35.34 % = 425.537775                 → 425.54 (rounded once)
    subsidy     = 1 204.125 × 1.2072 × 50 % = 726.80985            → 726.81
    avoided     = 37.21 × 21.5 = 800.015                            → 800.02
    public net  = 800.02 + 0.00 + 425.54 − 726.81 − 450.00         =  48.75
    option off  : 800.02 − 726.81 − 450.00                          = −376.79
    """
    wm = month(
        hours="97.5",
        wage="12.35",
        subsidy=terms(SubsidyType.DISADVANTAGED_50, 50, hours="97.5", city=False),
    )
    with_taxes = _include_taxes(municipality, True)
    result = compute_month(wm, with_taxes)
    assert result["subsidy_income"] == D("726.81")
    assert result["public_avoided_benefit"] == D("800.02")
    assert result["public_taxes_returned"] == D("425.54")
    assert result["public_net_effect_before_coordination"] == D("48.75")
    figure = result.figures["public_taxes_returned"]
    assert {u.key for u in figure.parameters} >= {
        ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES,
        ParameterKey.INCOME_TAX_RATE,
        ParameterKey.EMPLOYEE_UNEMPLOYMENT_INSURANCE,
    }
    totals = summarise([result], params=with_taxes, service_revenue=D(0), coordination_months=D(0))
    assert totals["public_sector_net_effect"] == D("48.75")
    public = totals.figures["public_sector_net_effect"]
    assert "lasketaan mukaan palkasta maksetut verot" in public.notes[0]
    assert public.parameters[0].key == ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES
    # the city's cash view does not change with the option
    assert totals["city_net_effect"] == D("400.01") - D("450.00")

    without = compute_month(wm, _include_taxes(municipality, False))
    assert without["public_taxes_returned"] == D("0.00")
    assert without["public_net_effect_before_coordination"] == D("-376.79")
    assert "jättää pois" in without.figures["public_taxes_returned"].notes[0]


def test_social_assistance_drop_gives_the_city_its_municipal_share(params):
    """A recorded drop of 312.45 € in basic social assistance, municipal share 50 %.

    city   = 312.45 × 50 % = 156.225 → 156.23 (half up)
    public = 312.45
    city net before coordination (no subsidy decision) = 400.01 + 156.23 − 0 − 450.00 = 106.24
    """
    wm = WorkerMonth(
        year=2026,
        month=3,
        approved_hours=D("100"),
        hourly_wage=D("12"),
        contract_hours_per_week=D("24.4"),
        employed_fraction=D(1),
        benefit_days_at_start=D(800),
        social_assistance_drop=D("312.45"),
    )
    result = compute_month(wm, params)
    assert result["city_avoided_social_assistance"] == D("156.23")
    assert result["public_avoided_social_assistance"] == D("312.45")
    assert result["city_net_effect_before_coordination"] == D("106.24")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    inputs = totals.figures["city_avoided_social_assistance"].inputs
    assert [i.value for i in inputs] == [D("312.45"), D(1)]
