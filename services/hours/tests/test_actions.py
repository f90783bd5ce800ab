import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection

from ryhma.concurrency import StaleEditError
from ryhma.models import AuditAction, AuditEvent
from ryhma.testing import count_queries
from services.conftest import day, make_crew
from services.hours import actions
from services.models import EntryStatus, MonthLock, SheetStatus, Task, WeekSheet, WorkEntry
from services.tests.factories import WorkEntryFactory

pytestmark = pytest.mark.django_db


def save(association, week, values, *, version=0, token="t1", actor=None, confirm=False):
    return actions.save_week(
        association=association,
        week_start=week,
        values=values,
        expected_version=version,
        token=token,
        actor=actor,
        confirm_over_contract=confirm,
    )


def full_week(crew, value="7.5", task=Task.GENERAL, days=range(3)):
    return {(e.pk, task, day(n)): Decimal(value) for e in crew for n in days}


def test_saving_a_week_creates_updates_and_deletes_entries_with_audit(
    association, crew, week, staff
):
    saved = save(association, week, full_week(crew), actor=staff)
    assert (saved.created, saved.sheet.version) == (9, 1)
    values = {
        (crew[0].pk, Task.GENERAL, day(0)): Decimal("6"),
        (crew[0].pk, Task.GENERAL, day(1)): None,
    }
    saved = save(association, week, values, version=1, token="t2", actor=staff)
    assert (saved.updated, saved.deleted, saved.sheet.version) == (1, 1, 2)
    assert WorkEntry.objects.count() == 8
    assert WorkEntry.objects.get(employment=crew[0], work_date=day(0)).hours == Decimal("6")
    actions_done = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions_done.count(AuditAction.CREATE) == 9
    assert AuditAction.UPDATE in actions_done and AuditAction.DELETE in actions_done


def _save_counts(association, crew, week):
    """Queries to create a week, then to change, add and empty cells of it."""
    first = count_queries(lambda: save(association, week, full_week(crew)))
    changed = {key: Decimal("4") for key in full_week(crew)}
    changed.update({(e.pk, Task.GENERAL, day(4)): Decimal("3") for e in crew})
    changed.update({(e.pk, Task.GENERAL, day(2)): None for e in crew})
    second = count_queries(lambda: save(association, week, changed, version=1, token="t2"))
    assert WorkEntry.objects.filter(employment__in=crew, hours=Decimal("4")).count() == 2 * len(
        crew
    )
    return first, second


def test_saving_a_week_runs_the_same_number_of_queries_for_5_and_50_workers(
    association, other_association, week
):
    ContentType.objects.get_for_model(WorkEntry)  # the audit trail caches it after the first use
    small = _save_counts(association, make_crew(association, 5), week)
    large = _save_counts(other_association, make_crew(other_association, 50), week)
    assert max(small) <= 20, small
    if connection.vendor == "sqlite":
        # SQLite allows 999 parameters a statement, so Django splits bulk writes of 50
        # workers into a few batches; PostgreSQL (CI) sends each in one statement.
        assert all(0 <= b - a <= 6 for a, b in zip(small, large, strict=True)), (small, large)
    else:
        assert small == large


def test_same_token_twice_saves_once(association, crew, week):
    save(association, week, full_week(crew), token="double")
    again = save(association, week, full_week(crew), token="double")
    assert again.repeated
    assert WorkEntry.objects.count() == 9
    assert WeekSheet.objects.get().version == 1


def test_stale_version_is_refused_and_nothing_is_written(association, crew, week):
    save(association, week, full_week(crew), token="a")
    with pytest.raises(StaleEditError) as stale:
        save(association, week, {(crew[0].pk, Task.GENERAL, day(0)): Decimal("2")}, token="b")
    assert stale.value.current.version == 1
    assert not WorkEntry.objects.filter(hours=Decimal("2")).exists()


