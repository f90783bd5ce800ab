"""One entry per hour of work: hours typed when an order is marked done are the crew's work
entries of the day, shown once in the grid and counted once in payroll."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.conftest import WEEK, day, make_crew
from services.hours import actions, exports
from services.hours.models.entries import order_row_task
from services.hours.tests.test_views import week_url
from services.models import EntryStatus, MonthLock, OrderStatus, Task, WorkEntry
from services.orders import actions as order_actions
from services.tests.factories import ServiceOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(association):
    crew = make_crew(association, 2)
    order = ServiceOrderFactory(
        association=association,
        scheduled_on=day(1),
        status=OrderStatus.ASSIGNED,
        workers=[e.worker for e in crew],
    )
    return order, crew


def complete(order, staff, hours):
    return order_actions.complete_order(
        order=order,
        completed_on=day(1),
        hours=None if hours is None else Decimal(hours),
        units=None,
        expected_version=order.version,
        actor=staff,
    )


def test_hours_typed_on_the_done_order_are_the_crews_entries_once(
    client, staff, coordinator, association, assigned
):
    order, crew = assigned
    complete(order, staff, "3.5")
    entries = {e.employment_id: e.hours for e in WorkEntry.objects.filter(service_order=order)}
    # 3,5 h = 14 quarter hours shared by two workers: 1,75 h each.
    assert entries == {crew[0].pk: Decimal("1.75"), crew[1].pk: Decimal("1.75")}
    order.refresh_from_db()
    assert order.hours == Decimal("3.5")

    client.force_login(staff)
    detail = client.get(reverse("services:order_detail", args=[order.pk])).content.decode()
    assert "Näytä tai muokkaa niitä viikkotaulukossa" in detail
    assert f"yhdistys={association.pk}&amp;vko=2026-W10" in detail
    text = client.get(week_url(association)).content.decode()
    for employment in crew:
        cell = actions.cell_name(employment.pk, order_row_task(order.pk), day(1))
        assert text.count(f'name="{cell}"') == 1
        assert f'name="{cell}" value="1,75"' in text

    actions.submit_week(association=association, week_start=WEEK, actor=staff)
    actions.lock_month(association=association, month=WEEK.replace(day=1), actor=coordinator)
    table = exports.payroll_table(association, WEEK.replace(day=1))
    totals = [row[2] for row in table.rows]
    assert sorted(totals) == [Decimal("1.75"), Decimal("1.75")]
    assert WorkEntry.objects.filter(status=EntryStatus.LOCKED).count() == 2


def test_order_hours_logged_in_the_grid_are_not_typed_again(staff, association, assigned):
    order, crew = assigned
    cell = (crew[0].pk, order_row_task(order.pk), day(1))
    actions.save_week(
        association=association,
        week_start=WEEK,
        values={cell: Decimal("2")},
        expected_version=0,
        token="x",
        actor=staff,
    )
    with pytest.raises(ValidationError, match="2 h"):
        complete(order, staff, "3.5")
    complete(order, staff, None)
    order.refresh_from_db()
    assert order.hours == Decimal("2")
    assert WorkEntry.objects.filter(service_order=order).count() == 1


def test_order_done_in_a_locked_month_asks_for_late_hours(staff, association, assigned):
    order, _crew = assigned
    MonthLock.objects.create(association=association, month=WEEK.replace(day=1))
    with pytest.raises(ValidationError, match="lukittu"):
        complete(order, staff, "3")
    assert not WorkEntry.objects.exists()


def test_order_done_page_shows_the_grid_error_on_the_hours_field(
    client, staff, association, assigned
):
    order, crew = assigned
    actions.save_week(
        association=association,
        week_start=WEEK,
        values={(crew[0].pk, order_row_task(order.pk), day(1)): Decimal("2")},
        expected_version=0,
        token="x",
        actor=staff,
    )
    order.refresh_from_db()
    client.force_login(staff)
    response = client.post(
        reverse("services:order_complete", args=[order.pk]),
        {"version": order.version, "completed_on": "3.3.2026", "hours": "3,5"},
    )
    assert response.status_code == 400
    assert WorkEntry.objects.get().task == Task.SERVICE_ORDER
