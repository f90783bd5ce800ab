import datetime
from decimal import Decimal

import pytest
import time_machine

from conftest import module_transaction
from ryhma.demo import seed_all
from services.models import EntryStatus, MonthLock, WeekSheet, WorkEntry
from workers.models import Employment
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


SEEDED_AT = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def seeded_with_a_worker(django_db_setup, django_db_blocker):
    """The demo seeded once for the module on `SEEDED_AT`, with a worker at Livokas ry."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock(), time_machine.travel(SEEDED_AT):
            context = seed_all()
            association = context["associations"]["Livokas ry"]
            if not Employment.objects.filter(association=association).exists():
                EmploymentFactory(
                    worker=WorkerFactory(municipality=context["municipality"]),
                    association=association,
                    starts_on=datetime.date(2025, 3, 1),
                    ends_on=datetime.date(2026, 12, 31),
                )
            seed_all()
        yield association


@pytest.fixture
def demo_with_a_worker(seeded_with_a_worker, time_machine):
    time_machine.move_to(SEEDED_AT)
    return seeded_with_a_worker


def test_demo_has_a_year_of_hours_past_months_locked_this_month_open(demo_with_a_worker):
    entries = WorkEntry.objects.filter(employment__association=demo_with_a_worker)
    first = entries.order_by("work_date").first().work_date
    assert first <= datetime.date(2025, 4, 7)
    assert set(
        entries.filter(work_date__lt=datetime.date(2026, 3, 1)).values_list("status", flat=True)
    ) == {EntryStatus.LOCKED}
    march = set(
        entries.filter(work_date__gte=datetime.date(2026, 3, 1)).values_list("status", flat=True)
    )
    assert march == {EntryStatus.SUBMITTED, EntryStatus.ENTERED}
    assert MonthLock.objects.filter(association=demo_with_a_worker).count() == 11
    assert WeekSheet.objects.filter(association=demo_with_a_worker, status="submitted").exists()
    assert not entries.filter(work_date=datetime.date(2025, 12, 25)).exists()
    assert all(e.hours % Decimal("0.25") == 0 for e in entries)


def test_demo_hours_are_seeded_once(demo_with_a_worker):
    count = WorkEntry.objects.count()
    seed_all()
    assert WorkEntry.objects.count() == count