def test_cells_outside_the_contract_and_over_the_daily_maximum_name_the_cell(association, week):
    (employment,) = make_crew(association, 1, starts_on=day(2), ends_on=datetime.date(2026, 10, 31))
    employment.worker.first_name, employment.worker.last_name = "Matti", "Meikäläinen"
    employment.worker.save()
    values = {
        (employment.pk, Task.GENERAL, day(0)): Decimal("4"),
        (employment.pk, Task.GENERAL, day(3)): Decimal("10"),
        (employment.pk, Task.TRAINING, day(3)): Decimal("8"),
    }
    with pytest.raises(actions.WeekInvalid) as invalid:
        save(association, week, values, confirm=True)
    errors = invalid.value.cell_errors
    outside = errors[actions.cell_name(employment.pk, Task.GENERAL, day(0))]
    assert "Matti Meikäläinen, ma 2.3." in outside and "työsuhteen" in outside
    assert "päivän enimmäismäärän" in errors[actions.cell_name(employment.pk, Task.GENERAL, day(3))]
    assert not WorkEntry.objects.exists()


def test_week_beyond_the_contract_needs_a_confirmation(association, week):
    (employment,) = make_crew(association, 1, hours_per_week=Decimal("20"))
    values = {(employment.pk, Task.GENERAL, day(n)): Decimal("7.5") for n in range(3)}
    with pytest.raises(actions.WeekInvalid) as invalid:
        save(association, week, values)
    assert "22,5\xa0h" in invalid.value.needs_confirmation[0]
    assert save(association, week, values, confirm=True).created == 3
    unchanged = {**values, (employment.pk, Task.TRAINING, day(0)): None}
    assert save(association, week, unchanged, version=1, token="again").created == 0


def test_locked_month_cannot_be_changed_in_the_grid(association, crew, week, coordinator):
    save(association, week, full_week(crew))
    actions.submit_month(association=association, month=week, actor=None)
    actions.lock_month(association=association, month=week, actor=coordinator)
    sheet = WeekSheet.objects.get(week_start=week)
    with pytest.raises(actions.WeekInvalid) as invalid:
        save(
            association,
            week,
            {(crew[0].pk, Task.GENERAL, day(4)): Decimal("3")},
            version=sheet.version,
            token="x",
        )
    assert "lukittu" in next(iter(invalid.value.cell_errors.values()))


def test_submit_approve_return_and_lock_with_audit(association, crew, week, staff, coordinator):
    save(association, week, full_week(crew), actor=staff)
    sheet = actions.submit_week(association=association, week_start=week, actor=staff)
    assert sheet.status == SheetStatus.SUBMITTED
    assert set(WorkEntry.objects.values_list("status", flat=True)) == {EntryStatus.SUBMITTED}

    with pytest.raises(ValidationError):
        actions.return_week(sheet=sheet, comment="  ", actor=coordinator)
    sheet = actions.return_week(sheet=sheet, comment="Ti puuttuu", actor=coordinator)
    assert (sheet.status, sheet.return_comment) == (SheetStatus.RETURNED, "Ti puuttuu")
    assert set(WorkEntry.objects.values_list("status", flat=True)) == {EntryStatus.RETURNED}

    with pytest.raises(ValidationError):
        actions.lock_month(association=association, month=week, actor=coordinator)
    actions.submit_week(association=association, week_start=week, actor=staff)
    sheet = actions.approve_week(sheet=WeekSheet.objects.get(), actor=coordinator)
    assert sheet.status == SheetStatus.APPROVED
    lock = actions.lock_month(association=association, month=week, actor=coordinator)
    assert lock.month == datetime.date(2026, 3, 1)
    assert set(WorkEntry.objects.values_list("status", flat=True)) == {EntryStatus.LOCKED}
    statuses = [
        e.changes.get("status") for e in AuditEvent.objects.filter(action=AuditAction.STATUS)
    ]
    assert statuses.count(["submitted", "returned"]) == 1
    assert statuses.count(["submitted", "approved"]) == 1
    assert MonthLock.objects.count() == 1


def test_amendment_after_lock_replaces_the_original_once_approved(
    association, crew, week, staff, coordinator
):
    entry = WorkEntryFactory(employment=crew[0], work_date=day(0), status=EntryStatus.LOCKED)
    with pytest.raises(ValidationError):
        actions.amend_entry(entry=entry, hours=Decimal("5"), reason=" ", actor=staff)
    amendment = actions.amend_entry(
        entry=entry, hours=Decimal("5"), reason="Väärä päivä", actor=staff
    )
    assert amendment.amends == entry and amendment.status == EntryStatus.SUBMITTED
    with pytest.raises(ValidationError):
        actions.amend_entry(entry=entry, hours=Decimal("4"), reason="Toinen", actor=staff)
    assert list(WorkEntry.objects.approved()) == [entry]
    actions.approve_amendment(amendment=amendment, actor=coordinator)
    assert list(WorkEntry.objects.approved()) == [amendment]
    entry.refresh_from_db()
    assert not entry.is_current and entry.hours == Decimal("7.50")
    second = actions.amend_entry(
        entry=amendment, hours=Decimal("0"), reason="Ei töissä", actor=staff
    )
    actions.approve_amendment(amendment=second, actor=coordinator)
    assert list(WorkEntry.objects.approved().values_list("hours", flat=True)) == [Decimal("0")]
    assert AuditEvent.objects.filter(object_id=str(second.pk)).count() == 2


