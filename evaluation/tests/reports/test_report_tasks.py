import datetime
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail
from django.db import OperationalError, transaction
from django.utils import timezone

from evaluation import tasks
from evaluation.models import FailureReason, JobStatus, ReportJob
from evaluation.reports import actions, notices
from evaluation.reports.periods import year_period
from evaluation.tests.reports.factories import ReportJobFactory, ReportScheduleFactory
from ryhma.celery import app


def job_files(job) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(job.municipality_id)
    return sorted(folder.glob(f"report-{job.pk}*.pdf"))


@pytest.fixture
def job(programme, coordinator, parameters_2026):
    job = ReportJobFactory(programme=programme, requested_by=coordinator)
    yield job
    for path in job_files(job):
        path.unlink()


def test_time_limits_are_below_the_brokers_visibility_timeout():
    """A slow render is stopped (soft, then hard) before Redis hands its unacknowledged
    message to a second worker."""
    task = tasks.render_report
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility == settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.soft_time_limit < task.time_limit < visibility


def test_a_job_whose_worker_died_is_found_within_two_minutes():
    """Several heartbeats fit in the silence that calls a worker lost, and that silence
    plus the sweeper's interval stays under two minutes, however long renders may take."""
    sweep = settings.CELERY_BEAT_SCHEDULE["sweep-report-jobs"]["schedule"]
    assert actions.SILENT_AFTER.total_seconds() >= 3 * actions.HEARTBEAT_SECONDS
    assert actions.SILENT_AFTER + sweep <= datetime.timedelta(minutes=2)
    assert actions.UNSENT_AFTER + sweep <= datetime.timedelta(minutes=2)


def test_render_task_acknowledges_late_and_requeues_when_its_worker_dies():
    task = tasks.render_report
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert task.max_retries == actions.MAX_ATTEMPTS - 1


def test_retry_backoff_grows_exponentially():
    assert [tasks.retry_countdown(n) for n in range(3)] == [10, 20, 40]


def test_sweeper_and_schedules_run_on_beat():
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks_on_beat = {entry["task"] for entry in schedule.values()}
    for task in (tasks.sweep_report_jobs, tasks.run_report_schedules):
        assert task.name in tasks_on_beat
        assert task.name in app.tasks


@pytest.mark.django_db
def test_a_job_run_twice_leaves_one_file_and_sends_one_notice(job):
    tasks.render_report.apply(args=[job.pk])
    tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert job.progress == 100
    assert len(job_files(job)) == 1
    assert job.file.name == f"reports/{job.municipality_id}/report-{job.pk}.pdf"
    assert len(mail.outbox) == 1
    assert f"/arviointi/raportit/{job.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_redelivered_running_job_is_rendered_again_into_the_same_file(job):
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert len(job_files(job)) == 1


@pytest.mark.django_db
def test_a_job_that_keeps_killing_its_worker_fails_after_three_attempts(job):
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=actions.MAX_ATTEMPTS
    )
    with mock.patch("evaluation.reports.render.render_pdf") as render:
        tasks.render_report.apply(args=[job.pk])
    render.assert_not_called()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.failure == FailureReason.WORKER_LOST
    assert job.get_failure_display().startswith("Raporttia ei voitu")
    assert job_files(job) == []


@pytest.fixture
def retries_run_in_process(monkeypatch):
    """Eager retries run at once, one inside the other, instead of raising Retry."""
    for key in ("task_eager_propagates", "CELERY_TASK_EAGER_PROPAGATES"):
        monkeypatch.setitem(app.conf, key, False)


@pytest.mark.django_db
@pytest.mark.usefixtures("retries_run_in_process")
def test_a_transient_error_is_retried_with_backoff_and_then_succeeds(job):
    from evaluation.reports import render

    real = render.render_pdf
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    with (
        mock.patch.object(render, "render_pdf", flaky),
        mock.patch.object(tasks.render_report, "retry", wraps=tasks.render_report.retry) as retry,
    ):
        tasks.render_report.apply(args=[job.pk])
    assert retry.call_args.kwargs["countdown"] == 10
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


