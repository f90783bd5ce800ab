"""Approved hours for whole months come from services' roll-up and match the entries."""

import datetime
import random
from decimal import Decimal

import pytest

from evaluation.inputs import _approved_hours_from_entries, approved_hours
from services.models import EntryStatus
from services.tests.factories import WorkEntryFactory
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def test_whole_months_from_the_roll_up_equal_the_sum_of_the_entries(municipality, association):
    """Three contracts: a decision over the year, one ending mid-March, none; mixed statuses,
    replaced rows; January–April from the roll-up equals the same period from the entries."""
    rng = random.Random(7)
    employments = [
        EmploymentFactory(
            worker=WorkerFactory(municipality=municipality),
            association=association,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        for _ in range(3)
    ]
    SubsidyDecisionFactory(
        employment=employments[0],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    SubsidyDecisionFactory(
        employment=employments[1],
        starts_on=datetime.date(2026, 1, 12),
        ends_on=datetime.date(2026, 3, 15),
    )
    statuses = [EntryStatus.APPROVED, EntryStatus.LOCKED, EntryStatus.SUBMITTED]
    day = datetime.date(2026, 1, 2)
    while day < datetime.date(2026, 5, 1):
        for employment in employments:
            if day.weekday() < 5 and rng.random() < 0.5:
                WorkEntryFactory(
                    employment=employment,
                    work_date=day,
                    hours=Decimal(rng.randint(1, 32)) / 4,
                    status=rng.choice(statuses),
                    is_current=rng.random() < 0.9,
                )
        day += datetime.timedelta(days=3)
    ids = [e.pk for e in employments]
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)
    from_roll_up = approved_hours(ids, start, end)
    from_entries = _approved_hours_from_entries(ids, start, end)
    assert from_roll_up.by_month == from_entries.by_month
    partly = from_roll_up.get(employments[1].pk, 2026, 3)
    assert Decimal("0") < partly.covered_hours < partly.hours
