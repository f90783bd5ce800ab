import pytest
from django.utils import translation

from workers.eligibility import subsidy_options
from workers.models import ParameterKey, ParameterValue, SubsidyType
from workers.parameters import parameters_for, seed_default_parameter_set
from workers.tests.factories import WorkerFactory


@pytest.fixture
def params(municipality):
    seed_default_parameter_set(municipality=municipality, year=2026)
    return parameters_for(municipality, 2026)


def _by_type(options):
    return {o.subsidy_type: o for o in options}


def test_long_term_unemployed_55_plus_qualifies_for_both_70_and_association(params, association):
    worker = WorkerFactory(
        birth_year=1968, months_unemployed_last_28=26, months_unemployed_last_14=14
    )
    with translation.override("fi"):
        options = _by_type(
            subsidy_options(worker=worker, params=params, year=2026, association=association)
        )
    age_55 = options[SubsidyType.AGE_55_PLUS_70]
    assert age_55.applies and str(age_55.monthly_cap) == "1770.0000"
    assert any("58" in reason for reason in age_55.reasons)
    assert options[SubsidyType.ASSOCIATION_100].applies
    assert options[SubsidyType.DISADVANTAGED_50].max_months == 10
    assert not options[SubsidyType.REDUCED_WORK_ABILITY_70].applies


def test_short_unemployment_and_business_activity_rule_out_the_association_subsidy(
    params, association
):
    association.has_business_activity = True
    worker = WorkerFactory(
        birth_year=1990, months_unemployed_last_28=20, months_unemployed_last_14=8
    )
    with translation.override("fi"):
        options = _by_type(
            subsidy_options(worker=worker, params=params, year=2026, association=association)
        )
    association_100 = options[SubsidyType.ASSOCIATION_100]
    assert not association_100.applies
    assert any("elinkeinotoimintaa" in r for r in association_100.reasons)
    assert any("vain 20" in r for r in association_100.reasons)
    assert options[SubsidyType.DISADVANTAGED_50].max_months == 5
    assert not options[SubsidyType.AGE_55_PLUS_70].applies


def test_55_plus_needs_the_minimum_weekly_hours(params):
    worker = WorkerFactory(birth_year=1960, months_unemployed_last_28=28)
    options = _by_type(subsidy_options(worker=worker, params=params, year=2026, hours_per_week=20))
    assert not options[SubsidyType.AGE_55_PLUS_70].applies


def test_reduced_work_ability_applies_when_flagged(params):
    worker = WorkerFactory(reduced_work_ability=True)
    option = _by_type(subsidy_options(worker=worker, params=params, year=2026))[
        SubsidyType.REDUCED_WORK_ABILITY_70
    ]
    assert option.applies and option.max_months == 24 and str(option.rate_percent) == "70.0000"


def test_missing_rate_is_named_not_zero(params, municipality):
    ParameterValue.objects.filter(key=ParameterKey.AGE_55_SUBSIDY_RATE).update(value=None)
    params = parameters_for(municipality, 2026)
    worker = WorkerFactory(birth_year=1960)
    with translation.override("fi"):
        option = _by_type(subsidy_options(worker=worker, params=params, year=2026))[
            SubsidyType.AGE_55_PLUS_70
        ]
    assert option.rate_percent is None and "puuttuu" in option.missing[0]


def test_three_year_rule_same_employer_no_new_subsidy_except_reduced_work_ability(
    params, association, other_association
):
    """An earlier subsidy with the same association ended 31.10.2024: a new one may start
    on 1.11.2027 at the earliest (31.10.2024 + 36 months + 1 day); the reduced work
    ability subsidy is exempt, and another employer is free."""
    import datetime

    from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory

    worker = WorkerFactory(
        municipality=association.village.municipality,
        months_unemployed_last_28=26,
        months_unemployed_last_14=14,
        reduced_work_ability=True,
    )
    earlier = EmploymentFactory(
        worker=worker,
        association=association,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 10, 31),
    )
    SubsidyDecisionFactory(employment=earlier)
    with translation.override("en"):
        options = _by_type(
            subsidy_options(
                worker=worker,
                params=params,
                year=2026,
                association=association,
                starts_on=datetime.date(2026, 3, 1),
            )
        )
        elsewhere = _by_type(
            subsidy_options(
                worker=worker,
                params=params,
                year=2026,
                association=other_association,
                starts_on=datetime.date(2026, 3, 1),
            )
        )
    association_100 = options[SubsidyType.ASSOCIATION_100]
    assert not association_100.applies
    assert any("1.11.2027" in r and "3-year rule" in r for r in association_100.reasons)
    assert not options[SubsidyType.DISADVANTAGED_50].applies
    assert options[SubsidyType.REDUCED_WORK_ABILITY_70].applies
    assert elsewhere[SubsidyType.ASSOCIATION_100].applies