@pytest.mark.django_db
@pytest.mark.usefixtures("retries_run_in_process")
def test_a_retry_goes_ahead_when_the_database_cannot_record_it(job):
    """The database error that broke the render also breaks writing "queued, retrying":
    the task retries all the same instead of failing with the second error."""
    from evaluation.reports import render

    real = render.render_pdf
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    with (
        mock.patch.object(render, "render_pdf", flaky),
        mock.patch.object(
            actions, "requeue_for_retry", side_effect=OperationalError("no database")
        ),
    ):
        tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert len(job_files(job)) == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("retries_run_in_process")
def test_a_transient_error_that_lasts_ends_failed_with_a_finnish_reason(
    job, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "evaluation.reports.render.render_pdf", side_effect=OperationalError("no database")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.failure == FailureReason.TRANSIENT
    assert job.attempts == actions.MAX_ATTEMPTS
    assert "OperationalError" in job.error
    # The requester hears of it, once, in the job's language, with the reason.
    (notice,) = mail.outbox
    assert notice.to == [job.requested_by.email]
    assert notice.subject.startswith("Raportti epäonnistui")
    assert "tietokanta tai tiedostojen tallennus ei vastannut" in notice.body
    assert f"/arviointi/raportit/{job.pk}/" in notice.body
    assert job.notified_at is not None


@pytest.mark.django_db
def test_a_render_over_the_soft_time_limit_fails_as_too_slow(job):
    with mock.patch("evaluation.reports.render.render_pdf", side_effect=SoftTimeLimitExceeded()):
        tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.failure) == (JobStatus.FAILED, FailureReason.TIMEOUT)
    assert job.get_failure_display() == "Raportin laatiminen kesti liian kauan."


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_job_and_keeps_the_details(job):
    with mock.patch("evaluation.reports.render.render_pdf", side_effect=KeyError("boom")):
        tasks.render_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.failure) == (JobStatus.FAILED, FailureReason.ERROR)
    assert "KeyError" in job.error


@pytest.mark.django_db
def test_the_sweeper_requeues_running_jobs_whose_heartbeat_stopped(
    job, django_capture_on_commit_callbacks
):
    now = timezone.now()
    silent = now - actions.SILENT_AFTER - datetime.timedelta(seconds=1)
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, started_at=silent, heartbeat_at=silent
    )
    # A long render whose worker is alive: started long ago, beating now.
    fresh = ReportJobFactory(
        programme=job.programme,
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=now - datetime.timedelta(minutes=30),
        heartbeat_at=now - datetime.timedelta(seconds=5),
    )
    with mock.patch.object(tasks.render_report, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            requeued = tasks.sweep_report_jobs.apply().get()
    assert requeued == [job.pk]
    send.assert_called_once_with((job.pk,))
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert fresh.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_the_sweeper_fails_a_silent_job_that_used_all_its_attempts_and_says_so(
    job, django_capture_on_commit_callbacks
):
    silent = timezone.now() - actions.SILENT_AFTER - datetime.timedelta(minutes=1)
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=actions.MAX_ATTEMPTS,
        started_at=silent,
        heartbeat_at=silent,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.sweep_stuck_jobs() == []
    job.refresh_from_db()
    assert (job.status, job.failure) == (JobStatus.FAILED, FailureReason.WORKER_LOST)
    assert [message.to for message in mail.outbox] == [[job.requested_by.email]]
    assert "sen laatinut prosessi pysähtyi" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_sweeper_sends_jobs_kept_while_the_broker_was_down(
    job, django_capture_on_commit_callbacks
):
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        created_at=now - actions.UNSENT_AFTER - datetime.timedelta(seconds=1), sent_at=None
    )
    # Asked for a moment ago: its own send after commit may still be under way.
    just_asked = ReportJobFactory(programme=job.programme, requested_by=job.requested_by)
    # Sent a minute ago and waiting for a worker: not lost.
    waiting = ReportJobFactory(programme=job.programme, requested_by=job.requested_by)
    ReportJob.objects.filter(pk=waiting.pk).update(
        created_at=now - datetime.timedelta(minutes=2),
        sent_at=now - datetime.timedelta(minutes=1),
    )
    with mock.patch.object(tasks.render_report, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.sweep_stuck_jobs() == [job.pk]
    send.assert_called_once_with((job.pk,))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.sent_at is not None
    assert ReportJob.objects.get(pk=just_asked.pk).sent_at is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_request_enqueues_nothing(coordinator, programme):
    with mock.patch.object(tasks.render_report, "apply_async") as send:
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.request_report(
                user=coordinator,
                kind="programme",
                programme=programme,
                period=year_period(2026),
                language="fi",
            )
            raise RuntimeError("the request failed after the job was written")
        assert not ReportJob.objects.exists()
        send.assert_not_called()
        job = actions.request_report(
            user=coordinator,
            kind="programme",
            programme=programme,
            period=year_period(2026),
            language="fi",
        )
        send.assert_called_once_with((job.pk,))


@pytest.mark.django_db
def test_a_schedule_orders_each_month_once_and_emails_the_recipients(
    programme, coordinator, official, parameters_2026, django_capture_on_commit_callbacks
):
    schedule = ReportScheduleFactory(programme=programme, frequency="monthly")
    schedule.recipients.set([coordinator, official])
    today = datetime.date(2026, 3, 5)
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.run_due_schedules(today=today)
        again = actions.run_due_schedules(today=today)
    assert len(first) == 1 and again == []
    job = ReportJob.objects.get(schedule=schedule)
    assert (job.period_start, job.period_end) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )
    assert job.status == JobStatus.DONE
    assert len(mail.outbox) == 1
    # Officials read whole years only (evaluation.suppression): a month's report goes
    # to the coordinator.
    assert mail.outbox[0].to == [coordinator.email]
    assert f"/arviointi/raportit/{job.pk}/" in mail.outbox[0].body
    for path in job_files(job):
        path.unlink()


