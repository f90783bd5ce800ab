"""The emails about report jobs: a link when a report is ready, the reason when it failed.

Each goes once per job, to the requester and the schedule's recipients who may still open
the report.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluation.models import JobStatus, ReportJob, ReportKind


def _recipients(job: ReportJob) -> list[str]:
    """The requester and the schedule's recipients who may still open the report: someone
    who has since moved to another municipality or role gets no link (nor its title)."""
    users = []
    if job.requested_by is not None:
        users.append(job.requested_by)
    if job.schedule is not None:
        users.extend(job.schedule.recipients.all())
    return sorted(
        {
            user.email
            for user in users
            if user.email
            and user.is_active
            and ReportJob.objects.for_user(user).filter(pk=job.pk).exists()
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


def notify_job_failed(job_id: int) -> bool:
    """Tell the requester and the schedule's recipients that the report could not be made
    and why, once per job (as `notify_job_done` tells them it is ready)."""
    claimed = ReportJob.objects.filter(
        pk=job_id, status=JobStatus.FAILED, notified_at__isnull=True
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    job = ReportJob.objects.select_related("programme", "association", "worker", "schedule").get(
        pk=job_id
    )
    recipients = _recipients(job)
    if not recipients:
        return True
    with translation.override(job.language):
        subject = _("Report failed: %(report)s, %(period)s") % {
            "report": job.scope_label,
            "period": job.period_label,
        }
        body = _(
            "The report “%(report)s” for %(period)s could not be made.\n%(reason)s\n\n"
            "You can ask for it again in Ryhmä (you need to log in):\n%(url)s\n"
        ) % {
            "report": job.scope_label,
            "period": job.period_label,
            "reason": job.get_failure_display(),
            "url": job_url(job),
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return True
