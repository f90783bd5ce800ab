"""Worked examples of the economic model, computed by hand to the cent.

All use the seeded 2026 parameters of Pudasjärvi (workers.parameters defaults):
statutory side costs = TyEL 25.03 − employee 7.15 + health 1.87 + unemployment 0.20
+ accident 0.70 + group life 0.07 = 20.72 %, on pay + holiday pay; other employer costs
60.00 €/month; holiday pay = accrual 9 % × (1 + bonus 50 %) = 13.5 % of pay; full time
37.5 h/week; weeks per month 4.33; association subsidy covers hours up to 65 % of full
time, cap 2 020.00 €/month; 55+ cap 1 770.00 €, minimum 25 h/week; top-up 450.00 €/month,
cut so that subsidy + top-up ≤ wage costs; benefit 37.21 €/day, 21.5 days/month, adjusted
benefit on (at most 50 % of pay avoided); municipal share 45 % from 600 days, 50 % from
700 days; the city pays 100 % of the subsidy the employment area pays.

Issue 15 changed every expected number here: holiday pay is no longer 0, the 50 % and
70 % subsidies are a share of the pay only, the top-up is cut by the cumulation limit and
the adjusted benefit avoids at most half of the pay.
"""

import datetime
from decimal import Decimal as D

import pytest

from evaluation.economy import (
    Outcome,
    WorkerMonth,
    compute_month,
    money,
    month_fraction,
    sroi,
    summarise,
)
from workers import money as engine
from workers.models import ParameterKey, ParameterValue, SubsidyPayer, SubsidyType
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


def terms(params, kind, rate, *, hours, wage, cap=None, city=True, month=3, per_week="24.4",
          ends=datetime.date(2026, 12, 31)):  # fmt: skip
    """The money engine's subsidy of a contract employed from 1.1.2026 to `ends`, with one
    decision over the same days (decided before)."""
    contract = engine.Contract(datetime.date(2026, 1, 1), ends, D(wage), D(per_week))
    decision = engine.Decision(
        1, kind, D(rate), cap, datetime.date(2026, 1, 1), ends, 12, datetime.date(2025, 12, 1),
        SubsidyPayer.MUNICIPALITY if city else SubsidyPayer.STATE,
    )  # fmt: skip
    return engine.month_subsidy(
        contract=contract,
        decisions=[decision],
        year=2026,
        month=month,
        month_hours=D(hours),
        day_hours=None,
        params=params,
    )


def test_association_subsidy_covers_65_percent_of_full_time_up_to_the_cap(params):
    """100 % association subsidy, 110 h at 14.50 €/h, a full month, decision cap 1 800 €.

    pay         = 110 × 14.50                                   = 1 595.00
    holiday pay = 1 595.00 × 13.5 % = 215.325                   →   215.33
    wage cost   = 1 595.00 + 215.33                             = 1 810.33
    statutory   = 1 810.325 × 20.72 % = 375.09934               →   375.10
    side costs  = 375.10 + 60.00                                =   435.10
    employer    = 1 810.33 + 435.10                             = 2 245.43
    hour cap    = 37.5 × 65 % × 4.33                            = 105.54375 h
    subsidy     = 105.54375 × 14.50 × 1.2072 = 1 847.4800175 > cap → 1 800.00
    wage costs  = 1 810.33 + 375.10 = 2 185.43; top-up = min(450.00, 2 185.43 − 1 800.00)
                = 385.43, cut 64.57
    net cost    = 2 245.43 − 1 800.00 − 385.43                  =    60.00
    """
    result = compute_month(
        month(
            hours="110",
            wage="14.50",
            subsidy=terms(
                params,
                SubsidyType.ASSOCIATION_100,
                100,
                hours="110",
                wage="14.50",
                cap=D("1800.00"),
            ),  # fmt: skip
        ),
        params,
    )
    assert result["pay"] == D("1595.00")
    assert result["holiday_pay"] == D("215.33")
    assert result["wage_cost"] == D("1810.33")
    assert result["side_costs"] == D("435.10")
    assert result["employer_cost"] == D("2245.43")
    assert result["subsidy_income"] == D("1800.00")
    assert result["municipal_top_up"] == D("385.43")
    assert result["top_up_cut"] == D("64.57")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("60.00")


