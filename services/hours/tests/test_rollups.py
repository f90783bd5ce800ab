"""The monthly roll-up of approved hours equals the entries after every write path."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from services.conftest import day
from services.hours import actions
from services.hours.imports import ImportRow
from services.hours.rollups import approved_month_hours, drift
from services.models import EntryStatus, MonthLock, MonthlyHours, Task, WeekSheet, WorkEntry
from services.tests.factories import ServiceOrderFactory, WorkEntryFactory
from workers.tests.factories import SubsidyDecisionFactory

pytestmark = pytest.mark.django_db
D = Decimal
MARCH = datetime.date(2026, 3, 1)


def save(association, values, *, actor, week=None, token="t1"):
    week = week or day(0)
    sheet = WeekSheet.objects.filter(association=association, week_start=week).first()
    return actions.save_week(
        association=association,
        week_start=week,
        values=values,
        expected_version=sheet.version if sheet else 0,
        token=token,
        actor=actor,
    )


def rolled_up() -> dict:
    return {(r.employment_id, r.month): r.hours for r in MonthlyHours.objects.all()}


def approved_sum(employment) -> Decimal:
    return sum(WorkEntry.objects.approved().filter(employment=employment).values_list(
        "hours", flat=True), D("0"))  # fmt: skip


def test_roll_up_follows_saving_submitting_returning_approving_and_locking(
    association, crew, staff, coordinator
):
    values = {(e.pk, Task.GENERAL, day(n)): D("7.5") for e in crew for n in range(3)}
    save(association, values, actor=staff)
    actions.submit_week(association=association, week_start=day(0), actor=staff)
    assert rolled_up() == {} and drift() == []  # nothing approved yet

    sheet = actions.return_week(sheet=WeekSheet.objects.get(), comment="Ti", actor=coordinator)
    save(association, {(crew[0].pk, Task.GENERAL, day(1)): D("4")}, actor=staff, token="t2")
    save(association, {(crew[1].pk, Task.GENERAL, day(2)): None}, actor=staff, token="t3")
    actions.submit_week(association=association, week_start=day(0), actor=staff)
    assert rolled_up() == {} and drift() == []

    actions.approve_week(sheet=WeekSheet.objects.get(pk=sheet.pk), actor=coordinator)
    assert rolled_up() == {
        (crew[0].pk, MARCH): D("19.00"),
        (crew[1].pk, MARCH): D("15.00"),
        (crew[2].pk, MARCH): D("22.50"),
    }
    assert drift() == []

    # A second week of the same month, approved when the month is locked.
    save(association, {(crew[2].pk, Task.TRAINING, day(7)): D("3")}, actor=staff,
         week=day(7))  # fmt: skip
    actions.submit_week(association=association, week_start=day(7), actor=staff)
    actions.lock_month(association=association, month=MARCH, actor=coordinator)
    assert rolled_up()[crew[2].pk, MARCH] == D("25.50") == approved_sum(crew[2])
    assert drift() == []


def test_roll_up_follows_corrections_approved_and_turned_down(
    association, crew, staff, coordinator
):
    entry = WorkEntryFactory(employment=crew[0], work_date=day(0), status=EntryStatus.LOCKED)
    other = WorkEntryFactory(employment=crew[0], work_date=day(1), status=EntryStatus.LOCKED)
    assert rolled_up() == {(crew[0].pk, MARCH): D("15.00")}

    turned_down = actions.amend_entry(entry=other, hours=D("1"), reason="x", actor=staff)
    actions.reject_amendment(amendment=turned_down, comment="Ei", actor=coordinator)
    assert rolled_up() == {(crew[0].pk, MARCH): D("15.00")} and drift() == []

    amendment = actions.amend_entry(entry=entry, hours=D("5"), reason="Väärin", actor=staff)
    assert rolled_up() == {(crew[0].pk, MARCH): D("15.00")}  # waits for approval
    actions.approve_amendment(amendment=amendment, actor=coordinator)
    assert rolled_up() == {(crew[0].pk, MARCH): D("12.50")} and drift() == []

    zero = actions.amend_entry(entry=amendment, hours=D("0"), reason="Pois", actor=staff)
    actions.approve_amendment(amendment=zero, actor=coordinator)
    MonthLock.objects.create(association=association, month=MARCH)
    late = actions.add_late_entry(
        employment=crew[0], work_date=day(2), task=Task.GENERAL, hours=D("2.25"),
        reason="Unohtui", actor=staff,
    )  # fmt: skip
    actions.approve_amendment(amendment=late, actor=coordinator)
    assert (
        rolled_up()
        == {(crew[0].pk, MARCH): D("9.75")}
        == {(crew[0].pk, MARCH): approved_sum(crew[0])}
    )
    assert drift() == []


def test_roll_up_follows_imported_hours_and_counts_order_hours(
    association, crew, staff, coordinator
):
    rows = [ImportRow(1, day(3), crew[0], D("6"), Task.GENERAL, "")]
    actions.import_hours(association=association, rows=rows, actor=staff)
    order = ServiceOrderFactory(association=association)
    save(association, {(crew[0].pk, f"order-{order.pk}", day(4)): D("2")}, actor=staff,
         token="t9")  # fmt: skip
    actions.submit_week(association=association, week_start=day(0), actor=staff)
    assert rolled_up() == {}
    actions.approve_week(sheet=WeekSheet.objects.get(), actor=coordinator)
    row = MonthlyHours.objects.get()
    assert (row.hours, row.order_hours) == (D("8.00"), D("2.00"))
    assert (row.first_day, row.last_day) == (day(3), day(4))
    assert drift() == []


def test_hours_on_subsidised_days_whole_part_and_none_of_a_month(association, crew):
    """crew[0]: decision all March; crew[1]: 1.–3.3.; crew[2]: none. 7.5 h on 2.–6.3."""
    for employment in crew:
        for n in range(5):
            WorkEntryFactory(employment=employment, work_date=day(n), status=EntryStatus.LOCKED)
    SubsidyDecisionFactory(employment=crew[0], starts_on=MARCH, ends_on=datetime.date(2026, 3, 31))
    SubsidyDecisionFactory(
        employment=crew[1], starts_on=MARCH, ends_on=datetime.date(2026, 3, 3), months=1
    )
    rows = approved_month_hours([e.pk for e in crew], MARCH, datetime.date(2026, 3, 31))
    covered = {row.employment_id: (row.hours, row.covered_hours) for row in rows}
    assert covered == {
        crew[0].pk: (D("37.50"), D("37.50")),
        crew[1].pk: (D("37.50"), D("15.00")),
        crew[2].pk: (D("37.50"), D("0")),
    }


def test_rebuild_command_finds_and_mends_a_drifted_roll_up(association, crew):
    WorkEntryFactory(employment=crew[0], work_date=day(0), status=EntryStatus.LOCKED)
    MonthlyHours.objects.update(hours=D("1"))
    with pytest.raises(CommandError, match="differs"):
        call_command("rebuild_monthly_hours", "--check")
    call_command("rebuild_monthly_hours")
    call_command("rebuild_monthly_hours", "--check")
    assert rolled_up() == {(crew[0].pk, MARCH): D("7.50")}
