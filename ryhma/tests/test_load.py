"""generate_load at the tiny scale: the synthetic data keeps the rules the actions keep."""

import datetime
import io
from collections import defaultdict

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from ryhma.models import Role
from services.models import EntryStatus, MonthLock, WeekSheet, WorkEntry
from villages.models import Association, Membership, Municipality
from workers.models import Employment, Exit, FollowUp, SubsidyDecision, Worker

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    return settings


@pytest.fixture(scope="module")
def tiny_data(django_db_setup, django_db_blocker):
    """Generated once for the module's tests, rolled back after them."""
    out, err = io.StringIO(), io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with (
            override_settings(DEBUG=True),
            time_machine.travel(datetime.datetime(2026, 11, 18, 12, tzinfo=datetime.UTC)),
        ):
            call_command("generate_load", scale="tiny", stdout=out, stderr=err)
        yield out.getvalue(), err.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def tiny(tiny_data, db, development):
    return tiny_data


def test_tiny_scale_makes_the_promised_amounts_and_reports_progress(tiny):
    out, err = tiny
    assert Municipality.objects.filter(slug__startswith="synt-").count() == 2
    assert Association.objects.count() == 4
    assert Worker.objects.count() == 16
    assert WorkEntry.objects.count() > 16 * 150
    assert "work entries" in err and "Synthetic tiny data ready" in out


def test_programmes_come_with_their_phases_and_checklists(tiny):
    """As a programme made on its form: the board's first view has nothing to write."""
    from villages.models import ChecklistItem, Programme
    from villages.phases import DEFAULT_CHECKLISTS

    for programme in Programme.objects.all():
        assert sorted(programme.phases.values_list("number", flat=True)) == list(range(1, 11))
        items = ChecklistItem.objects.filter(phase__programme=programme).count()
        assert items == sum(len(texts) for texts in DEFAULT_CHECKLISTS.values())


def test_contracts_stay_in_the_workers_municipality_and_do_not_overlap(tiny):
    by_worker = defaultdict(list)
    for employment in Employment.objects.select_related("association__village", "worker"):
        assert employment.association.village.municipality_id == employment.worker.municipality_id
        by_worker[employment.worker_id].append(employment)
    for employments in by_worker.values():
        employments.sort(key=lambda e: e.starts_on)
        for earlier, later in zip(employments, employments[1:], strict=False):
            assert earlier.ends_on is not None and earlier.ends_on < later.starts_on


def test_subsidy_decisions_come_before_their_contract_and_inside_it(tiny):
    for decision in SubsidyDecision.objects.select_related("employment"):
        employment = decision.employment
        assert decision.decided_on <= employment.starts_on
        assert employment.starts_on <= decision.starts_on <= decision.ends_on
        assert employment.ends_on is None or decision.ends_on <= employment.ends_on
        assert decision.months <= 10


def test_work_entries_are_quarter_hours_on_working_days_inside_the_contract(tiny):
    per_day = defaultdict(set)
    for entry in WorkEntry.objects.select_related("employment"):
        employment = entry.employment
        assert employment.starts_on <= entry.work_date < TODAY
        assert employment.ends_on is None or entry.work_date <= employment.ends_on
        assert entry.work_date.weekday() < 5
        assert entry.hours > 0 and (entry.hours * 4) % 1 == 0
        key = (entry.employment_id, entry.work_date)
        assert entry.task not in per_day[key]
        per_day[key].add(entry.task)


def test_past_months_are_locked_and_this_month_waits_for_approval(tiny):
    this_month = TODAY.replace(day=1)
    locks = set(MonthLock.objects.values_list("association_id", "month"))
    locked_entries = set()
    for association_id, work_date, status, approved_by in WorkEntry.objects.values_list(
        "employment__association_id", "work_date", "status", "approved_by"
    ):
        if work_date < this_month:
            assert status == EntryStatus.LOCKED and approved_by is not None
            locked_entries.add((association_id, work_date.replace(day=1)))
        else:
            assert status in (EntryStatus.SUBMITTED, EntryStatus.ENTERED)
    assert locks == locked_entries
    assert WeekSheet.objects.filter(status="submitted").exists()


def test_exits_end_the_last_contract_and_follow_ups_are_recorded_once_due(tiny):
    exits = list(Exit.objects.select_related("employment"))
    assert exits
    for exit_row in exits:
        assert exit_row.employment.ends_on == exit_row.exited_on
        assert not Employment.objects.filter(
            worker_id=exit_row.worker_id, starts_on__gt=exit_row.exited_on
        ).exists()
    for follow_up in FollowUp.objects.all():
        assert (follow_up.recorded_on is not None) == (follow_up.due_on <= TODAY)


def test_every_role_has_a_login_inside_its_own_scope(tiny):
    for membership in Membership.objects.select_related("user").prefetch_related(
        "associations__village"
    ):
        for association in membership.associations.all():
            assert association.village.municipality_id == membership.municipality_id
    roles = set(Membership.objects.values_list("user__role", flat=True))
    assert roles == {Role.COORDINATOR, Role.OFFICIAL, Role.VILLAGE_STAFF}
    assert Worker.objects.filter(user__role=Role.WORKER).count() == 2


def test_monthly_roll_up_equals_the_approved_entries(tiny):
    from services.hours.rollups import drift
    from services.models import MonthlyHours

    assert MonthlyHours.objects.count() > 16 * 6
    assert drift() == []


def test_orders_and_assessments_follow_their_associations_and_workers(tiny):
    from evaluation.models import Answer, Assessment
    from services.models import DONE_ORDER_STATUSES, ServiceOrder

    orders = list(ServiceOrder.objects.select_related("customer", "service"))
    assert len(orders) == 4 * 12
    for order in orders:
        assert order.customer.association_id == order.association_id
        assert order.service.association_id == order.association_id
        if order.status in DONE_ORDER_STATUSES:
            assert order.completed_on and order.completed_on <= TODAY and order.hours
    assert any(o.status in DONE_ORDER_STATUSES for o in orders)
    assessments = list(Assessment.objects.select_related("worker", "instrument"))
    assert {a.worker_id for a in assessments} == set(Worker.objects.values_list("pk", flat=True))
    for assessment in assessments:
        assert assessment.instrument.municipality_id == assessment.worker.municipality_id
        assert assessment.score is not None and assessment.assessed_on <= TODAY
    assert Answer.objects.count() >= len(assessments)
    from evaluation.demo import METRICS
    from evaluation.models import Metric, SroiProxy

    assert Metric.objects.filter(programme__municipality__slug__startswith="synt-").count() == (
        2 * len(METRICS)
    )
    assert SroiProxy.objects.count() > 0


def test_the_work_entry_rules_are_back_after_the_bulk_load(tiny):
    """The load drops the foreign keys and the date trigger for speed and puts them back."""
    from django.db import IntegrityError

    employment = Employment.objects.order_by("starts_on").first()
    entry = WorkEntry.objects.filter(employment=employment).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntry.objects.filter(pk=entry.pk).update(
            work_date=employment.starts_on - datetime.timedelta(days=1)
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                "AND conrelid = 'services_workentry'::regclass"
            )
            assert cursor.fetchone()[0] == 5  # employment, order, amends, created/approved by
