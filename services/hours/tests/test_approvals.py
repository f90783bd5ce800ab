from decimal import Decimal

import pytest

from services.conftest import day, make_crew
from services.hours import selectors
from services.models import EntryStatus, SheetStatus, WeekSheet
from services.tests.factories import WorkEntryFactory

pytestmark = pytest.mark.django_db


def submitted(employment, offset, hours, **fields):
    fields.setdefault("status", EntryStatus.SUBMITTED)
    return WorkEntryFactory(employment=employment, work_date=day(offset), hours=hours, **fields)


@pytest.fixture
def waiting_weeks(association, other_association):
    """Three waiting weeks of `association`: 14.5 h, 2.25 h and none at all."""
    (steady,) = make_crew(association, 1)
    (leaving,) = make_crew(association, 1, ends_on=day(2))
    (elsewhere,) = make_crew(other_association, 1)
    submitted(steady, 0, "7.5")
    submitted(steady, 1, "3")
    submitted(leaving, 1, "4")  # a contract that ends inside the week counts its days
    submitted(steady, 3, "6", status=EntryStatus.ENTERED)  # not sent: not counted
    submitted(steady, 4, "5", status=EntryStatus.APPROVED)
    submitted(steady, 7, "2.25")  # the next week
    submitted(elsewhere, 0, "8")  # another association's crew
    for offset in (0, 7, 14):
        WeekSheet.objects.create(
            association=association, week_start=day(offset), status=SheetStatus.SUBMITTED
        )
    WeekSheet.objects.create(association=association, week_start=day(21), status="open")


def test_first_waiting_sheets_sum_each_weeks_submitted_hours_and_count_them_all(
    coordinator, waiting_weeks
):
    sheets, count = selectors.first_waiting_sheets(coordinator, 5)
    assert [(s.week_start, s.total_hours) for s in sheets] == [
        (day(0), Decimal("14.5")),
        (day(7), Decimal("2.25")),
        (day(14), Decimal(0)),
    ]
    assert count == 3
    first, count = selectors.first_waiting_sheets(coordinator, 2)
    assert [s.week_start for s in first] == [day(0), day(7)] and count == 3


def test_the_approval_queue_shows_the_same_week_totals(coordinator, waiting_weeks):
    waiting = selectors.with_week_totals(selectors.waiting_sheets_queryset(coordinator))
    sheets = selectors.with_labels(waiting)
    assert [s.total_hours for s in sheets] == [Decimal("14.5"), Decimal("2.25"), Decimal(0)]
    assert sheets[0].labels.code == "2026-W10"


def test_first_waiting_sheets_without_any_waiting(coordinator, waiting_weeks):
    WeekSheet.objects.update(status=SheetStatus.APPROVED)
    assert selectors.first_waiting_sheets(coordinator, 5) == ([], 0)
