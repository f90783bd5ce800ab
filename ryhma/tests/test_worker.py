import pytest

from ryhma.tasks import ping

pytestmark = pytest.mark.worker


def test_task_round_trips_through_a_real_worker(celery_worker_process):
    result = ping.apply_async(args=["hei"], queue=celery_worker_process)
    assert result.get(timeout=60)["pong"] == "hei"
