from decimal import Decimal

import pytest
from django.utils import translation

from workers.models import ParameterKey, ParameterValue
from workers.parameters import (
    MissingParameter,
    parameters_for,
    parameters_for_years,
    seed_default_parameter_set,
)


def test_seeded_2026_values_carry_their_source_and_status(municipality):
    seed_default_parameter_set(municipality=municipality, year=2026)
    params = parameters_for(municipality, 2026)
    used = params.used(ParameterKey.BENEFIT_PER_DAY)
    assert used.value == Decimal("37.21")
    assert used.status == "V" and "Kela" in used.source
    assert params.used(ParameterKey.TYEL_TOTAL).status == "U"


def test_seeding_twice_keeps_one_active_set(municipality):
    first = seed_default_parameter_set(municipality=municipality, year=2025)
    assert seed_default_parameter_set(municipality=municipality, year=2025) == first


def test_missing_value_names_the_parameter_in_finnish(municipality):
    parameter_set = seed_default_parameter_set(municipality=municipality, year=2026)
    ParameterValue.objects.filter(
        parameter_set=parameter_set, key=ParameterKey.MUNICIPAL_TOP_UP_PER_MONTH
    ).update(value=None)
    params = parameters_for(municipality, 2026)
    with translation.override("fi"), pytest.raises(MissingParameter) as error:
        params.value(ParameterKey.MUNICIPAL_TOP_UP_PER_MONTH)
    assert "Kuntalisä" in str(error.value) and "2026" in str(error.value)


def test_no_parameter_set_for_the_year_is_missing_not_zero(municipality):
    with pytest.raises(MissingParameter):
        parameters_for(municipality, 2031).value(ParameterKey.BENEFIT_PER_DAY)


@pytest.mark.parametrize(
    "year, days, share",
    [
        (2026, 99, "0"),
        (2026, 100, "10"),
        (2026, 699, "45"),
        (2026, 700, "50"),
        (2026, 5000, "50"),
        (2024, 299, "0"),
        (2024, 300, "50"),
        (2024, 1000, "70"),
    ],
)
def test_municipal_share_by_benefit_days(municipality, year, days, share):
    seed_default_parameter_set(municipality=municipality, year=year)
    assert parameters_for(municipality, year).municipal_share(days) == Decimal(share)


def test_a_parameter_used_again_is_the_same_value_with_its_label(municipality):
    """The dashboard asks for the same values thousands of times: looked up once."""
    from workers.parameters import parameters_for, seed_default_parameter_set

    seed_default_parameter_set(municipality=municipality, year=2026)
    params = parameters_for(municipality, 2026)
    first = params.used("tyel_total")
    assert params.used("tyel_total") is first
    assert first.label and first.value == params.value("tyel_total")


def test_parameters_of_several_years_equal_those_of_each_year(municipality, other_municipality):
    seed_default_parameter_set(municipality=municipality, year=2024)
    newer = seed_default_parameter_set(municipality=municipality, year=2026)
    seed_default_parameter_set(municipality=other_municipality, year=2026)
    ParameterValue.objects.filter(parameter_set=newer, key=ParameterKey.WEEKS_PER_MONTH).update(
        value=Decimal("4.35")
    )
    both = parameters_for_years(municipality, [2024, 2025, 2026])
    for year in (2024, 2025, 2026):
        alone = parameters_for(municipality, year)
        assert both[year].parameter_set == alone.parameter_set
        assert both[year].digest == alone.digest
        assert [(s.from_days, s.share_percent) for s in both[year].share_steps] == [
            (s.from_days, s.share_percent) for s in alone.share_steps
        ]
    assert both[2025].parameter_set is None and both[2025].digest is None
    assert both[2026].value(ParameterKey.WEEKS_PER_MONTH) == Decimal("4.35")
    assert both[2024].digest != both[2026].digest


def test_a_parameter_digest_follows_every_value_and_step(municipality):
    parameter_set = seed_default_parameter_set(municipality=municipality, year=2026)
    before = parameters_for(municipality, 2026).digest
    parameter_set.values.filter(key=ParameterKey.SROI_DISCOUNT_RATE).update(value=Decimal("3"))
    changed_value = parameters_for(municipality, 2026).digest
    parameter_set.share_steps.filter(from_days=700).update(from_days=650)
    changed_step = parameters_for(municipality, 2026).digest
    parameter_set.values.filter(key=ParameterKey.SROI_DISCOUNT_RATE).update(source="toinen")
    assert len({before, changed_value, changed_step}) == 3
    assert parameters_for(municipality, 2026).digest == changed_step  # sources only explain
