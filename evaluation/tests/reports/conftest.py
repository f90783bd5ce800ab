"""Fixtures of the report tests."""

import datetime
from decimal import Decimal

import pytest

from evaluation.reports.figures import Scope
from evaluation.reports.periods import year_period
from workers.parameters import seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory, WorkerFactory


@pytest.fixture
def parameters_2026(municipality):
    return seed_default_parameter_set(municipality=municipality, year=2026)


@pytest.fixture
def crew(municipality, association, other_association, parameters_2026, hours_per_month):
    """Six workers in 2026: four at Livokas ry, two at Jongun alueen kyläyhdistys ry,
    each with 100 approved hours a month (the evaluation tests' `hours_per_month`)."""
    workers = []
    for index in range(6):
        worker = WorkerFactory(
            municipality=municipality,
            first_name=f"Etunimi{index}",
            last_name=f"Sukunimi{index}",
            birth_year=1960 + index * 5,
        )
        employment = EmploymentFactory(
            worker=worker,
            association=association if index < 4 else other_association,
            starts_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=31 * index),
            ends_on=datetime.date(2026, 10, 31),
            hours_per_week=Decimal("24.40"),
            hourly_wage=Decimal("12.00"),
        )
        SubsidyDecisionFactory(employment=employment)
        workers.append(worker)
    return workers


@pytest.fixture
def programme_scope(programme):
    return Scope(kind="programme", programme=programme, period=year_period(2026))


@pytest.fixture
def slow_report_worker(monkeypatch, request):
    """A real worker whose renders pause half-way for 4 s, long enough to kill it there."""
    monkeypatch.setenv("RYHMA_TEST_REPORT_PAUSE", "4")
    return request.getfixturevalue("celery_worker_process")
