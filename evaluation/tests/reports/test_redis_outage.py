"""With Redis unreachable (the cache and the Celery broker), every write still succeeds.

Redis is made unreachable for real: the cache and the broker point at a local port that
nothing listens on, so each connection is refused as when Redis is stopped.
"""

import socket
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evaluation.models import JobStatus, ReportJob
from evaluation.reports import actions as report_actions
from ryhma.celery import app
from ryhma.models import AuditAction, AuditEvent
from ryhma.testing import page_forms
from services.conftest import day, make_crew
from services.hours.tests.test_views import grid_post, name, week_url
from services.models import SheetStatus, WeekSheet, WorkEntry
from workers.models import Worker

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    """A local port with nothing listening on it (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reset_celery_connections() -> None:
    # Celery's private connection and producer pools: dropped so that they connect anew.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def redis_unreachable(settings):
    url = f"redis://127.0.0.1:{closed_port()}/1"
    settings.CACHES = {"default": {"BACKEND": "ryhma.cache.TolerantRedisCache", "LOCATION": url}}
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=url)
    _reset_celery_connections()
    yield url
    app.conf.update(**saved)
    _reset_celery_connections()


def broker_back(settings_fixture) -> None:
    """Redis answers again (here: tasks run in-process, as without a broker)."""
    app.conf.update(task_always_eager=True, broker_url="memory://")
    _reset_celery_connections()
    settings_fixture.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


@pytest.fixture
def clean_report_files():
    yield
    for path in (Path(settings.MEDIA_ROOT) / "reports").glob("*/report-*.pdf"):
        path.unlink()


def test_hours_approval_worker_edit_and_report_request_all_succeed_while_redis_is_down(
    client,
    redis_unreachable,
    settings,
    staff,
    coordinator,
    association,
    programme,
    crew,
    clean_report_files,
):
    # The cache really is unreachable: a read is a miss, a write is dropped.
    cache.set("probe", 1)
    assert cache.get("probe") is None

    # Village staff save the crew's hours and send the week for approval.
    hours_crew = make_crew(association, 2)
    client.force_login(staff)
    assert client.get(week_url(association)).status_code == 200
    cells = {name(employment, 0): "7" for employment in hours_crew}
    response = grid_post(client, association, cells, action="submit")
    assert response.status_code == 302
    assert WorkEntry.objects.filter(employment__in=hours_crew, work_date=day(0)).count() == 2
    sheet = WeekSheet.objects.get(association=association)
    assert sheet.status == SheetStatus.SUBMITTED

    # The coordinator approves the week ...
    client.force_login(coordinator)
    assert client.get(reverse("services:approvals")).status_code == 200
    response = client.post(
        reverse("services:week_review", args=[sheet.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.APPROVED

    # ... edits a worker ...
    worker = hours_crew[0].worker
    edit_url = reverse("workers:edit", args=[worker.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    (form,) = [
        f
        for f in page_forms(page.content.decode())
        if any(control["name"] == "first_name" for control in f.controls)
    ]
    data = {c["name"]: c["value"] for c in form.controls if c["type"] not in ("submit",)}
    data["first_name"] = "Uusinimi"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Worker.objects.get(pk=worker.pk).first_name == "Uusinimi"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(worker.pk), actor=coordinator
    ).exists()
    assert "Uusinimi" in client.get(reverse("workers:detail", args=[worker.pk])).content.decode()

    # ... and asks for a report: the request is kept, pending, and the page answers.
    response = client.post(
        reverse("evaluation:report_list"),
        {
            "kind": "programme",
            "programme": programme.pk,
            "period_kind": "year",
            "year": 2026,
            "language": "fi",
        },
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evaluation:report_job", args=[job.pk])
    assert (job.status, job.sent_at) == (JobStatus.QUEUED, None)
    assert client.get(response.url).status_code == 200

    # While the broker is down, the sweeper cannot send it either, and keeps it.
    later = timezone.now() + report_actions.UNSENT_AFTER + timedelta(seconds=1)
    assert report_actions.sweep_stuck_jobs(now=later) == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.sent_at) == (JobStatus.QUEUED, None)

    # Redis is back: the sweeper's next round sends it, and the report gets made.
    broker_back(settings)
    assert report_actions.sweep_stuck_jobs(now=later) == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.sent_at is not None
    assert Path(job.file.path).read_bytes().startswith(b"%PDF")
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
