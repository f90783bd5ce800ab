"""A real Celery worker on Redis renders report jobs, and survives losing its pool process."""

import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from evaluation.models import FailureReason, JobStatus, ReportJob
from evaluation.reports import actions
from evaluation.reports.periods import year_period
from ryhma.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database only on PostgreSQL")


def request_job(user, programme, queue, settings_fixture):
    settings_fixture.RYHMA_REPORT_QUEUE = queue
    return actions.request_report(
        user=user, kind="programme", programme=programme, period=year_period(2026), language="fi"
    )


def wait_for(job, condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.2)
    pytest.fail(f"timed out waiting; job is {job.status}, attempts {job.attempts}")


def files_of(job) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(job.municipality_id)
    return sorted(folder.glob(f"report-{job.pk}*.pdf"))


def pool_process(queue) -> int:
    node = f"{queue}@{os.uname().nodename}"
    stats = app.control.inspect([node], timeout=5).stats()
    assert stats is not None, node
    (pid,) = stats[node]["pool"]["processes"]
    return pid


def kill_in_the_middle(job, queue, attempt):
    wait_for(
        job, lambda j: j.status == JobStatus.RUNNING and j.attempts == attempt and j.progress >= 35
    )
    os.kill(pool_process(queue), signal.SIGKILL)


def queue_length(queue) -> int:
    return redis.Redis.from_url(settings.REDIS_URL or os.environ["REDIS_URL"]).llen(queue)


@pytest.fixture
def cleanup_files():
    jobs = []
    yield jobs
    for job in jobs:
        for path in files_of(job):
            path.unlink()


def test_a_real_worker_completes_a_report_job(
    celery_worker_process, settings, coordinator, programme, crew, cleanup_files
):
    job = request_job(coordinator, programme, celery_worker_process, settings)
    cleanup_files.append(job)
    # the notice is claimed in its own UPDATE just after the job is marked done: wait for both
    wait_for(job, lambda j: j.is_finished and j.notified_at is not None)
    assert (job.status, job.attempts, job.progress) == (JobStatus.DONE, 1, 100)
    assert len(files_of(job)) == 1
    assert files_of(job)[0].read_bytes().startswith(b"%PDF")
    assert job.notified_at is not None


def test_a_pool_process_killed_mid_render_still_ends_with_exactly_one_pdf(
    slow_report_worker, settings, coordinator, programme, crew, cleanup_files
):
    job = request_job(coordinator, programme, slow_report_worker, settings)
    cleanup_files.append(job)
    kill_in_the_middle(job, slow_report_worker, attempt=1)
    wait_for(job, lambda j: j.is_finished)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert len(files_of(job)) == 1
    assert queue_length(slow_report_worker) == 0


def test_a_job_that_keeps_killing_its_worker_ends_failed_with_nothing_queued(
    slow_report_worker, settings, coordinator, programme, crew, cleanup_files
):
    job = request_job(coordinator, programme, slow_report_worker, settings)
    cleanup_files.append(job)
    for attempt in range(1, actions.MAX_ATTEMPTS + 1):
        kill_in_the_middle(job, slow_report_worker, attempt)
    wait_for(job, lambda j: j.is_finished)
    assert (job.status, job.failure) == (JobStatus.FAILED, FailureReason.WORKER_LOST)
    assert job.attempts == actions.MAX_ATTEMPTS
    assert files_of(job) == []
    time.sleep(1)
    assert queue_length(slow_report_worker) == 0
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_a_job_whose_whole_worker_was_killed_is_done_by_a_new_worker_within_two_minutes(
    start_celery_worker, monkeypatch, settings, coordinator, programme, crew, cleanup_files
):
    """Main process and pool killed at once: nothing puts the message back, the job's
    heartbeat stops, and the sweeper (called every 30 s, as beat does) sends the job to the
    worker started in its place.

    Until the sweeper sends the job again nothing can happen: no worker holds it and no
    queue has it (the broker gives a lost message back only after an hour). The test does
    not sit through that wait: the sweeper's clock skips to its next call, and the seconds
    skipped count in the time the job took. Once the job is sent, the real clock runs."""
    queue = f"ryhma-test-{os.urandom(4).hex()}"
    monkeypatch.setenv("RYHMA_TEST_REPORT_PAUSE", "4")
    first = start_celery_worker(queue)
    job = request_job(coordinator, programme, queue, settings)
    cleanup_files.append(job)
    wait_for(job, lambda j: j.status == JobStatus.RUNNING and j.progress >= 35)
    pool = pool_process(queue)
    os.kill(first.pid, signal.SIGKILL)
    os.kill(pool, signal.SIGKILL)
    killed_at = time.monotonic()
    first.wait(timeout=10)

    monkeypatch.delenv("RYHMA_TEST_REPORT_PAUSE")
    start_celery_worker(queue)
    sweep_every = settings.CELERY_BEAT_SCHEDULE["sweep-report-jobs"]["schedule"].total_seconds()
    skipped = 0.0

    def since_kill() -> float:
        return time.monotonic() - killed_at + skipped

    next_sweep = 0.0
    while job.pk not in actions.sweep_stuck_jobs(now=timezone.now() + timedelta(seconds=skipped)):
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.RUNNING, 1), "nothing runs it meanwhile"
        next_sweep += sweep_every
        assert next_sweep < 120, "the sweeper did not send the job again in two minutes"
        skipped += max(0.0, next_sweep - since_kill())
    next_sweep += sweep_every
    while since_kill() < 120:
        if since_kill() >= next_sweep:
            actions.sweep_stuck_jobs()
            next_sweep += sweep_every
        job.refresh_from_db()
        if job.is_finished and job.notified_at is not None:
            break
        time.sleep(0.5)
    took = since_kill()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2), f"after {took:.0f} s"
    assert took < 120
    assert len(files_of(job)) == 1
    assert files_of(job)[0].read_bytes().startswith(b"%PDF")
