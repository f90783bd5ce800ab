"""Writes of the report pipeline: requesting, running, failing, sweeping and scheduling jobs.

`run_report_job` does the work of the Celery task and is safe to call any number of
times for the same job: a job ends with one PDF file and one notice, whether its
message was delivered once, redelivered after a worker died, or re-queued by the
sweeper. The attempts cap stops a job that keeps killing its worker.
"""

import logging
import os
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluation.models import (
    FailureReason,
    JobStatus,
    ReportJob,
    ReportKind,
    ReportSchedule,
)
from evaluation.models.reports import _kinds_for
from evaluation.reports.figures import Scope
from evaluation.reports.periods import Period, previous_period
from ryhma.audit import record
from ryhma.models import AuditAction, Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
SOFT_TIME_LIMIT = 300
TIME_LIMIT = 360
# A job still "running" this long after it started has lost its worker.
STUCK_AFTER = timedelta(seconds=TIME_LIMIT + 120)
# A job still "queued" this long after it was asked for has lost its message.
LOST_AFTER = timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


def _enqueue(job: ReportJob) -> None:
    """Send the job to a worker once the surrounding transaction has committed."""
    from evaluation.tasks import render_report

    options = {}
    queue = getattr(settings, "RYHMA_REPORT_QUEUE", None)
    if queue:
        options["queue"] = queue

    def send() -> None:
        try:
            render_report.apply_async((job.pk,), **options)
        except Exception:
            # The broker is down (or, running in-process, a retry was asked for): the job
            # stays queued and the sweeper sends it again later. The request still succeeds.
            logger.exception("Could not enqueue report job %s", job.pk)

    transaction.on_commit(send)


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
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=percent)
    if percent == 35:
        _fault_injection_pause()


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
    return job


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
        return None
    job.attempts += 1
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.progress = 5
    job.failure = ""
    job.error = ""
    job.save(update_fields=["attempts", "status", "started_at", "progress", "failure", "error"])
    return job


def run_report_job(*, job_id: int) -> ReportJob | None:
    """Render the job's PDF, store it under its fixed name, mark it done and send the notice.

    Raises whatever rendering raises; the task decides between retry and failure.
    """
    from evaluation.reports.render import render_pdf

    job = _start(job_id)
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
    pdf, pages = render_pdf(scope, job.language, progress=lambda p: _set_progress(job_id, p))
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
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, error=detail[:2000]
    )


def _recipients(job: ReportJob) -> list[str]:
    """The requester and the schedule's recipients who may still open the report: someone
    who has since moved to another municipality or role gets no link (nor its title)."""
    users = []
    if job.requested_by is not None:
        users.append(job.requested_by)
    if job.schedule_id:
        users.extend(job.schedule.recipients.all())
    return sorted(
        {
            u.email
            for u in users
            if u.email and u.is_active and ReportJob.objects.for_user(u).filter(pk=job.pk).exists()
        }
    )


def job_url(job: ReportJob) -> str:
    base = settings.SITE_URL.rstrip("/")
    return base + reverse("evaluation:report_job", args=[job.pk])


def notify_job_done(job: ReportJob) -> bool:
    """Email the link to the requester and the schedule's recipients, once per job."""
    claimed = ReportJob.objects.filter(
        pk=job.pk, status=JobStatus.DONE, notified_at__isnull=True
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    job = ReportJob.objects.select_related("programme", "association", "worker", "schedule").get(
        pk=job.pk
    )
    recipients = _recipients(job)
    if not recipients:
        return True
    with translation.override(job.language):
        # Mail passes through other people's servers: an individual report is named by
        # its kind, never by the worker (the link shows who, after logging in).
        label = job.get_kind_display() if job.kind == ReportKind.INDIVIDUAL else job.scope_label
        subject = _("Report ready: %(report)s, %(period)s") % {
            "report": label,
            "period": job.period_label,
        }
        body = _(
            "The report “%(report)s” for %(period)s is ready.\n\n"
            "Open it in Ryhmä (you need to log in):\n%(url)s\n"
        ) % {"report": label, "period": job.period_label, "url": job_url(job)}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return True


def sweep_stuck_jobs(*, now: datetime | None = None) -> list[int]:
    """Re-queue jobs whose worker was lost (running too long) or whose message was lost
    (queued too long); jobs that used all their attempts end failed instead."""
    now = now or timezone.now()
    requeued = []
    stuck = ReportJob.objects.filter(
        status=JobStatus.RUNNING, started_at__lt=now - STUCK_AFTER
    ).values_list("pk", flat=True)
    lost = ReportJob.objects.filter(
        status=JobStatus.QUEUED, created_at__lt=now - LOST_AFTER
    ).values_list("pk", flat=True)
    for job_id in [*stuck, *lost]:
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status == JobStatus.RUNNING and job.attempts >= MAX_ATTEMPTS:
                fail_report_job(job_id=job.pk, failure=FailureReason.WORKER_LOST)
                continue
            job.status = JobStatus.QUEUED
            job.save(update_fields=["status"])
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
