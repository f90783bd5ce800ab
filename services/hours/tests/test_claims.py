"""The association's pay-subsidy claim basis, checked against figures computed by hand,
and against the economic model: the same function, the same euros.

Seeded 2026 parameters: statutory side costs TyEL 25.03 − employee 7.15 + health 1.87
+ unemployment 0.20 + accident 0.70 + group life 0.07 = 20.72 %; association subsidy hour
limit 37.5 h × 4.33 × 65 % = 105.54375 h a month (prorated by the decision's days).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation import selectors
from services.hours.claims import claims_for_month, claims_total, side_cost_rate
from services.hours.selectors import month_summary
from services.models import EntryStatus, Task
from services.tests.factories import WorkEntryFactory
from workers.models import SubsidyType
from workers.parameters import MissingParameter, parameters_for, seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)
D = Decimal


@pytest.fixture
def parameters(municipality):
    seed_default_parameter_set(municipality=municipality, year=2026)
    return parameters_for(municipality, 2026)


def _employment(association, **fields):
    return EmploymentFactory(
        association=association, worker__municipality=association.village.municipality, **fields
    )


def _hours(employment, days, hours="8", status=EntryStatus.APPROVED):
    for day in days:
        WorkEntryFactory(
            employment=employment,
            work_date=datetime.date(2026, 3, day),
            hours=D(hours),
            status=status,
        )


def test_side_cost_rate_is_the_employers_share(parameters):
    assert side_cost_rate(parameters) == D("0.2072")


def test_association_claim_is_pay_plus_side_costs_and_says_which_days(parameters, association):
    """12 days × 8 h = 96 h at 12.00 € = 1 152.00; × 1.2072 = 1 390.6944 → 1 390.69."""
    employment = _employment(association)
    decision = SubsidyDecisionFactory(employment=employment, monthly_cap=None)
    _hours(employment, range(2, 14))
    (claim,) = claims_for_month(association, MARCH)
    assert (claim.hours, claim.gross_pay, claim.subsidy) == (
        D("96.00"),
        D("1152.00"),
        D("1390.69"),
    )
    assert claim.decision.id == decision.pk
    assert (claim.first, claim.last, claim.days) == (MARCH, datetime.date(2026, 3, 31), 31)


def test_disadvantaged_claim_is_half_of_the_pay_only(parameters, association):
    """80 h at 12.34 € = 987.20 × 50 % = 493.60 (side costs are not covered since 2023)."""
    employment = _employment(association, hourly_wage=D("12.34"))
    SubsidyDecisionFactory(
        employment=employment,
        subsidy_type=SubsidyType.DISADVANTAGED_50,
        rate_percent=D("50"),
        monthly_cap=None,
    )
    _hours(employment, range(2, 12))
    assert [c.subsidy for c in claims_for_month(association, MARCH)] == [D("493.60")]


def test_hours_on_days_no_decision_covers_form_a_row_of_their_own(parameters, association):
    """Decision from 3.3.: 8 h on 2.3. without subsidy; 8 h on 3.3. (approved) and the
    locked ones count; a submitted day does not. 8 × 12.00 × 1.2072 = 115.8912 → 115.89."""
    employment = _employment(association, starts_on=datetime.date(2026, 3, 2))
    SubsidyDecisionFactory(
        employment=employment,
        starts_on=datetime.date(2026, 3, 3),
        ends_on=datetime.date(2026, 10, 31),
        decided_on=datetime.date(2026, 2, 20),
    )
    _hours(employment, [2], status=EntryStatus.LOCKED)
    _hours(employment, [3])
    _hours(employment, [4], status=EntryStatus.SUBMITTED)
    claims = claims_for_month(association, MARCH)
    assert [(c.decision is not None, c.hours, c.subsidy) for c in claims] == [
        (False, D("8.00"), D("0.00")),
        (True, D("8.00"), D("115.89")),
    ]


def test_the_month_page_reads_the_same_approved_hours_as_the_claim_basis(parameters, association):
    """The month page reads the month's hours once, for its status counts and the claim
    basis: approved and locked hours count, on the same day too; submitted ones do not."""
    employment = _employment(association, starts_on=datetime.date(2026, 3, 2))
    SubsidyDecisionFactory(employment=employment, monthly_cap=None)
    _hours(employment, [2, 3], status=EntryStatus.LOCKED)
    _hours(employment, [4, 6], hours="2.5")
    WorkEntryFactory(
        employment=employment,
        work_date=datetime.date(2026, 3, 3),
        hours=D("1.5"),
        task=Task.TRAINING,
        status=EntryStatus.APPROVED,
    )
    _hours(employment, [5], status=EntryStatus.SUBMITTED)
    summary = month_summary(association, MARCH)
    claims = claims_for_month(association, MARCH, approved_hours=summary["approved_hours"])
    assert claims == claims_for_month(association, MARCH)
    assert sum(c.hours for c in claims) == D("22.50")
    assert summary["hours"] == D("30.50")


def test_employment_started_before_its_decision_claims_nothing_and_says_why(
    parameters, association, client, staff
):
    employment = _employment(association, starts_on=datetime.date(2026, 3, 2))
    SubsidyDecisionFactory(
        employment=employment,
        starts_on=datetime.date(2026, 3, 2),
        decided_on=datetime.date(2026, 3, 5),
        decision_number="PT-777",
    )
    _hours(employment, [9, 10])
    (claim,) = claims_for_month(association, MARCH)
    assert claim.subsidy == D("0.00") and claim.decision is None
    client.force_login(staff)
    text = client.get(reverse("services:month", args=[association.pk, 2026, 3])).content.decode()
    assert "PT-777" in text and "5.3.2026" in text


def test_a_missing_parameter_is_named_not_taken_as_zero(association):
    employment = _employment(association)
    SubsidyDecisionFactory(employment=employment)
    WorkEntryFactory(employment=employment, status=EntryStatus.APPROVED)
    with pytest.raises(MissingParameter):
        claims_for_month(association, MARCH)


def test_two_decisions_in_a_month_split_a_crew_and_add_every_task_of_a_day(parameters, association):
    """Two contracts; the first has two decisions in March (until 10.3., from 11.3.), the
    second none. Days with hours on two tasks count whole; hours not approved count nowhere.
    first: 9.–10.3. 13 h under the first decision: limit 105.54375 × 10/31 = 34.05 h;
    13 × 12.00 × 1.2072 = 188.3232 → 188.32; 11.3. 6.5 h under the second: 94.1616 → 94.16."""
    first, second = _employment(association), _employment(association)
    early = SubsidyDecisionFactory(
        employment=first, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 10)
    )
    late = SubsidyDecisionFactory(
        employment=first,
        starts_on=datetime.date(2026, 3, 11),
        ends_on=datetime.date(2026, 10, 31),
        months=8,
    )
    for employment in (first, second):
        for day in (9, 10, 11, 12):
            for task, hours in ((Task.GENERAL, "4"), (Task.TRAINING, "2.5")):
                WorkEntryFactory(
                    employment=employment,
                    work_date=datetime.date(2026, 3, day),
                    task=task,
                    hours=D(hours),
                    status=EntryStatus.APPROVED if day != 12 else EntryStatus.SUBMITTED,
                )
    claims = claims_for_month(association, MARCH)
    found = {
        (c.employment.pk, c.decision.id if c.decision else None): (c.hours, c.subsidy, c.days)
        for c in claims
    }
    assert found == {
        (first.pk, early.pk): (D("13.00"), D("188.32"), 10),
        (first.pk, late.pk): (D("6.50"), D("94.16"), 21),
        (second.pk, None): (D("19.50"), D("0.00"), 31),
    }
    assert claims_total(claims) == D("282.48")


def _model_subsidy(programme, village, month):
    period = selectors.Period(2026, month, month, village=village)
    return selectors.economy(programme, period, with_sroi=False).totals["subsidy_income"]


def test_claim_basis_equals_the_models_subsidy_for_the_association_and_month(
    parameters, programme, association
):
    """The issue's case: an association subsidy with 60 h in half a month (from 16.3.)."""
    employment = _employment(association, starts_on=datetime.date(2026, 3, 16))
    SubsidyDecisionFactory(employment=employment, monthly_cap=None)
    _hours(employment, range(16, 31), hours="4")
    claims = claims_for_month(association, MARCH)
    # limit 105.54375 × 16/31 = 54.4742 h < 60 h: 54.4742 × 12.00 × 1.2072 = 789.13
    assert claims_total(claims) == D("789.13")
    assert _model_subsidy(programme, association.village, 3) == D("789.13")