def test_age_55_subsidy_is_70_percent_of_pay_only_up_to_its_cap(params):
    """55+ subsidy, 130 h at 20.00 €/h, contract 30 h/week (≥ 25), no cap in the decision.

    pay 2 600.00 + holiday pay 351.00 = wage cost 2 951.00
    statutory  = 2 951.00 × 20.72 % = 611.4472 → 611.45; side costs 671.45
    employer   = 3 622.45
    subsidy    = 130 × 20.00 × 70 % = 1 820.00 > parameter cap 1 770.00 → 1 770.00
    top-up     = 450.00 (wage costs 3 562.45 − 1 770.00 leave room)
    net cost   = 3 622.45 − 1 770.00 − 450.00 = 1 402.45
    """
    result = compute_month(
        month(
            hours="130",
            wage="20.00",
            per_week="30",
            subsidy=terms(
                params, SubsidyType.AGE_55_PLUS_70, 70, hours="130", wage="20.00", per_week="30"
            ),
        ),
        params,
    )
    assert result["wage_cost"] == D("2951.00")
    assert result["side_costs"] == D("671.45")
    assert result["subsidy_income"] == D("1770.00")
    assert result["top_up_cut"] == D("0.00")
    used = {u.key for u in result.figures["subsidy_income"].parameters}
    assert ParameterKey.AGE_55_SUBSIDY_MONTHLY_CAP in used
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("1402.45")


def test_age_55_subsidy_needs_the_minimum_weekly_hours(params):
    """A 20 h/week contract is under the 25 h minimum: no 55+ subsidy, and it says why."""
    result = compute_month(
        month(
            hours="80",
            wage="12",
            per_week="20",
            subsidy=terms(
                params, SubsidyType.AGE_55_PLUS_70, 70, hours="80", wage="12", per_week="20"
            ),
        ),
        params,
    )
    assert result["subsidy_income"] == D("0.00")
    assert result.figures["subsidy_income"].notes


def test_disadvantaged_subsidy_is_half_of_the_pay_only(params):
    """50 % subsidy paid by the state, 100 h at 12.00 €/h.

    pay 1 200.00 + holiday pay 162.00 = wage cost 1 362.00
    statutory  = 1 362.00 × 20.72 % = 282.2064 → 282.21; side costs 342.21
    employer   = 1 704.21
    subsidy    = 1 200.00 × 50 % = 600.00 (pay only; it was 724.32 with side costs)
    net cost   = 1 704.21 − 600.00 − 450.00 = 654.21
    the city pays none of it: city-paid subsidy 0.00; avoided benefit min(800.015,
    50 % × 1 200.00) = 600.00, the city's share at 800 days (50 %) 300.00;
    city net = 300.00 − 0 − 450.00 = −150.00
    """
    result = compute_month(
        month(
            hours="100",
            wage="12.00",
            subsidy=terms(
                params, SubsidyType.DISADVANTAGED_50, 50, hours="100", wage="12.00", city=False
            ),
        ),
        params,
    )
    assert result["subsidy_income"] == D("600.00")
    assert result["city_paid_subsidy"] == D("0.00")
    assert result["public_avoided_benefit"] == D("600.00")
    assert result["city_avoided_benefit_share"] == D("300.00")
    assert result["city_net_effect_before_coordination"] == D("-150.00")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("654.21")


