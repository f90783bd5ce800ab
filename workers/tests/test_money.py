"""The money engine (workers.money): one worked example per rule, computed by hand.

All use the seeded 2026 defaults (workers.parameters): statutory side costs = TyEL 25.03
− employee 7.15 + health 1.87 + unemployment 0.20 + accident 0.70 + group life 0.07 =
20.72 %; holiday pay = accrual 9 % × (1 + bonus 50 %) = 13.5 % of pay; full time 37.5
h/week, 4.33 weeks/month, association subsidy up to 65 % of full time, cap 2 020.00
€/month; 55+ cap 1 770.00 €, at least 25 h/week; top-up 450.00 €; benefit 37.21 €/day ×
21.5 days; adjusted benefit on (50 % of pay); cumulation limit on; SROI deadweight 20 %,
attribution 25 %, displacement 10 %, drop-off 30 %, discount rate 3.5 %.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import translation

from workers import money
from workers.models import SubsidyPayer, SubsidyType
from workers.parameters import parameters_for, seed_default_parameter_set

pytestmark = pytest.mark.django_db
d = datetime.date
JAN1, DEC31 = d(2026, 1, 1), d(2026, 12, 31)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def params(municipality):
    seed_default_parameter_set(municipality=municipality, year=2026)
    return parameters_for(municipality, 2026)


def contract(starts=JAN1, ends=DEC31, wage="12.00", per_week="24.4"):
    return money.Contract(starts, ends, D(wage), D(per_week))


def decision(
    kind,
    rate,
    *,
    starts=JAN1,
    ends=DEC31,
    months=10,
    decided=None,
    cap=None,
    pk=1,
    payer=SubsidyPayer.MUNICIPALITY,
):
    return money.Decision(
        pk, kind, D(rate), cap, starts, ends, months, decided or starts, payer, f"PT-{pk}"
    )


def march(params, c, decisions, hours, day_hours=None, month=3):
    return money.month_subsidy(
        contract=c,
        decisions=decisions,
        year=2026,
        month=month,
        month_hours=D(hours),
        day_hours=day_hours,
        params=params,
    )


def test_association_subsidy_is_pay_plus_statutory_side_costs(params):
    """100 h × 12.00 = 1 200.00; × (1 + 20.72 %) = 1 448.64; under the hour limit and cap."""
    result = march(params, contract(), [decision(SubsidyType.ASSOCIATION_100, 100)], "100")
    assert result.total == D("1448.64")


def test_disadvantaged_subsidy_is_half_of_the_pay_only(params):
    """50 % of pay only since 1.7.2023: 100 h × 12.00 × 50 % = 600.00 (not 724.32)."""
    result = march(params, contract(), [decision(SubsidyType.DISADVANTAGED_50, 50)], "100")
    assert result.total == D("600.00")


def test_reduced_work_ability_subsidy_is_70_percent_of_the_pay_only(params):
    """120 h × 13.40 = 1 608.00 × 70 % = 1 125.60."""
    result = march(
        params,
        contract(wage="13.40"),
        [decision(SubsidyType.REDUCED_WORK_ABILITY_70, 70)],
        "120",
    )
    assert result.total == D("1125.60")


def test_55_plus_subsidy_is_70_percent_of_pay_up_to_its_cap(params):
    """130 h × 20.00 = 2 600.00 × 70 % = 1 820.00 > cap 1 770.00 → 1 770.00."""
    result = march(
        params,
        contract(wage="20.00", per_week="30"),
        [decision(SubsidyType.AGE_55_PLUS_70, 70)],
        "130",
    )
    assert result.total == D("1770.00")
    assert "The monthly cap applies." in [str(n) for n in result.parts[0].notes]


def test_association_subsidy_covers_hours_up_to_65_percent_of_full_time(params):
    """Limit 37.5 × 65 % × 4.33 = 105.54375 h < 120 h:
    105.54375 × 12.00 = 1 266.525 × 1.2072 = 1 528.94898 → 1 528.95."""
    result = march(params, contract(), [decision(SubsidyType.ASSOCIATION_100, 100)], "120")
    assert result.total == D("1528.95")


def test_a_decisions_own_cap_applies(params):
    """1 448.64 (as above) > the decision's cap 1 000.00 → 1 000.00."""
    result = march(
        params,
        contract(),
        [decision(SubsidyType.ASSOCIATION_100, 100, cap=D("1000.00"))],
        "100",
    )
    assert result.total == D("1000.00")


