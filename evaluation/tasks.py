"""Celery tasks of the evaluation app. Thin: take an id, call one action, handle retries.

`render_report` acknowledges its message only when it ends (acks_late), and a message
whose worker process died is put back in the queue (reject_on_worker_lost). The job's
attempts cap ends that loop: `run_report_job` fails a job that has started
MAX_ATTEMPTS times, which acknowledges the last message. The time limits stay below
the broker's visibility timeout, so a slow job is never handed to a second worker
while the first still runs (asserted by a test).
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
)
def render_report(self, job_id: int) -> None:
    try:
        actions.run_report_job(job_id=job_id)
    except SoftTimeLimitExceeded:
        actions.fail_report_job(job_id=job_id, failure=FailureReason.TIMEOUT)
    except TRANSIENT_ERRORS as error:
        detail = f"{type(error).__name__}: {error}"
        if self.request.retries >= self.max_retries:
            actions.fail_report_job(job_id=job_id, failure=FailureReason.TRANSIENT, detail=detail)
            return
        actions.requeue_for_retry(job_id=job_id, detail=detail)
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error
    except Exception as error:
        logger.exception("Report job %s failed", job_id)
        actions.fail_report_job(
            job_id=job_id, failure=FailureReason.ERROR, detail=f"{type(error).__name__}: {error}"
        )


@shared_task
def sweep_report_jobs() -> list[int]:
    """Periodic (beat): re-queue report jobs whose worker or message was lost."""
    return actions.sweep_stuck_jobs()


@shared_task
def run_report_schedules() -> list[int]:
    """Periodic (beat): order the scheduled monthly and quarterly programme reports."""
    return [job.pk for job in actions.run_due_schedules()]