KINDS = [
    (SubsidyType.ASSOCIATION_100, "100"),
    (SubsidyType.DISADVANTAGED_50, "50"),
    (SubsidyType.REDUCED_WORK_ABILITY_70, "70"),
    (SubsidyType.AGE_55_PLUS_70, "70"),
]
decision_strategy = st.tuples(
    st.sampled_from(KINDS),
    st.integers(-40, 60),  # start, days from 1.3.
    st.integers(0, 80),  # length in days
    st.integers(1, 10),  # months
    st.integers(-30, 20),  # decided, days before/after the start of the contract
    st.sampled_from([None, D("500.00"), D("1800.00")]),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.integers(-60, 25),
    length=st.integers(3, 120),
    wage=st.decimals("9.00", "25.00", places=2),
    per_week=st.sampled_from([D("20"), D("24.4"), D("30"), D("37.5")]),
    decisions=st.lists(decision_strategy, max_size=3),
    hours=st.lists(
        st.sampled_from([D("0"), D("3.5"), D("7.5"), D("12")]), min_size=31, max_size=31
    ),
)
def test_claim_basis_and_model_agree_to_the_cent_for_random_cases(
    parameters, programme, association, start, length, wage, per_week, decisions, hours
):
    from services.models import WorkEntry
    from workers.models import Employment, SubsidyDecision

    WorkEntry.objects.all().delete()
    SubsidyDecision.objects.all().delete()
    Employment.objects.all().delete()
    starts_on = MARCH + datetime.timedelta(days=start)
    employment = _employment(
        association,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=length),
        hourly_wage=wage,
        hours_per_week=per_week,
    )
    for (kind, rate), d_start, d_length, months, decided, cap in decisions:
        first = MARCH + datetime.timedelta(days=d_start)
        SubsidyDecisionFactory(
            employment=employment,
            subsidy_type=kind,
            rate_percent=D(rate),
            starts_on=first,
            ends_on=first + datetime.timedelta(days=d_length),
            months=months,
            decided_on=starts_on + datetime.timedelta(days=decided),
            monthly_cap=cap,
        )
    rows = [
        WorkEntry(
            employment=employment,
            work_date=MARCH + datetime.timedelta(days=i),
            hours=h,
            task=Task.GENERAL,
            status=EntryStatus.APPROVED,
        )  # fmt: skip
        for i, h in enumerate(hours)
        if h and employment.is_active_on(MARCH + datetime.timedelta(days=i))
    ]
    WorkEntry.objects.bulk_create(rows)
    from services.hours.rollups import rebuild_monthly_hours

    rebuild_monthly_hours([employment.pk])
    claims = claims_for_month(association, MARCH)
    model = _model_subsidy(programme, association.village, 3)
    assert claims_total(claims) == (model if model is not None else D("0.00"))
