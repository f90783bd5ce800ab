"""Writes of the report pipeline: requesting, running, failing, sweeping and scheduling jobs.

`run_report_job` does the work of the Celery task and is safe to call any number of
times for the same job: a job ends with one PDF file and one notice, whether its
message was delivered once, redelivered after a worker died, or re-queued by the
sweeper. The attempts cap stops a job that keeps killing its worker.

The sweeper (every 30 s) finds three kinds of lost jobs: a job never sent because the
broker was down (sent again within a minute of the broker's return), a running job whose
worker stopped beating (its whole worker died: run again within two minutes), and a
job whose message the broker lost (queued longer than the visibility timeout).
"""

import logging
import os
import threading
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from evaluation.models import (
    FailureReason,
    JobStatus,
    ReportJob,
    ReportKind,
    ReportSchedule,
)
from evaluation.models.reports import _kinds_for
from evaluation.reports.figures import Scope
from evaluation.reports.notices import notify_job_done, notify_job_failed
from evaluation.reports.periods import Period, previous_period
from ryhma.audit import record
from ryhma.models import AuditAction, Role
from ryhma.saving import record_read
from ryhma.transactions import after_commit
from workers.models import Worker

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
SOFT_TIME_LIMIT = 300
TIME_LIMIT = 360
# A running job's worker writes its heartbeat this often ...
HEARTBEAT_SECONDS = 10
# ... and a running job without one for this long has lost its worker (the whole worker
# died: a pool process that dies alone has its message put back at once by Celery).
SILENT_AFTER = timedelta(seconds=45)
# A job kept while the broker was down is sent again this long after it was asked for
# (a moment for the first try, made when the request's transaction commits).
UNSENT_AFTER = timedelta(seconds=30)
# A job still "queued" this long after its message was sent has lost its message.
LOST_AFTER = timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


def _send(job_id: int) -> None:
    """Give the job to the broker, and note that it took it."""
    from evaluation.tasks import render_report

    options = {}
    queue = getattr(settings, "RYHMA_REPORT_QUEUE", None)
    if queue:
        options["queue"] = queue
    render_report.apply_async((job_id,), **options)
    ReportJob.objects.filter(pk=job_id, sent_at__isnull=True).update(sent_at=timezone.now())


def _enqueue(job: ReportJob) -> None:
    """Send the job to a worker once the surrounding transaction has committed.

    With the broker down the job is kept as it is, queued and not sent, and the request
    that asked for it still succeeds: the sweeper sends it once the broker answers.
    """
    job_id = job.pk
    after_commit(lambda: _send(job_id), name=f"send report job {job_id}")


def may_request(user, kind: str) -> bool:
    return user.is_superuser or kind in _kinds_for(user)


@transaction.atomic
def request_report(
    *,
    user,
    kind: str,
    programme,
    period: Period,
    language: str,
    association=None,
    worker=None,
    schedule: ReportSchedule | None = None,
    rerun_of: ReportJob | None = None,
) -> ReportJob:
    """Record a report job and enqueue it after commit. The caller has checked the scope
    of `programme`, `association` and `worker` for `user`; the kind is checked here."""
    if user is not None and not may_request(user, kind):
        raise PermissionDenied
    job = ReportJob(
        municipality_id=programme.municipality_id,
        programme=programme,
        kind=kind,
        association=association if kind == ReportKind.VILLAGE else None,
        worker=worker if kind == ReportKind.INDIVIDUAL else None,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        language=language,
        requested_by=user,
        schedule=schedule,
        rerun_of=rerun_of,
    )
    job.full_clean()
    job.save()
    if kind == ReportKind.INDIVIDUAL:
        record(
            actor=user,
            action=AuditAction.EXPORT,
            instance=worker,
            changes={"report_job": job.pk},
            municipality_id=programme.municipality_id,
        )
    _enqueue(job)
    return job


def record_download(*, actor, job: ReportJob) -> None:
    """Every download is an audit event: of the worker for an individual report, of the
    report otherwise."""
    instance: Worker | ReportJob = job
    if job.kind == ReportKind.INDIVIDUAL:
        assert job.worker is not None  # an individual report is of a worker
        instance = job.worker
    record_read(
        instance,
        actor=actor,
        action=AuditAction.EXPORT,
        changes={"report_job": job.pk, "download": True},
        municipality_id=job.municipality_id,
    )


