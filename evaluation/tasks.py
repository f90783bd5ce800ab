"""Celery tasks of the evaluation app. Thin: take an id, call one action, handle retries.

`render_report` acknowledges its message only when it ends (acks_late), and a message
whose worker process died is put back in the queue (reject_on_worker_lost). The job's
attempts cap ends that loop: `run_report_job` fails a job that has started
MAX_ATTEMPTS times, which acknowledges the last message. The time limits stay below
the broker's visibility timeout, so a slow job is never handed to a second worker
while the first still runs (asserted by a test). A worker that dies whole (main process
and pool) puts nothing back: its job's heartbeat stops, and the sweeper sends it again.

A database error during a render is retried even when the database cannot be told about
the retry; a job that ends failed tells the person who asked for it.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from evaluation.models import FailureReason
from evaluation.reports import actions

logger = logging.getLogger(__name__)

# Errors that may pass by themselves: the database or the file storage not answering.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
RETRY_BACKOFF_SECONDS = 10


def retry_countdown(retries: int) -> int:
    """10 s, 20 s, 40 s ...: exponential backoff between tries."""
    return RETRY_BACKOFF_SECONDS * 2**retries


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=actions.SOFT_TIME_LIMIT,
    time_limit=actions.TIME_LIMIT,
    max_retries=actions.MAX_ATTEMPTS - 1,
    ignore_result=True,
)
def render_report(self, job_id: int) -> None:
    try:
        actions.run_report_job(job_id=job_id, heartbeat=not self.request.is_eager)
    except SoftTimeLimitExceeded:
        actions.fail_report_job(job_id=job_id, failure=FailureReason.TIMEOUT)
    except TRANSIENT_ERRORS as error:
        detail = f"{type(error).__name__}: {error}"
        if self.request.retries >= self.max_retries:
            try:
                actions.fail_report_job(
                    job_id=job_id, failure=FailureReason.TRANSIENT, detail=detail
                )
            except TRANSIENT_ERRORS:
                # Still unreachable: the job keeps its silent "running" row, which the
                # sweeper runs again (or fails at the attempts cap) once the database is back.
                logger.exception("Report job %s: could not record its failure", job_id)
            return
        try:
            actions.requeue_for_retry(job_id=job_id, detail=detail)
        except TRANSIENT_ERRORS:
            # The row cannot say "queued" now; the retry happens all the same.
            logger.warning("Report job %s: retrying without recording it (%s)", job_id, detail)
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error
    except Exception as error:
        logger.exception("Report job %s failed", job_id)
        actions.fail_report_job(
            job_id=job_id, failure=FailureReason.ERROR, detail=f"{type(error).__name__}: {error}"
        )


@shared_task(ignore_result=True)
def sweep_report_jobs() -> list[int]:
    """Periodic (beat): re-queue report jobs whose worker or message was lost."""
    return actions.sweep_stuck_jobs()


@shared_task
def run_report_schedules() -> list[int]:
    """Periodic (beat): order the scheduled monthly and quarterly programme reports."""
    return [job.pk for job in actions.run_due_schedules()]


@shared_task(acks_late=True)
def refresh_kept_year(municipality_id: int, year: int) -> int:
    """Recompute a municipality-year's kept worker-month figures after its parameters
    changed (evaluation.kept_figures.mark_stale); the number of rows."""
    from evaluation import kept_figures
    from villages.models import Municipality

    return kept_figures.refresh_year(Municipality.objects.get(pk=municipality_id), year)


@shared_task
def refresh_stale_kept_years() -> list[tuple[int, int]]:
    """Periodic (beat): refresh the kept figures of the municipality-years still stale."""
    from evaluation import kept_figures

    return kept_figures.refresh_stale()
