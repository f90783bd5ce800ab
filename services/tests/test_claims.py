"""Subsidy-claim basis, checked against figures computed by hand.

Side-cost rate with the seeded 2026 parameters: TyEL 25.03 − employee 7.15 + health 1.87
+ unemployment 0.20 + accident 0.70 + group life 0.07 = 20.72 %.
Association subsidy hour limit: 37.5 h × 4.33 × 65 % = 105.54375 h a month.
"""

import datetime
from decimal import Decimal

import pytest

from services.claims import claim_basis, claims_for_month, side_cost_rate
from services.models import EntryStatus, Task
from services.tests.factories import WorkEntryFactory
from workers.models import SubsidyType
from workers.parameters import MissingParameter, parameters_for, seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def parameters(municipality):
    seed_default_parameter_set(municipality=municipality, year=2026)
    return parameters_for(municipality, 2026)


def _claim(parameters, association, *, hours, wage="12.00", **decision):
    employment = EmploymentFactory(
        association=association,
        worker__municipality=association.village.municipality,
        hourly_wage=Decimal(wage),
    )
    decision = SubsidyDecisionFactory(employment=employment, **decision)
    return claim_basis(
        employment=employment,
        decision=decision,
        month=MARCH,
        hours=Decimal(hours),
        parameters=parameters,
    )


def test_side_cost_rate_is_the_employers_share(parameters):
    assert side_cost_rate(parameters) == Decimal("0.2072")


def test_association_subsidy_covers_the_whole_wage_cost_under_the_hour_limit(
    parameters, association
):
    claim = _claim(parameters, association, hours="100")
    # 100 h × 12.00 = 1200.00; × 20.72 % = 248.64; 100 % of 1448.64, under the 1800 cap
    assert (claim.gross_pay, claim.side_costs, claim.wage_cost) == (
        Decimal("1200.00"),
        Decimal("248.64"),
        Decimal("1448.64"),
    )
    assert claim.subsidy == Decimal("1448.64")


def test_association_subsidy_covers_hours_only_up_to_65_percent_of_full_time(
    parameters, association
):
    claim = _claim(parameters, association, hours="120")
    # 1440.00 + 298.368 → 298.37 = 1738.37; × 105.54375 / 120 = 1528.9507… → 1528.95
    assert claim.wage_cost == Decimal("1738.37")
    assert claim.hours_factor == Decimal("105.54375") / Decimal("120")
    assert claim.subsidy == Decimal("1528.95")


def test_association_subsidy_stops_at_the_decisions_cap(parameters, association):
    claim = _claim(parameters, association, hours="100", monthly_cap=Decimal("1000.00"))
    assert claim.subsidy == Decimal("1000.00")


def test_55_plus_subsidy_is_70_percent_of_the_wage_only_up_to_its_cap(parameters, association):
    decision = {
        "subsidy_type": SubsidyType.AGE_55_PLUS_70,
        "rate_percent": Decimal("70"),
        "monthly_cap": None,
    }
    claim = _claim(parameters, association, hours="150", wage="14.50", **decision)
    # 150 × 14.50 = 2175.00; 70 % = 1522.50 (side costs are not covered)
    assert (claim.subsidy_base, claim.subsidy, claim.cap) == (
        Decimal("2175.00"),
        Decimal("1522.50"),
        Decimal("1770.0000"),
    )
    capped = _claim(parameters, association, hours="180", wage="14.50", **decision)
    assert capped.subsidy == Decimal("1770.00")  # 2610.00 × 70 % = 1827.00 > 1770


def test_disadvantaged_subsidy_rounds_half_up_to_the_cent(parameters, association):
    claim = _claim(
        parameters,
        association,
        hours="80.25",
        wage="12.34",
        subsidy_type=SubsidyType.DISADVANTAGED_50,
        rate_percent=Decimal("50"),
        monthly_cap=None,
    )
    # 80.25 × 12.34 = 990.285 → 990.29; × 20.72 % = 205.188… → 205.19; C = 1195.48; 50 % = 597.74
    assert (claim.gross_pay, claim.side_costs, claim.wage_cost, claim.subsidy) == (
        Decimal("990.29"),
        Decimal("205.19"),
        Decimal("1195.48"),
        Decimal("597.74"),
    )
    assert claim.cap is None


def test_month_claims_count_approved_hours_on_days_the_decision_covers(parameters, association):
    employment = EmploymentFactory(
        association=association, worker__municipality=association.village.municipality
    )
    SubsidyDecisionFactory(
        employment=employment,
        starts_on=datetime.date(2026, 3, 3),
        ends_on=datetime.date(2026, 10, 31),
    )
    for day, status in ((2, EntryStatus.LOCKED), (3, EntryStatus.APPROVED), (4, "submitted")):
        WorkEntryFactory(
            employment=employment,
            work_date=datetime.date(2026, 3, day),
            hours=Decimal("8"),
            status=status,
        )
    claims = claims_for_month(association, MARCH)
    assert [(c.decision is not None, c.hours) for c in claims] == [
        (False, Decimal("8.00")),
        (True, Decimal("8.00")),
    ]
    assert claims[1].subsidy == Decimal("115.89")  # 96.00 + 19.89 side costs


def test_a_missing_parameter_is_named_not_taken_as_zero(association):
    employment = EmploymentFactory(
        association=association, worker__municipality=association.village.municipality
    )
    SubsidyDecisionFactory(employment=employment)
    WorkEntryFactory(employment=employment, status=EntryStatus.APPROVED)
    with pytest.raises(MissingParameter):
        claims_for_month(association, MARCH)


def test_month_claims_split_a_crew_between_decisions_and_add_every_task_of_a_day(
    parameters, association
):
    """Two contracts; the first has two decisions in March, the second none. Days with
    hours on two tasks count whole; hours not approved count nowhere."""
    first, second = (
        EmploymentFactory(
            association=association, worker__municipality=association.village.municipality
        )
        for _ in range(2)
    )
    early = SubsidyDecisionFactory(
        employment=first, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 10)
    )
    late = SubsidyDecisionFactory(
        employment=first, starts_on=datetime.date(2026, 3, 11), ends_on=datetime.date(2026, 10, 31)
    )
    for employment in (first, second):
        for day in (9, 10, 11, 12):
            for task, hours in ((Task.GENERAL, "4"), (Task.TRAINING, "2.5")):
                WorkEntryFactory(
                    employment=employment,
                    work_date=datetime.date(2026, 3, day),
                    task=task,
                    hours=Decimal(hours),
                    status=EntryStatus.APPROVED if day != 12 else EntryStatus.SUBMITTED,
                )
    claims = claims_for_month(association, MARCH)
    found = {(c.employment.pk, c.decision.pk if c.decision else None): c.hours for c in claims}
    assert found == {
        (first.pk, early.pk): Decimal("13.00"),
        (first.pk, late.pk): Decimal("6.50"),
        (second.pk, None): Decimal("19.50"),
    }
