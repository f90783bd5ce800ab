"""The parameter migration of issue 15: the 2025–2027 sets gain the new values, and a set
already used for figures is superseded, never rewritten."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from workers.models import ParameterSet, ParameterStatus, ParameterValue
from workers.parameters import seed_default_parameter_set
from workers.tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module(
    "workers.migrations.0005_parameter_keys_holiday_cumulation_city_view"
)
NEW_KEYS = set(migration.NEW_KEYS)


def _as_before(parameter_set):
    """The set as the earlier defaults made it: no new keys, holiday pay 0, cap 1 800."""
    parameter_set.values.filter(key__in=NEW_KEYS).delete()
    parameter_set.values.filter(key="holiday_pay_accrual").update(value=Decimal("0"))
    parameter_set.values.filter(key="association_subsidy_monthly_cap").update(value=Decimal("1800"))
    return {v.key: v.value for v in parameter_set.values.all()}


def test_a_used_set_is_superseded_and_an_unused_one_updated(municipality, association):
    used = seed_default_parameter_set(municipality=municipality, year=2026)
    unused = seed_default_parameter_set(municipality=municipality, year=2027)
    old_values = _as_before(used)
    _as_before(unused)
    EmploymentFactory(
        association=association,
        worker__municipality=municipality,
        starts_on=datetime.date(2026, 2, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    migration.update_sets(apps, None)

    used.refresh_from_db()
    assert used.status == ParameterStatus.SUPERSEDED
    assert {v.key: v.value for v in used.values.all()} == old_values  # never rewritten
    successor = ParameterSet.objects.get(supersedes=used)
    assert successor.status == ParameterStatus.ACTIVE and successor.year == 2026
    values = {v.key: v for v in successor.values.all()}
    assert values["holiday_pay_accrual"].value == Decimal("9")
    assert values["association_subsidy_monthly_cap"].value == Decimal("2020")
    assert values["association_subsidy_monthly_cap"].status == "U"
    assert NEW_KEYS <= set(values)
    assert successor.share_steps.count() == used.share_steps.count()

    unused.refresh_from_db()
    assert unused.status == ParameterStatus.ACTIVE
    assert ParameterValue.objects.get(parameter_set=unused, key="holiday_bonus").value == 50
    assert not ParameterSet.objects.filter(supersedes=unused).exists()


def test_a_value_the_city_changed_is_kept(municipality):
    parameter_set = seed_default_parameter_set(municipality=municipality, year=2026)
    _as_before(parameter_set)
    parameter_set.values.filter(key="holiday_pay_accrual").update(value=Decimal("10.5"))
    migration.update_sets(apps, None)
    value = ParameterValue.objects.get(parameter_set=parameter_set, key="holiday_pay_accrual")
    assert value.value == Decimal("10.5")