def rerun_report(*, user, job: ReportJob) -> ReportJob:
    """A new job with the same scope, period and language (the old one stays in history)."""
    period = Period(job.period_kind, job.period_start, job.period_end)
    return request_report(
        user=user,
        kind=job.kind,
        programme=job.programme,
        period=period,
        language=job.language,
        association=job.association,
        worker=job.worker,
        schedule=job.schedule,
        rerun_of=job,
    )


def scope_of(job: ReportJob) -> Scope:
    return Scope(
        kind=job.kind,
        programme=job.programme,
        period=Period(job.period_kind, job.period_start, job.period_end),
        association=job.association,
        worker=job.worker,
    )


def _set_progress(job_id: int, percent: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        progress=percent, heartbeat_at=timezone.now()
    )
    if percent == 35:
        _fault_injection_pause()


class Heartbeat:
    """While the block runs, a thread of the worker moves the job's heartbeat every
    HEARTBEAT_SECONDS. It stops with the block, and with the worker when the worker dies:
    that silence is how the sweeper knows the job needs another worker."""

    def __init__(self, job_id: int, interval: float = HEARTBEAT_SECONDS):
        self.job_id = job_id
        self.interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"report-job-{job_id}-heartbeat", daemon=True
        )

    def _beat(self) -> None:
        try:
            while not self._stopped.wait(self.interval):
                try:
                    ReportJob.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception as error:
                    # The database does not answer: the render will find out too.
                    logger.warning("Heartbeat of report job %s failed: %s", self.job_id, error)
        finally:
            connections.close_all()  # this thread's own connection

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self._thread.join(timeout=self.interval)


def _fault_injection_pause() -> None:
    """Tests of worker loss stop here, in the middle of a render, to kill the worker.

    Honoured only in development mode (RYHMA_DEBUG), never in production.
    """
    seconds = os.environ.get("RYHMA_TEST_REPORT_PAUSE")
    if seconds and settings.DEBUG:
        time.sleep(float(seconds))


def file_name(job: ReportJob) -> str:
    """One fixed name per job, so that a job run twice still has one file."""
    return f"reports/{job.municipality_id}/report-{job.pk}.pdf"


@transaction.atomic
def fail_report_job(*, job_id: int, failure: str, detail: str = "") -> ReportJob | None:
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        return job
    job.status = JobStatus.FAILED
    job.failure = failure
    job.error = detail[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "failure", "error", "finished_at"])
    _notify_failure_after_commit(job.pk)
    return job


def _notify_failure_after_commit(job_id: int) -> None:
    after_commit(lambda: notify_job_failed(job_id), name=f"notify failed report job {job_id}")


@transaction.atomic
def _start(job_id: int) -> ReportJob | None:
    """Claim the job for this attempt, or None when there is nothing (more) to do."""
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return None
    if job.attempts >= MAX_ATTEMPTS:
        job.status = JobStatus.FAILED
        job.failure = FailureReason.WORKER_LOST
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "failure", "finished_at"])
        _notify_failure_after_commit(job.pk)
        return None
    job.attempts += 1
    job.status = JobStatus.RUNNING
    job.started_at = job.heartbeat_at = timezone.now()
    job.progress = 5
    job.failure = ""
    job.error = ""
    job.save(
        update_fields=[
            "attempts",
            "status",
            "started_at",
            "heartbeat_at",
            "progress",
            "failure",
            "error",
        ]
    )
    return job


def run_report_job(*, job_id: int, heartbeat: bool = False) -> ReportJob | None:
    """Render the job's PDF, store it under its fixed name, mark it done and send the notice.

    With `heartbeat` (a real worker), a thread shows that the worker is alive while the
    job renders. Raises whatever rendering raises; the task decides between retry and
    failure.
    """
    job = _start(job_id)
    if job is None:
        finished = ReportJob.objects.filter(pk=job_id, status=JobStatus.DONE).first()
        if finished is not None:
            notify_job_done(finished)
        return finished
    if not heartbeat:
        return _render_and_store(job)
    with Heartbeat(job_id):
        return _render_and_store(job)


