"""Demo data sends to each service order only workers employed at the association that day:
nobody who has left is assigned to a future order."""

import pytest

from ryhma.demo import seed_all
from services.models import ServiceOrder
from workers.models import Employment

pytestmark = pytest.mark.django_db


def test_demo_orders_have_only_workers_employed_on_the_day():
    seed_all()
    periods = {}
    for employment in Employment.objects.all():
        periods.setdefault((employment.association_id, employment.worker_id), []).append(
            (employment.starts_on, employment.ends_on)
        )
    through = ServiceOrder.workers.through.objects.select_related("serviceorder")
    checked = 0
    for row in through:
        order = row.serviceorder
        day = order.scheduled_on or order.requested_on
        spans = periods.get((order.association_id, row.worker_id), [])
        assert any(start <= day and (end is None or day <= end) for start, end in spans), (
            f"worker {row.worker_id} is on order {order.pk} of {day} outside their contracts"
        )
        checked += 1
    assert checked > 10
