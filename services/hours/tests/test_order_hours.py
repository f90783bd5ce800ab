"""Hours logged against a service order in the crew grid count toward the order."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ryhma.testing import count_queries
from services.conftest import WEEK, day, make_crew
from services.hours import actions, selectors
from services.hours.models.entries import order_row_task
from services.hours.tests.test_views import grid_post, week_url
from services.models import OrderStatus, Task, WorkEntry
from services.orders import actions as order_actions
from services.orders import selectors as order_selectors
from services.tests.factories import ServiceOrderFactory, WorkEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(association):
    """An order scheduled on Tuesday of the grid's week with two workers of the crew."""
    crew = make_crew(association, 2)
    order = ServiceOrderFactory(
        association=association,
        customer__name="Helmi Heikkinen",
        scheduled_on=day(1),
        status=OrderStatus.ASSIGNED,
        workers=[e.worker for e in crew],
    )
    return order, crew


def _cell(employment, order, offset):
    return actions.cell_name(employment.pk, order_row_task(order.pk), day(offset))


def test_the_grid_has_a_row_for_each_assigned_workers_order(client, staff, association, assigned):
    order, crew = assigned
    client.force_login(staff)
    text = client.get(week_url(association)).content.decode()
    assert "Piha- ja puutarhatyöt – Helmi Heikkinen" in text
    for employment in crew:
        assert f'name="{_cell(employment, order, 1)}"' in text


def test_hours_on_the_order_row_count_toward_the_order(client, staff, association, assigned):
    order, crew = assigned
    client.force_login(staff)
    cells = {_cell(crew[0], order, 1): "2,5", _cell(crew[1], order, 1): "2"}
    response = grid_post(client, association, cells)
    assert response.status_code == 302
    entries = WorkEntry.objects.filter(service_order=order)
    assert entries.count() == 2
    assert {e.task for e in entries} == {Task.SERVICE_ORDER}
    assert order_selectors.order_logged_hours(order) == Decimal("4.5")
    page = client.get(reverse("services:order_detail", args=[order.pk])).content.decode()
    assert "4,5\xa0h" in page

    order_actions.complete_order(
        order=order,
        completed_on=day(1),
        hours=None,
        units=None,
        expected_version=order.version,
        actor=staff,
    )
    order.refresh_from_db()
    assert order.hours == Decimal("4.5") and order.units == Decimal("4.5")


def test_own_work_and_two_orders_on_the_same_day_are_separate_rows(association, assigned):
    order, crew = assigned
    other = ServiceOrderFactory(association=association, scheduled_on=day(1))
    employment = crew[0]
    WorkEntryFactory(employment=employment, work_date=day(1), hours=Decimal("2"))
    WorkEntryFactory(
        employment=employment,
        work_date=day(1),
        hours=Decimal("2"),
        task=Task.SERVICE_ORDER,
        service_order=order,
    )
    WorkEntryFactory(
        employment=employment,
        work_date=day(1),
        hours=Decimal("1"),
        task=Task.SERVICE_ORDER,
        service_order=other,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntryFactory(
            employment=employment,
            work_date=day(1),
            hours=Decimal("1"),
            task=Task.SERVICE_ORDER,
            service_order=order,
        )


def test_an_entry_on_an_order_must_say_so_in_its_task(association, assigned):
    order, crew = assigned
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkEntryFactory(employment=crew[0], work_date=day(2), service_order=order)


def test_a_posted_row_for_another_associations_order_is_refused(
    client, staff, association, other_association, assigned
):
    _order, crew = assigned
    foreign = ServiceOrderFactory(association=other_association, scheduled_on=day(1))
    client.force_login(staff)
    response = grid_post(
        client,
        association,
        {_cell(crew[0], foreign, 1): "3"},
        row=[f"{crew[0].pk}:{order_row_task(foreign.pk)}"],
    )
    assert not WorkEntry.objects.filter(service_order=foreign).exists()
    assert response.status_code in (200, 302, 400)


def test_the_grid_runs_the_same_queries_with_1_and_10_orders(association, assigned):
    _order, crew = assigned
    small = count_queries(lambda: selectors.build_week_grid(association, WEEK))
    for _ in range(9):
        ServiceOrderFactory(
            association=association,
            scheduled_on=day(3),
            status=OrderStatus.ASSIGNED,
            workers=[e.worker for e in crew],
        )
    grid = selectors.build_week_grid(association, WEEK)
    assert len(grid.rows) == 2 * (1 + 10)
    assert count_queries(lambda: selectors.build_week_grid(association, WEEK)) == small


def test_the_task_lists_offer_no_bare_service_order_task(client, staff, association, assigned):
    client.force_login(staff)
    text = client.get(week_url(association)).content.decode()
    assert 'value="service_order"' not in text