def test_municipal_share_step_crossed_in_the_middle_of_the_year(params):
    """650 benefit days when employed on 1 January; each month would have added 21.5 days.

    start of Jan 650, Feb 671.5, Mar 693, Apr 714.5 (45 % from 600, 50 % from 700 days);
    avoided benefit each month min(800.015, 50 % × 1 200.00) = 600.00
    Jan = 600.00 × 45 %                                      = 270.00
    Feb = the same                                           = 270.00
    Mar = 600.00 × (7 × 45 % + 14.5 × 50 %) / 21.5 = 600.00 × 10.40 / 21.5 = 290.2326 → 290.23
    Apr = 600.00 × 50 %                                      = 300.00
    total = 1 130.23
    """
    starts = engine.person_benefit_days(D(650), {m: D(1) for m in range(4)}, D("21.5"))
    assert list(starts.values()) == [D(650), D("671.5"), D("693.0"), D("714.5")]
    results = [
        compute_month(month(hours="100", wage="12", month=m + 1, days=days), params)
        for m, days in starts.items()
    ]
    shares = [r["city_avoided_benefit_share"] for r in results]
    assert shares == [D("270.00"), D("270.00"), D("290.23"), D("300.00")]
    assert len(results[2].figures["city_avoided_benefit_share"].notes) == 3  # adjusted + 2
    totals = summarise(results, params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["city_avoided_benefit_share"] == D("1130.23")


def test_worker_leaving_in_the_middle_of_a_month_gets_prorated_costs_and_caps(params):
    """Employment ends 15 June 2026: 15 of 30 days = 0.5 of the month; 52 h at 12.00 €/h.

    pay 624.00 + holiday pay 84.24 = wage cost 708.24
    statutory  = 708.24 × 20.72 % = 146.747328 → 146.75; + 60.00 × 0.5 → side costs 176.75
    employer   = 884.99
    hour cap   = 105.54375 × 0.5 = 52.771875 h ≥ 52 h, so 52 h count
    subsidy    = 52 × 12.00 × 1.2072 = 753.2928 → 753.29 (cap 2 020 × 0.5 = 1 010 not reached)
    top-up     = min(450.00 × 0.5, 708.24 + 146.75 − 753.29 = 101.70) = 101.70 (cut 123.30)
    net cost   = 884.99 − 753.29 − 101.70                     = 30.00
    benefit    = min(37.21 × 10.75 = 400.0075, 50 % × 624.00 = 312.00) = 312.00;
                 the city's 50 %: 156.00
    city net   = 156.00 − 753.29 (paid by the city) − 101.70  = −698.99
    public     = 312.00 − 753.29 − 101.70                     = −542.99
    """
    fraction = month_fraction(datetime.date(2026, 1, 1), datetime.date(2026, 6, 15), 2026, 6)
    assert fraction == D("0.5")
    result = compute_month(
        month(
            hours="52",
            wage="12.00",
            month=6,
            fraction=fraction,
            subsidy=terms(
                params,
                SubsidyType.ASSOCIATION_100,
                100,
                hours="52",
                wage="12.00",
                month=6,
                ends=datetime.date(2026, 6, 15),
            ),  # fmt: skip
        ),
        params,
    )
    assert result["wage_cost"] == D("708.24")
    assert result["side_costs"] == D("176.75")
    assert result["employer_cost"] == D("884.99")
    assert result["subsidy_income"] == D("753.29")
    assert result["municipal_top_up"] == D("101.70")
    assert result["top_up_cut"] == D("123.30")
    assert result["city_avoided_benefit_share"] == D("156.00")
    assert result["city_net_effect_before_coordination"] == D("-698.99")
    assert result["public_net_effect_before_coordination"] == D("-542.99")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    assert totals["association_net_cost"] == D("30.00")
    assert totals["person_months"] == D("0.50")


def test_totals_add_revenue_and_coordination_costs(params):
    """Two 50 % months (net 654.21 each), revenue 500.00, half a month of coordination.

    association net = 2 × 654.21 − 500.00 = 808.42
    coordination    = 3 500.00 × 0.5 = 1 750.00
    city net        = 2 × (300.00 − 450.00) − 1 750.00 = −2 050.00
    """
    wm = month(
        hours="100",
        wage="12.00",
        subsidy=terms(
            params, SubsidyType.DISADVANTAGED_50, 50, hours="100", wage="12.00", city=False
        ),
    )
    results = [compute_month(wm, params), compute_month(wm, params)]
    totals = summarise(
        results, params=params, service_revenue=D("500"), coordination_months=D("0.5")
    )
    assert totals["association_net_cost"] == D("808.42")
    assert totals["coordination_costs"] == D("1750.00")
    assert totals["city_net_effect"] == D("-2050.00")
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
    assert result["wage_cost"] == D("136.20")  # 120.00 + 13.5 % holiday pay
    totals = summarise(
        [result], params=params, service_revenue=D(0), coordination_months=D(1), partial=True
    )
    assert totals["association_net_cost"] is None
    assert totals["wage_cost"] == D("136.20")
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

    pay         = 97.5 × 12.35 = 1 204.125; holiday pay × 13.5 % = 162.556875
    tax rate    = income tax 6.0 + TyEL total 25.03 + employee's unemployment 0.89
                  + employee's health 1.35 + employer's health 1.87 + unemployment 0.20 = 35.34 %
    taxes       = 1 366.681875 × 35.34 % = 482.98537…              → 482.99 (rounded once)
    subsidy     = 1 204.125 × 50 % = 602.0625                       → 602.06
    avoided     = min(37.21 × 21.5 = 800.015, 50 % × 1 204.125)     → 602.06
    public net  = 602.06 + 0.00 + 482.99 − 602.06 − 450.00          =  32.99
    option off  : 602.06 − 602.06 − 450.00                          = −450.00
    city net    = 602.0625 × 50 % = 301.03 − 450.00                 = −148.97
    """
    with_taxes = _include_taxes(municipality, True)
    wm = month(
        hours="97.5",
        wage="12.35",
        subsidy=terms(
            with_taxes, SubsidyType.DISADVANTAGED_50, 50, hours="97.5", wage="12.35", city=False
        ),
    )
    result = compute_month(wm, with_taxes)
    assert result["subsidy_income"] == D("602.06")
    assert result["public_avoided_benefit"] == D("602.06")
    assert result["public_taxes_returned"] == D("482.99")
    assert result["public_net_effect_before_coordination"] == D("32.99")
    figure = result.figures["public_taxes_returned"]
    assert {u.key for u in figure.parameters} >= {
        ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES,
        ParameterKey.INCOME_TAX_RATE,
        ParameterKey.EMPLOYEE_UNEMPLOYMENT_INSURANCE,
    }
    totals = summarise([result], params=with_taxes, service_revenue=D(0), coordination_months=D(0))
    assert totals["public_sector_net_effect"] == D("32.99")
    public = totals.figures["public_sector_net_effect"]
    assert "lasketaan mukaan palkasta maksetut verot" in public.notes[0]
    assert public.parameters[0].key == ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES
    # the city's cash view does not change with the option
    assert totals["city_net_effect"] == D("-148.97")

    without = compute_month(wm, _include_taxes(municipality, False))
    assert without["public_taxes_returned"] == D("0.00")
    assert without["public_net_effect_before_coordination"] == D("-450.00")
    assert "jättää pois" in without.figures["public_taxes_returned"].notes[0]


def test_social_assistance_drop_gives_the_city_its_municipal_share(params):
    """A recorded drop of 312.45 € in basic social assistance, municipal share 50 %.

    city   = 312.45 × 50 % = 156.225 → 156.23 (half up)
    public = 312.45
    avoided benefit share = min(800.015, 50 % × 1 200.00) × 50 % = 300.00
    city net before coordination (no subsidy decision) = 300.00 + 156.23 − 0 − 450.00 = 6.23
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
    assert result["city_net_effect_before_coordination"] == D("6.23")
    totals = summarise([result], params=params, service_revenue=D(0), coordination_months=D(0))
    inputs = totals.figures["city_avoided_social_assistance"].inputs
    assert [i.value for i in inputs] == [D("312.45"), D(1)]


def test_a_worker_month_explains_the_figures_it_computed(params):
    """A result keeps plain values; its explanations are made on first read.

    The first example above (110 h at 14.50 €/h, cap 1 800 €): the explanation of each
    figure shows the same value and the inputs it was computed from, and the top-up's says
    the cumulation limit cut it by 64.57 €."""
    result = compute_month(
        month(
            hours="110",
            wage="14.50",
            subsidy=terms(
                params,
                SubsidyType.ASSOCIATION_100,
                100,
                hours="110",
                wage="14.50",
                cap=D("1800.00"),
            ),
        ),  # fmt: skip
        params,
    )
    for key, value in result.values.items():
        assert result.figures[key].value == value, key
    assert result.figures["holiday_pay"].value == D("215.33")
    pay_inputs = {str(i.label): i.value for i in result.figures["pay"].inputs}
    assert pay_inputs == {"Hyväksytyt tunnit": D("110"), "Tuntipalkka": D("14.50")}
    subsidy_inputs = [i.value for i in result.figures["subsidy_income"].inputs]
    assert D("1800.00") in subsidy_inputs
    cut_note = " ".join(str(n) for n in result.figures["municipal_top_up"].notes)
    assert "64,57" in cut_note or "64.57" in cut_note
    # The explanation is made once and read again from the result.
    assert result.figures["pay"] is result.figures["pay"]
