import pytest

from services.conftest import day, make_crew
from services.hours import selectors
from services.models import EntryStatus, SheetStatus, WeekSheet
from services.tests.factories import WorkEntryFactory
from villages.models import Membership

pytestmark = pytest.mark.django_db


def missing_by_association(staff, today):
    status = selectors.staff_week_status(staff, today=today)
    return {item["association"].pk: item["missing"] for item in status["items"]}


def test_week_status_names_the_working_days_without_hours_of_a_crew_at_work(
    staff, association, other_association
):
    Membership.objects.get(user=staff).associations.add(other_association)
    (worker,) = make_crew(association, 1)
    (other,) = make_crew(other_association, 1)
    WorkEntryFactory(employment=worker, work_date=day(1))
    # A replaced original and another association's hours do not count as ours.
    WorkEntryFactory(employment=worker, work_date=day(2), is_current=False)
    WorkEntryFactory(employment=other, work_date=day(0), status=EntryStatus.SUBMITTED)
    missing = missing_by_association(staff, day(3))
    assert missing[association.pk] == [day(0), day(2), day(3)]
    assert missing[other_association.pk] == [day(1), day(2), day(3)]


def test_week_status_misses_no_hours_of_an_association_without_a_crew_this_week(
    staff, association, other_association
):
    Membership.objects.get(user=staff).associations.add(other_association)
    make_crew(association, 1, ends_on=day(-1))  # ended last week
    make_crew(other_association, 1, starts_on=day(4))  # starts on Friday
    assert missing_by_association(staff, day(3)) == {
        association.pk: [],
        other_association.pk: [],
    }
    # From Friday the association has a crew at work, and the week's days without hours
    # are named (those before the contract too, as the panel always has).
    assert missing_by_association(staff, day(4))[other_association.pk] == [
        day(0),
        day(1),
        day(2),
        day(3),
        day(4),
    ]


def test_week_status_shows_this_weeks_sheet_and_the_returned_ones(staff, association):
    make_crew(association, 1)
    WeekSheet.objects.create(association=association, week_start=day(0), status="submitted")
    WeekSheet.objects.create(association=association, week_start=day(-14), status="returned")
    status = selectors.staff_week_status(staff, today=day(2))
    (item,) = status["items"]
    assert item["status"] == SheetStatus.SUBMITTED.label
    assert [s.week_start for s in status["returned"]] == [day(-14)]