@pytest.mark.django_db
def test_a_recipient_who_may_no_longer_see_the_report_gets_no_link(
    programme,
    coordinator,
    official,
    other_municipality,
    parameters_2026,
    django_capture_on_commit_callbacks,
):
    """An official who moved to another municipality after being chosen as a recipient."""
    schedule = ReportScheduleFactory(programme=programme, frequency="monthly")
    schedule.recipients.set([coordinator, official])
    official.membership.municipality = other_municipality
    official.membership.save()
    with django_capture_on_commit_callbacks(execute=True):
        (job,) = actions.run_due_schedules(today=datetime.date(2026, 3, 5))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert f"{settings.SITE_URL.rstrip('/')}/arviointi/raportit/{job.pk}/" in mail.outbox[0].body
    for path in job_files(job):
        path.unlink()


@pytest.mark.django_db
def test_a_quarterly_schedule_reports_the_previous_quarter(programme, parameters_2026):
    schedule = ReportScheduleFactory(programme=programme, frequency="quarterly")
    with mock.patch.object(tasks.render_report, "apply_async"):
        (job,) = actions.run_due_schedules(today=datetime.date(2026, 1, 10))
    assert (job.period_start, job.period_end) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
    )
    assert job.schedule == schedule


@pytest.mark.django_db
def test_a_stopped_schedule_orders_nothing(programme):
    ReportScheduleFactory(programme=programme, active=False)
    assert actions.run_due_schedules(today=datetime.date(2026, 3, 5)) == []


@pytest.mark.django_db
def test_an_individual_report_notice_names_no_worker(programme, coordinator, parameters_2026):
    from evaluation.models import ReportKind
    from workers.tests.factories import WorkerFactory

    worker = WorkerFactory(
        municipality=programme.municipality, first_name="Salli", last_name="Salainen"
    )
    job = ReportJobFactory(
        programme=programme,
        requested_by=coordinator,
        kind=ReportKind.INDIVIDUAL,
        worker=worker,
        status=JobStatus.DONE,
    )
    assert notices.notify_job_done(job)
    [message] = mail.outbox
    for text in (message.subject, message.body):
        assert "Salainen" not in text and "Salli" not in text
    assert message.subject == "Raportti valmis: Henkilökohtainen raportti työntekijälle, 2026"
