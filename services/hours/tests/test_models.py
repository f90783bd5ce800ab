import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from services.models import Task, WorkEntry
from services.tests.factories import WorkEntryFactory
from workers.tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employment(association):
    return EmploymentFactory(
        association=association,
        worker__municipality=association.village.municipality,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
    )


@pytest.mark.parametrize("value", ["0", "16.25", "-1", "7.3"])
def test_database_refuses_hours_outside_0_16_and_off_the_quarter_hour(employment, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntryFactory(employment=employment, hours=Decimal(value))


@pytest.mark.parametrize("value", ["0.25", "7.75", "16"])
def test_database_accepts_quarter_hours_up_to_16(employment, value):
    assert WorkEntryFactory(employment=employment, hours=Decimal(value)).pk


@pytest.mark.parametrize("day", [datetime.date(2025, 12, 31), datetime.date(2026, 7, 1)])
def test_database_refuses_a_date_outside_the_employment(employment, day):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntryFactory(employment=employment, work_date=day)


def test_database_refuses_moving_an_entry_outside_the_employment(employment):
    entry = WorkEntryFactory(employment=employment)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntry.objects.filter(pk=entry.pk).update(work_date=datetime.date(2026, 8, 1))


def test_one_entry_per_employment_date_and_task(employment):
    WorkEntryFactory(employment=employment, task=Task.GENERAL)
    WorkEntryFactory(employment=employment, task=Task.TRAINING)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntryFactory(employment=employment, task=Task.GENERAL)


def test_an_amendment_needs_a_reason_and_may_set_zero_hours(employment):
    original = WorkEntryFactory(employment=employment)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntryFactory(employment=employment, amends=original, hours=Decimal("0"))
    assert WorkEntryFactory(
        employment=employment, amends=original, hours=Decimal("0"), reason="sairas"
    ).pk


def test_entries_are_scoped_to_the_users_associations(
    employment, coordinator, staff, other_staff, official, outsider
):
    entry = WorkEntryFactory(employment=employment)
    assert list(WorkEntry.objects.for_user(coordinator)) == [entry]
    assert list(WorkEntry.objects.for_user(staff)) == [entry]
    for user in (other_staff, official, outsider):
        assert not WorkEntry.objects.for_user(user).exists()