def test_rejected_amendment_is_removed_and_audited(association, crew, coordinator, staff):
    entry = WorkEntryFactory(employment=crew[0], work_date=day(0), status=EntryStatus.LOCKED)
    amendment = actions.amend_entry(entry=entry, hours=Decimal("5"), reason="x", actor=staff)
    actions.reject_amendment(amendment=amendment, comment="Ei perustetta", actor=coordinator)
    assert not WorkEntry.objects.filter(pk=amendment.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.changes["comment"] == [None, "Ei perustetta"]


def test_hours_forgotten_from_a_locked_month_count_once_approved(
    association, crew, staff, coordinator
):
    MonthLock.objects.create(association=association, month=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        actions.add_late_entry(
            employment=crew[0], work_date=day(0), task=Task.GENERAL, hours=Decimal("4"),
            reason="", actor=staff,
        )  # fmt: skip
    late = actions.add_late_entry(
        employment=crew[0],
        work_date=day(0),
        task=Task.GENERAL,
        hours=Decimal("4"),
        reason="Unohtui",
        actor=staff,
    )
    assert not WorkEntry.objects.approved().exists()
    actions.approve_amendment(amendment=late, actor=coordinator)
    assert list(WorkEntry.objects.approved()) == [late]
    with pytest.raises(ValidationError):
        actions.add_late_entry(
            employment=crew[0], work_date=day(0), task=Task.GENERAL, hours=Decimal("2"),
            reason="Taas", actor=staff,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        actions.add_late_entry(
            employment=crew[0], work_date=day(35), task=Task.GENERAL, hours=Decimal("2"),
            reason="Ei lukittu", actor=staff,
        )  # fmt: skip


def test_saving_changed_cells_writes_each_cell_its_own_hours_and_note(
    association, crew, week, staff
):
    save(association, week, full_week(crew), actor=staff)
    before = {e.pk: (e.version, e.updated_at) for e in WorkEntry.objects.all()}
    keys = sorted(full_week(crew))
    values = {key: Decimal("0.25") * (n + 1) for n, key in enumerate(keys[:6])}
    notes = {key: f"huomio {n}" for n, key in enumerate(keys[:3])}
    saved = actions.save_week(
        association=association,
        week_start=week,
        values=values,
        notes=notes,
        expected_version=1,
        token="t2",
        actor=staff,
    )
    assert saved.updated == 6
    for n, (employment_id, _task, work_date) in enumerate(keys):
        entry = WorkEntry.objects.get(employment_id=employment_id, work_date=work_date)
        version, updated_at = before[entry.pk]
        if n < 6:
            assert entry.hours == Decimal("0.25") * (n + 1)
            assert entry.note == (f"huomio {n}" if n < 3 else "")
            assert entry.version == version + 1 and entry.updated_at > updated_at
        else:
            assert (entry.hours, entry.note) == (Decimal("7.5"), "")
            assert (entry.version, entry.updated_at) == (version, updated_at)
    updates = AuditEvent.objects.filter(action=AuditAction.UPDATE)
    assert sorted(Decimal(e.changes["hours"][1]) for e in updates) == sorted(values.values())


def test_saving_more_cells_than_one_sqlite_statement_takes(association, week, staff):
    crew = make_crew(association, 30)
    days = range(7)
    save(association, week, full_week(crew, days=days), actor=staff, confirm=True)
    changed = {key: Decimal("2.25") for key in full_week(crew, days=days)}
    saved = save(association, week, changed, version=1, token="t2", confirm=True)
    assert saved.updated == 210
    assert set(WorkEntry.objects.values_list("hours", "version")) == {(Decimal("2.25"), 2)}