def test_half_a_month_prorates_the_hour_limit_and_the_cap(params):
    """Employed 16.–30.4. (15 of 30 days): limit 105.54375 × 0.5 = 52.771875 h < 60 h;
    52.771875 × 12.00 = 633.2625 × 1.2072 = 764.47449 → 764.47 (cap 2 020 × 0.5 = 1 010)."""
    c = contract(starts=d(2026, 4, 16))
    decisions = [
        decision(SubsidyType.ASSOCIATION_100, 100, starts=d(2026, 4, 16), decided=d(2026, 4, 10))
    ]
    result = march(params, c, decisions, "60", month=4)
    assert result.total == D("764.47")
    assert result.parts[0].days == 15


def test_two_decisions_in_a_month_each_pay_for_their_own_days(params):
    """50 % until 15.3., 70 % from 16.3.: 40 h on 1.–15.3. × 12.00 × 50 % = 240.00;
    50 h on 16.–31.3. × 12.00 × 70 % = 420.00; together 660.00."""
    decisions = [
        decision(SubsidyType.DISADVANTAGED_50, 50, ends=d(2026, 3, 15), pk=1),
        decision(
            SubsidyType.REDUCED_WORK_ABILITY_70,
            70,
            starts=d(2026, 3, 16),
            decided=d(2025, 12, 1),
            pk=2,
        ),
    ]
    by_day = {
        d(2026, 3, 2): D("20"),
        d(2026, 3, 13): D("20"),
        d(2026, 3, 16): D("25"),
        d(2026, 3, 31): D("25"),
    }
    result = march(params, contract(), decisions, "90", by_day)
    assert [(p.decision.id, p.days, p.hours, p.amount) for p in result.parts] == [
        (1, 15, D("40"), D("240.00")),
        (2, 16, D("50"), D("420.00")),
    ]
    assert result.total == D("660.00")


def test_no_subsidy_for_an_employment_that_started_before_its_decision(params):
    """Contract from 1.3., decision of 5.3.: nothing at all, and the figure says why."""
    c = contract(starts=d(2026, 3, 1))
    result = march(
        params,
        c,
        [decision(SubsidyType.ASSOCIATION_100, 100, starts=d(2026, 3, 5), decided=d(2026, 3, 5))],
        "100",
    )
    assert result.total == D("0.00")
    assert "before the decision" in " ".join(str(n) for n in result.notes)


def test_a_decision_pays_for_at_most_its_number_of_months(params):
    """From 15.3. for 5 months = until 14.8., though its dates run to 31.12.:
    August: 50 h on 1.–14.8. × 12.00 × 50 % = 300.00; September: 0.00."""
    c = contract()
    ds = [
        decision(
            SubsidyType.DISADVANTAGED_50,
            50,
            starts=d(2026, 3, 15),
            months=5,
            decided=d(2025, 12, 1),
        )
    ]
    assert money.decision_last_day(ds[0]) == d(2026, 8, 14)
    by_day = {d(2026, 8, 14): D("50"), d(2026, 8, 17): D("60")}
    august = march(params, c, ds, "110", by_day, month=8)
    assert august.total == D("300.00")
    september = march(params, c, ds, "110", month=9)
    assert september.total == D("0.00")
    assert "until 14.8.2026" in " ".join(str(n) for n in september.notes)


def test_holiday_pay_is_accrual_plus_bonus(params):
    """1 200.00 pay × 9 % × 1.5 = 162.00 (13.5 % of pay)."""
    percent, _used = money.holiday_pay_percent(params)
    assert money.money(D("1200.00") * percent / 100) == D("162.00")


