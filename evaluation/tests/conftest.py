"""Fixtures of the evaluation tests: parameters, a crew of employed workers and their hours.

Approved hours come from services/ (evaluation.inputs.approved_hours); `hours_per_month`
stands in for them with a fixed number of approved hours per employment and month, so
that the figures here do not depend on how hours are entered.
"""

import datetime
from decimal import Decimal

import pytest

from evaluation.inputs import ApprovedHours, MonthHours
from evaluation.selectors import programme_economy
from villages.tests.factories import AssociationFactory, VillageFactory
from workers.models import SubsidyPayer, SubsidyType
from workers.parameters import seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory, WorkerFactory

HOURS = Decimal("100")


@pytest.fixture
def params2026(municipality):
    return seed_default_parameter_set(municipality=municipality, year=2026)


@pytest.fixture
def hours_per_month(monkeypatch):
    """Every employment has 100 approved hours in each month of 2026 it covers."""

    def fake(employment_ids, start, end):
        by_month = {}
        for employment_id in employment_ids:
            for month in range(1, 13):
                by_month[(employment_id, 2026, month)] = MonthHours(HOURS, HOURS)
        return ApprovedHours(True, by_month)

    monkeypatch.setattr(programme_economy, "approved_hours", fake)
    return HOURS


@pytest.fixture
def make_crew(municipality):
    """make_crew(n, association) -> n workers employed all 2026 with a 100 % subsidy."""

    def make(n, association, *, starts_on=datetime.date(2026, 1, 1)):
        workers = []
        for _ in range(n):
            worker = WorkerFactory(municipality=municipality)
            employment = EmploymentFactory(
                worker=worker,
                association=association,
                starts_on=starts_on,
                ends_on=datetime.date(2026, 12, 31),
            )
            SubsidyDecisionFactory(
                employment=employment,
                subsidy_type=SubsidyType.ASSOCIATION_100,
                rate_percent=Decimal(100),
                monthly_cap=None,
                months=10,
                starts_on=starts_on,
                ends_on=datetime.date(2026, 10, 31),
                payer=SubsidyPayer.MUNICIPALITY,
            )
            workers.append(worker)
        return workers

    return make


@pytest.fixture
def third_association(municipality):
    return AssociationFactory(
        village=VillageFactory(municipality=municipality, name="Korpinen"),
        name="Korpisen kyläseura ry",
    )