def _render_and_store(job: ReportJob) -> ReportJob:
    from evaluation.reports.render import render_pdf

    job_id = job.pk
    if job is None:
        finished = ReportJob.objects.filter(pk=job_id, status=JobStatus.DONE).first()
        if finished is not None:
            notify_job_done(finished)
        return finished
    scope = scope_of(
        ReportJob.objects.select_related(
            "programme__municipality", "association__village", "worker"
        ).get(pk=job_id)
    )
    pdf, pages = render_pdf(
        scope, job.language, progress=lambda percent: _set_progress(job_id, percent)
    )
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        if job.status != JobStatus.DONE:
            name = file_name(job)
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, ContentFile(pdf))
            job.file.name = stored
            job.status = JobStatus.DONE
            job.progress = 100
            job.page_count = pages
            job.finished_at = timezone.now()
            job.failure = ""
            job.save(
                update_fields=["file", "status", "progress", "page_count", "finished_at", "failure"]
            )
    notify_job_done(job)
    return job


def requeue_for_retry(*, job_id: int, detail: str) -> None:
    """The job waits for the retry its task has just sent."""
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, error=detail[:2000], sent_at=timezone.now()
    )


def sweep_stuck_jobs(*, now: datetime | None = None) -> list[int]:
    """Send again the jobs that were lost: kept while the broker was down, running without
    a heartbeat (their worker died), or queued longer than the broker keeps a message
    unseen. A lost running job that used all its attempts ends failed instead."""
    now = now or timezone.now()
    requeued = []
    silent = (
        ReportJob.objects.filter(status=JobStatus.RUNNING)
        .annotate(last_seen=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(last_seen__lt=now - SILENT_AFTER)
        .values_list("pk", flat=True)
    )
    unsent = ReportJob.objects.filter(status=JobStatus.QUEUED).filter(
        Q(sent_at__isnull=True, created_at__lt=now - UNSENT_AFTER) | Q(sent_at__lt=now - LOST_AFTER)
    )
    for job_id in [*silent, *unsent.values_list("pk", flat=True)]:
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status == JobStatus.RUNNING and job.attempts >= MAX_ATTEMPTS:
                fail_report_job(job_id=job.pk, failure=FailureReason.WORKER_LOST)
                continue
            if job.status not in (JobStatus.RUNNING, JobStatus.QUEUED):
                continue
            job.status = JobStatus.QUEUED
            job.sent_at = None
            job.save(update_fields=["status", "sent_at"])
            _enqueue(job)
            requeued.append(job.pk)
    return requeued


def run_due_schedules(*, today: date | None = None) -> list[ReportJob]:
    """Order the report of the last whole month or quarter for every active schedule,
    once per period however often this runs."""
    today = today or timezone.localdate()
    created = []
    schedules = ReportSchedule.objects.active().select_related("programme", "created_by")
    for schedule in schedules:
        period = previous_period(schedule.frequency, today)
        if schedule.programme.starts_on > period.end:
            continue
        exists = ReportJob.objects.filter(
            schedule=schedule,
            period_start=period.start,
            period_end=period.end,
            rerun_of__isnull=True,
        ).exists()
        if exists:
            continue
        try:
            created.append(
                request_report(
                    user=None,
                    kind=ReportKind.PROGRAMME,
                    programme=schedule.programme,
                    period=period,
                    language=schedule.language,
                    schedule=schedule,
                )
            )
        except (IntegrityError, ValidationError):
            # Another beat run ordered the same period a moment ago.
            continue
    return created


@transaction.atomic
def create_schedule(
    *, user, programme, frequency: str, language: str, recipients
) -> ReportSchedule:
    if not (user.is_superuser or user.role == Role.COORDINATOR):
        raise PermissionDenied
    schedule = ReportSchedule(
        programme=programme, frequency=frequency, language=language, created_by=user
    )
    schedule.full_clean()
    schedule.save()
    schedule.recipients.set(recipients)
    return schedule


@transaction.atomic
def stop_schedule(*, user, schedule: ReportSchedule) -> ReportSchedule:
    schedule.active = False
    schedule.save(update_fields=["active"])
    return schedule
