"""Two people saving the same week at the same time.

On PostgreSQL (CI) the saves really overlap: the first holds its transaction open while the
second runs and waits on the week's row; on SQLite (an in-memory database that threads do
not share) the same two saves run one after the other, which checks the same rules.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from services.conftest import WEEK, day, make_crew
from services.hours import actions
from services.models import SyncedSave, Task, WeekSheet, WorkEntry
from villages.tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _save(association, values, token, original=None):
    return actions.save_week(
        association=association,
        week_start=WEEK,
        values=values,
        expected_version=1,
        token=token,
        actor=None,
        original=original,
    )


def _wait_until_blocked(timeout=10.0):
    """Until another session of this database waits for a lock (PostgreSQL)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second save never waited for the first")


def _at_once(first_call, second_call) -> dict:
    """Run two calls as two requests at the same moment would: on PostgreSQL the first
    keeps its transaction open until the second waits on its lock; elsewhere one after the
    other. {"first": its result, "second": its result or the exception it raised}."""
    outcome = {}

    def second():
        try:
            outcome["second"] = second_call()
        except Exception as error:  # the test names what the second call raised
            outcome["second"] = error
        finally:
            if connection.vendor == "postgresql":
                connection.close()

    if connection.vendor != "postgresql":
        outcome["first"] = first_call()
        second()
        return outcome

    release = threading.Event()

    def first():
        try:
            with transaction.atomic():
                outcome["first"] = first_call()
                release.wait(15)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    while "first" not in outcome and one.is_alive():
        time.sleep(0.02)
    two = threading.Thread(target=second)
    two.start()
    try:
        _wait_until_blocked()
    finally:
        release.set()
        one.join(20)
        two.join(20)
    return outcome


def _race(association, first_values, first_token, second_values, second_token, original=None):
    """Run two saves of version 1; the first commits only after the second has started.
    With `original` (the cells as both forms showed them) the saves merge cell by cell."""
    return _at_once(
        lambda: _save(association, first_values, first_token, original),
        lambda: _save(association, second_values, second_token, original),
    )


@pytest.fixture
def week_in_progress(association):
    (employment,) = make_crew(association, 1)
    actions.save_week(
        association=association,
        week_start=WEEK,
        values={(employment.pk, Task.GENERAL, day(0)): Decimal("6")},
        expected_version=0,
        token="start",
        actor=None,
    )
    return employment


def test_second_of_two_simultaneous_saves_is_refused_and_sees_the_first(
    association, week_in_progress
):
    cell = (week_in_progress.pk, Task.GENERAL, day(0))
    outcome = _race(association, {cell: Decimal("7")}, "alice", {cell: Decimal("3")}, "bob")
    assert outcome["first"].updated == 1
    assert isinstance(outcome["second"], StaleEditError)
    assert outcome["second"].current.version == 2
    assert WorkEntry.objects.get().hours == Decimal("7")


def test_two_simultaneous_saves_of_different_cells_keep_both(association, week_in_progress):
    cells = [(week_in_progress.pk, Task.GENERAL, day(n)) for n in (0, 1, 2)]
    # Both forms were loaded with Monday at 6 h and the other days empty.
    original = {cells[0]: (Decimal("6"), ""), cells[1]: (None, ""), cells[2]: (None, "")}
    first = {cells[0]: Decimal("6"), cells[1]: Decimal("4"), cells[2]: None}
    second = {cells[0]: Decimal("6"), cells[1]: None, cells[2]: Decimal("5")}
    outcome = _race(association, first, "alice", second, "bob", original)
    assert not outcome["first"].conflicts and not outcome["second"].conflicts
    hours = dict(WorkEntry.objects.values_list("work_date", "hours"))
    assert hours == {day(0): Decimal("6"), day(1): Decimal("4"), day(2): Decimal("5")}
    assert WeekSheet.objects.get().version == 3


def test_two_simultaneous_saves_of_one_cell_keep_the_first_and_name_the_second(
    association, week_in_progress
):
    cell = (week_in_progress.pk, Task.GENERAL, day(0))
    original = {cell: (Decimal("6"), "")}
    outcome = _race(
        association, {cell: Decimal("7")}, "alice", {cell: Decimal("3")}, "bob", original
    )
    (conflict,) = outcome["second"].conflicts
    assert (conflict.mine, conflict.theirs) == (Decimal("3"), Decimal("7"))
    assert WorkEntry.objects.get().hours == Decimal("7")


def test_double_submit_at_the_same_moment_creates_nothing_twice(association, week_in_progress):
    values = {(week_in_progress.pk, Task.GENERAL, day(n)): Decimal("5") for n in (1, 2)}
    outcome = _race(association, values, "same-form", values, "same-form")
    assert outcome["first"].created == 2
    assert outcome["second"].repeated
    assert WorkEntry.objects.count() == 3
    assert WeekSheet.objects.get().version == 2


def test_two_approvals_of_the_same_month_at_once_keep_the_roll_up_whole(association):
    """Two coordinators approve two weeks of March together: the second approval waits for
    the first (on PostgreSQL) and the monthly roll-up counts both weeks."""
    from services.hours.rollups import drift
    from services.models import EntryStatus, MonthlyHours
    from services.tests.factories import WorkEntryFactory

    (employment,) = make_crew(association, 1)
    sheets = []
    for week in (WEEK, day(7)):
        WorkEntryFactory(employment=employment, work_date=week, status=EntryStatus.SUBMITTED)
        sheets.append(
            WeekSheet.objects.create(association=association, week_start=week, status="submitted")
        )
    outcome = _at_once(
        lambda: actions.approve_week(sheet=sheets[0], actor=None),
        lambda: actions.approve_week(sheet=sheets[1], actor=None),
    )
    assert not isinstance(outcome["second"], Exception), outcome["second"]
    assert MonthlyHours.objects.get().hours == Decimal("15.00")
    assert drift() == []


def test_one_kept_save_sent_twice_at_once_on_a_new_week_gets_one_answer(association, municipality):
    """The offline queue sends one save twice at the same moment to a week without a
    sheet: the second send waits on the first's new sheet, then gets the first's answer."""
    (employment,) = make_crew(association, 1)
    staff = make_user("kyla", Role.VILLAGE_STAFF, municipality, [association])
    cell = (employment.pk, Task.GENERAL, day(0))

    def send():
        return actions.save_week_once(
            key="key-0001",
            actor=staff,
            association=association,
            week_start=WEEK,
            values={cell: Decimal("7.5")},
            expected_version=0,
        )

    outcome = _at_once(send, send)
    assert outcome["first"].repeated is False
    assert not isinstance(outcome["second"], Exception), outcome["second"]
    assert outcome["second"].repeated is True
    assert outcome["second"].answer == outcome["first"].answer
    assert WorkEntry.objects.get().hours == Decimal("7.5")
    assert SyncedSave.objects.get().answer == outcome["first"].answer