def test_cumulation_limit_cuts_the_top_up_and_shows_the_cut(params):
    """Wage costs = 1 200.00 + 162.00 + (1 362.00 × 20.72 % = 282.21) = 1 644.21;
    subsidy 1 448.64 + top-up 450.00 > 1 644.21 → top-up 195.57, cut 254.43."""
    outcome, _used = money.cumulation(
        subsidy=D("1448.64"), top_up=D("450.00"), wage_costs=D("1644.21"), params=params
    )
    assert (outcome.top_up_paid, outcome.top_up_cut, outcome.subsidy_excess) == (
        D("195.57"),
        D("254.43"),
        D("0.00"),
    )


def test_adjusted_benefit_avoids_at_most_half_of_the_pay(params):
    """Whole benefit 37.21 × 21.5 = 800.015; 50 % × 1 200.00 pay = 600.00 → 600.00."""
    avoided, days, _used, adjusted = money.avoided_benefit(
        fraction=D(1), pay=D("1200.00"), params=params
    )
    assert (money.money(avoided), days, adjusted) == (D("600.00"), D("21.5"), True)


def test_benefit_days_continue_across_a_persons_contracts():
    """650 days at the start; January–March employed (3 × 21.5 = 64.5): the second contract
    starts in April at 714.5 days, not at 650 again."""
    days = money.person_benefit_days(D(650), {0: D(1), 1: D(1), 2: D(1), 3: D(1)}, D("21.5"))
    assert days[3] == D("714.5")


def test_sroi_lists_every_deduction_and_nets_customer_payments(params):
    """Services: 100 h × 20.00 = 2 000.00 − customers paid 500.00 = 1 500.00;
    × 0.8 × 0.75 × 0.9 = 810.00 in year 1; 2 years, drop-off 30 %, 3.5 %:
    810 / 1.035 + 567 / 1.035² = 782.60870 + 529.30407 = 1 311.91.
    Fiscal (avoided benefit 1 000.00 × 1): 540.00 / 1.035 = 521.74, apart.
    Ratio (1 311.91 + 521.74) / 1 000.00 = 1.83; social only 1.31."""
    outcomes = [
        money.Outcome("Services", D(100), D("20.00"), 2, customer_paid=D("500.00")),
        money.Outcome("Avoided benefit", D("1000.00"), D(1), 1, fiscal=True),
    ]
    result = money.sroi_values(outcomes, investment=D("1000.00"), params=params)
    services, fiscal = result.outcomes
    assert (services.gross, services.net_of_payments, services.after_deductions) == (
        D("2000.00"),
        D("1500.00"),
        D("810.00"),
    )
    assert services.present_value == D("1311.91")
    assert fiscal.present_value == D("521.74")
    assert (result.social_value, result.fiscal_value) == (D("1311.91"), D("521.74"))
    assert (result.ratio, result.social_ratio) == (D("1.83"), D("1.31"))


def test_sroi_ratio_of_nothing_is_zero_not_none(params):
    result = money.sroi_values([], investment=D("1000.00"), params=params)
    assert result.ratio == D("0.00")


def test_a_pay_only_subsidy_covers_holiday_pay_only_when_its_parameter_says_so(
    params, municipality
):
    """50 % of 100 h × 12.00 = 600.00; with the switch on, of pay + holiday pay:
    1 200.00 × 1.135 × 50 % = 681.00 (side costs still not)."""
    from workers.models import ParameterKey, ParameterValue

    c, ds = contract(), [decision(SubsidyType.DISADVANTAGED_50, 50)]
    assert march(params, c, ds, "100").total == D("600.00")
    ParameterValue.objects.filter(key=ParameterKey.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY).update(
        value=1
    )
    switched = parameters_for(municipality, 2026)
    assert march(switched, c, ds, "100").total == D("681.00")


def test_worker_page_says_a_contract_started_before_its_decision_gets_no_subsidy(
    client, coordinator, association
):
    from django.urls import reverse

    from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory

    employment = EmploymentFactory(
        association=association,
        worker__municipality=association.village.municipality,
        starts_on=d(2026, 3, 2),
    )
    SubsidyDecisionFactory(employment=employment, decided_on=d(2026, 3, 9))
    client.force_login(coordinator)
    page = client.get(reverse("workers:detail", args=[employment.worker.pk])).content.decode()
    assert "ei palkkatukea: sopimus alkoi ennen päätöstä" in page
